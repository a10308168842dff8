// Import of embedding files in the bio_embeddings, ProtTrans and plain layouts, written here
// through the raw HDF5 C API the way those tools write them, and every import error on a bad file.
import Foundation
import Testing
import TwinPeaksBio
@testable import TwinPeaksEmbedding

/// MD5 hex digests computed with coreutils `md5sum` (printf '%s' SEQ | md5sum), independent of TwinPeaks.
let knownMD5: [String: String] = [
    "MKVLA": "78f24a5d046064dc4f4b7bf0b4386891",
    "GSHMWE": "20f779c86e179c0ca9ed5c035277d2a5",
    "PEPTIDEK": "b2e7060b69df2438e53d7c8d89a80bf9",
    "ACDEFGHIKLMNPQRSTVWY": "638ef73a7502450731f6bfb2c2dd8747",
    barnase: "4a193a0449420c3e8d8c406428aaf709",
]

func md5ForTest(_ sequence: String) -> String { knownMD5[sequence] ?? "no-md5-for-\(sequence)" }

func target(_ sequence: String, _ identifier: String? = nil) -> EmbeddingTarget {
    EmbeddingTarget(key: md5ForTest(sequence), identifier: identifier ?? md5ForTest(sequence), sequence: sequence)
}

/// Rows `range` of a row-major matrix with `d` columns.
func rows(_ values: [Float], _ range: Range<Int>, d: Int) -> [Float] { Array(values[(range.lowerBound * d)..<(range.upperBound * d)]) }

@Test func bioEmbeddingsFileWithMD5KeysAndESMTokensIsImported() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("reduced_embeddings_file.h5")
    let d = 16
    let plain = seededValues(5 * d, seed: 10)             // MKVLA: exactly L rows
    let esm = seededValues((110 + 2) * d, seed: 11)        // barnase: ESM <cls> … <eos>, L+2 rows
    let byOriginalId = seededValues(6 * d, seed: 12)       // GSHMWE: found through original_id only
    do {
        let file = RawHDF5Writer(path)
        file.floats(knownMD5["MKVLA"]!, shape: [5, d], plain)
        file.stringAttribute("original_id", "chainA", on: knownMD5["MKVLA"]!)
        file.floats(knownMD5[barnase]!, shape: [112, d], esm)
        file.stringAttribute("original_id", "barnase", on: knownMD5[barnase]!)
        file.floats("0f00ba11", shape: [6, d], byOriginalId)
        file.stringAttribute("original_id", "chainC", on: "0f00ba11")
    }
    let records = [(id: "chainA", sequence: "MKVLA"), (id: "barnase", sequence: barnase), (id: "chainC", sequence: "GSHMWE")]
    let imported = try ImportedEmbeddings(path: path, format: .bioEmbeddings, records: records, sequenceHash: md5ForTest)
    let targets = [target("MKVLA"), target(barnase), target("GSHMWE")]
    #expect(imported.dimension == d)
    #expect(imported.problems(for: targets).isEmpty)
    #expect(try imported.features(for: targets[0]) == plain)
    #expect(try imported.features(for: targets[1]) == rows(esm, 1..<111, d: d))
    #expect(try imported.features(for: targets[2]) == byOriginalId)
    #expect(try imported.features(for: residues(of: barnase, record: "b")) == rows(esm, 1..<111, d: d))
}

@Test func protTransResidueEmbeddingsKeyedByFastaIdAreImported() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("residue_embeddings.h5")
    let d = 24
    let withEnd = seededValues((8 + 1) * d, seed: 20)  // PEPTIDEK with ProtT5's </s> row
    let exact = seededValues(5 * d, seed: 21)
    do {
        let file = RawHDF5Writer(path)
        // prott5_embedder.py replaces '/' and '.' in the header with '_'; it writes float16 in half mode.
        file.floats("sp_P00001_1", shape: [9, d], withEnd, as: .float16)
        file.floats("chainA", shape: [5, d], exact, as: .float16)
    }
    let records = [(id: "sp/P00001.1", sequence: "peptidek"), (id: "chainA", sequence: "MKVLA")]
    let imported = try ImportedEmbeddings(path: path, format: .protTrans, records: records, name: "prot_t5_xl_half_uniref50-enc",
                                          layer: 24, sequenceHash: md5ForTest)
    let targets = [target("PEPTIDEK"), target("MKVLA")]
    #expect(imported.problems(for: targets).isEmpty)
    let read = try imported.features(for: targets[0])
    let expected = rows(withEnd, 0..<8, d: d)
    #expect(read.count == expected.count)
    for (a, b) in zip(expected, read) { #expect(abs(a - b) <= abs(a) * 0.00048828125 + 3e-8) }
    #expect(imported.name == "prot_t5_xl_half_uniref50-enc" && imported.layer == 24)
}

@Test func plainLayoutInFloat64IsImported() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("plain.h5")
    let d = 20
    let values = seededValues(20 * d, seed: 30)
    do {
        let file = RawHDF5Writer(path)
        file.floats("all20", shape: [20, d], values, as: .float64)
    }
    let imported = try ImportedEmbeddings(path: path, format: .plain, records: [(id: "all20", sequence: "ACDEFGHIKLMNPQRSTVWY")],
                                          sequenceHash: md5ForTest)
    #expect(try imported.features(for: target("ACDEFGHIKLMNPQRSTVWY", "all20")) == values)
}

@Test func everyImportProblemIsListedAndNamesItsKey() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("bad.h5")
    do {
        let file = RawHDF5Writer(path)
        file.floats("good", shape: [5, 8], seededValues(40, seed: 1))
        file.floats("too_long", shape: [9, 8], seededValues(72, seed: 2))   // GSHMWE has 6 residues: 9 = L+3
        file.floats("too_wide", shape: [8, 9], seededValues(72, seed: 3))   // PEPTIDEK, D 9 instead of 8
        file.floats("flat", shape: [20], seededValues(20, seed: 4))         // not an [L, D] matrix
        file.floats("also_good", shape: [112, 8], seededValues(896, seed: 5))
    }
    let records = [(id: "good", sequence: "MKVLA"), (id: "too_long", sequence: "GSHMWE"), (id: "too_wide", sequence: "PEPTIDEK"),
                   (id: "flat", sequence: "ACDEFGHIKLMNPQRSTVWY"), (id: "absent", sequence: "MKVLAMKVLA"),
                   (id: "also_good", sequence: barnase)]
    let imported = try ImportedEmbeddings(path: path, format: .plain, records: records, sequenceHash: md5ForTest)
    #expect(imported.dimension == 8)
    let targets = [target("MKVLA"), target("GSHMWE"), target("PEPTIDEK"), target("ACDEFGHIKLMNPQRSTVWY"),
                   EmbeddingTarget(key: "k-absent", identifier: "k-absent", sequence: "MKVLAMKVLA"),
                   EmbeddingTarget(key: "k-nofasta", identifier: "k-nofasta", sequence: "WWWW"), target(barnase)]
    let problems = imported.problems(for: targets).map(\.description)
    #expect(problems.count == 5, "\(problems)")
    func problem(_ key: String) -> String { problems.first { $0.contains(key) } ?? "none for \(key)" }
    #expect(problem("'too_long'").contains("9 rows") && problem("'too_long'").contains("6 residues"))
    #expect(problem("'too_wide'").contains("dimension 9") && problem("'too_wide'").contains("have 8"))
    #expect(problem("'flat'").contains("[20]"))
    #expect(problem("'absent'").contains("no embedding"))
    #expect(problem("k-nofasta").contains("no record of the import FASTA"))
    // Reading one of them throws the same error.
    #expect(throws: InputError.self) { try imported.features(for: targets[1]) }
    #expect(try imported.features(for: targets[0]).count == 40)
}

@Test func nonFloatAndNonFiniteEntriesAreErrorsNamingTheKey() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("types.h5")
    do {
        let file = RawHDF5Writer(path)
        file.integers("ints", shape: [5, 2], Array(repeating: 1, count: 10))
        file.floats("nan", shape: [6, 2], [1, 2, 3, .nan, 5, 6, 7, 8, 9, 10, 11, 12])
    }
    let imported = try ImportedEmbeddings(path: path, format: .plain,
                                          records: [(id: "ints", sequence: "MKVLA"), (id: "nan", sequence: "GSHMWE")],
                                          sequenceHash: md5ForTest)
    #expect(imported.problems(for: [target("MKVLA"), target("GSHMWE")]).isEmpty)  // shapes are fine
    #expect { try imported.features(for: target("MKVLA")) } throws: { "\($0)".contains("'ints'") }
    #expect { try imported.features(for: target("GSHMWE")) } throws: { "\($0)".contains("'nan'") && "\($0)".contains("NaN") }
}

@Test func specialTokenRuleDropsOnlyKnownExporterTokens() {
    #expect(ImportedEmbeddings.specialTokens(rows: 10, residues: 10)! == (0, 0))
    #expect(ImportedEmbeddings.specialTokens(rows: 11, residues: 10)! == (0, 1))
    #expect(ImportedEmbeddings.specialTokens(rows: 12, residues: 10)! == (1, 1))
    #expect(ImportedEmbeddings.specialTokens(rows: 13, residues: 10) == nil)
    #expect(ImportedEmbeddings.specialTokens(rows: 9, residues: 10) == nil)
}

@Test func bioEmbeddingsKeysAreFoundWithTheBuiltInMD5() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("embeddings_file.h5")
    let values = seededValues(8 * 3, seed: 40)
    do {
        let file = RawHDF5Writer(path)
        file.floats(knownMD5["PEPTIDEK"]!, shape: [8, 3], values)  // md5sum's digest, no original_id needed
    }
    let imported = try ImportedEmbeddings(path: path, format: .bioEmbeddings, records: [(id: "p", sequence: "PEPTIDEK")])
    #expect(try imported.features(for: target("PEPTIDEK")) == values)
}
