// `prepare` on a tiny made-up reference folder (Fixtures/TinyReference): values derived by hand,
// every drop counted and named by file and line, byte-identical reruns, and reading back.
import Foundation
import Testing
@testable import TwinPeaksBio

private func tinyConfiguration(_ output: String) -> DatasetPreparation.Configuration {
    var configuration = DatasetPreparation.Configuration(referenceDirectory: ReferenceFiles.fixture("TinyReference"),
                                                         outputDirectory: output)
    configuration.version = "test"
    return configuration
}

@Test func tinyReferenceGivesHandDerivedDeltaGs() throws {
    let (dataset, summary, _) = try DatasetPreparation.build(tinyConfiguration("/unused"))
    // 1ABC_A_B: distinct wild-type measurements (1 nM, 298 K, ref 111), (1 nM, 298.15 K, 111), (2 nM, 310 K, 222);
    // RT·ln: −12.2720, −12.2782, −12.3392; median −12.2782; the censored <1E-09 row is not a measurement.
    let skempi = try #require(dataset.complex("1ABC_A_B"))
    #expect(skempi.partner1 == Partner(chainIDs: "A", chains: ["MKVSL"]) && skempi.partner2.sequence == "GGWA")
    #expect(abs(skempi.deltaG!.value - (-12.2782)) < 1e-4 && skempi.deltaG!.qualifier == .exact)
    #expect(skempi.measurementCount == 3 && skempi.temperatureKelvin == 298.15)
    // PDBbind 2abc: Kd = 0.34 nM at 298.15 K → 0.5924849 × ln(3.4e-10) = −12.9174; a two-chain partner.
    let pdbbind = try #require(dataset.complex("PDBbind:2abc"))
    #expect(abs(pdbbind.deltaG!.value - (-12.9174)) < 1e-4)
    #expect(pdbbind.partner1.chains == ["MKTAY", "QVQLV"] && pdbbind.partner1.chainIDs == "AB")
    // IC50 is kept but flagged; Ki<10uM keeps its bound; full-length UniProt sequences are marked.
    #expect(dataset.complex("PDBbind:3abc")?.affinityType == .ic50)
    #expect(dataset.complex("PDBbind:3abc")?.hasExactEquilibriumDeltaG == false)
    let censored = try #require(dataset.complex("PDBbind:4abc")?.deltaG)
    #expect(censored.qualifier == .lessThan && abs(censored.value - (-6.8212)) < 1e-4)
    #expect(dataset.complex("PDBbind:7abc")?.sequenceType == .uniprotFullLength)
    #expect(dataset.complex("PDBbind:1abc") == nil)  // SKEMPI gives its wild type
    #expect(summary.droppedCount("PDBbind entries: also in SKEMPI (SKEMPI wild type kept)") == 1)
    #expect(summary.droppedCount("PDBbind entries: no partner sequences in pdbbind_pp_sequences.tsv") == 1)
    #expect(summary.droppedCount("PDBbind partner-sequence rows: no entry in the export") == 1)
}

@Test func tinyReferenceMutationRecordsCarryQualifiersAndStatus() throws {
    let (dataset, _, _) = try DatasetPreparation.build(tinyConfiguration("/unused"))
    let byLine = Dictionary(uniqueKeysWithValues: dataset.mutations.map { ($0.sourceLine, $0) })
    #expect(byLine.keys.sorted() == [2, 3, 4, 5, 9])
    // Line 2: Kd 10 nM vs 1 nM at 298 K: ΔΔG = RT·ln 10 = 0.5921869 × 2.302585 = 1.3636.
    let two = try #require(byLine[2])
    #expect(two.deltaDeltaG!.qualifier == .exact && abs(two.deltaDeltaG!.value - 1.3636) < 1e-4)
    #expect(two.mutations.description == "KA2A" && two.mutationsPDB == "KA11A")
    #expect(two.partner1MutantKeys == [MD5.hex("MAVSL")] && two.partner2MutantKeys == [MD5.hex("GGWA")])
    #expect(dataset.sequences[MD5.hex("MAVSL")] == "MAVSL")
    let sites = try byLine[3]!.sites(in: dataset.complex("1ABC_A_B")!)
    #expect(sites.map { [$0.partner, $0.chainIndex, $0.position] } == [[1, 0, 2], [2, 0, 3]])
    // Line 3: mutant >1E-05 against an exact wild type at 298.15 K: ΔΔG > RT·ln 1e4 = 5.4570.
    let three = try #require(byLine[3])
    #expect(three.deltaDeltaG == QualifiedValue(.greaterThan, three.deltaDeltaG!.value) && abs(three.deltaDeltaG!.value - 5.4570) < 1e-4)
    #expect(three.status == .censored && three.temperatureKelvin == 298.15 && three.mutations.count == 2)
    // Line 4 (insertion code 12a → SEP, S): a non-binder; line 5: unfolded; line 9: both censored below.
    #expect(byLine[4]!.status == .nonBinding && byLine[4]!.deltaDeltaG == nil && byLine[4]!.deltaGMutant == nil)
    #expect(byLine[4]!.mutations.description == "SA4A" && byLine[4]!.mutationsPDB == "SA12AA")
    #expect(byLine[5]!.status == .unfolded && byLine[5]!.deltaDeltaG == nil)
    #expect(byLine[9]!.deltaDeltaG == nil && byLine[9]!.wildTypeStatus == .censored)
}

@Test func badRowsAreDroppedCountedAndNamedByLine() throws {
    let (_, summary, _) = try DatasetPreparation.build(tinyConfiguration("/unused"))
    let rejected = summary.rejected.map { "\($0.error)" }
    #expect(rejected.contains { $0.hasPrefix("skempi_v2.csv:6: Mutation(s)_cleaned LA2A: wild type L, but 1ABC chain A has K") })
    #expect(rejected.contains { $0.hasPrefix("skempi_v2.csv:7: Mutation(s)_PDB: malformed mutation 'KA1x1A'") })
    #expect(rejected.contains { $0.hasPrefix("skempi_v2.csv:8: Affinity_mut (M): unparsable affinity 'abc'") })
    #expect(rejected.contains { $0.hasPrefix("PDBbind_v2020_PP_pdbbindcn_export.csv:7: Affinity Data: unparsable affinity 'Kd=abcnM'") })
    #expect(summary.droppedCount("SKEMPI rows: mutation does not match the structure") == 1)
    #expect(summary.droppedCount("SKEMPI rows: malformed mutation") == 1)
    #expect(summary.droppedCount("SKEMPI rows: unparsable affinity") == 1)
    #expect(summary.count("SKEMPI rows read") == 8 && summary.count("SKEMPI mutation records") == 5)
}

@Test func strictModeStopsAtTheFirstBadRowWithItsLine() {
    var configuration = tinyConfiguration("/unused")
    configuration.strict = true
    #expect { try DatasetPreparation.build(configuration) } throws: { error in
        "\(error)".hasPrefix("skempi_v2.csv:7: Mutation(s)_PDB: malformed mutation 'KA1x1A'")
    }
}

@Test func rerunsAreByteIdenticalAndReadBack() throws {
    let directory = try TemporaryDirectory()
    var digests: [[String: String]] = []
    for run in 0..<2 {
        let output = directory.path + "/dataset\(run)"
        try DatasetPreparation.run(tinyConfiguration(output))
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: output) {
            files[name] = MD5.hex(try Data(contentsOf: URL(fileURLWithPath: output + "/" + name)))
        }
        digests.append(files)
    }
    #expect(digests[0].keys.sorted() == ["complexes.tsv", "contacts.tsv", "interface.tsv", "mutations.tsv", "provenance.json", "sequences.fasta"])
    #expect(digests[0] == digests[1])
    let (built, _, _) = try DatasetPreparation.build(tinyConfiguration("/unused"))
    let loaded = try Dataset.load(from: directory.path + "/dataset0")
    #expect(loaded.complexes.count == built.complexes.count && loaded.mutations.count == built.mutations.count)
    #expect(loaded.sequences == built.sequences)
    // The interface labels read back as written (distances to the table's 2 decimals).
    #expect(loaded.interfaces.keys.sorted() == built.interfaces.keys.sorted() && !built.interfaces.isEmpty)
    for (id, interface) in built.interfaces {
        for side in 0..<2 {
            for (a, b) in zip(loaded.interfaces[id]!.minimumDistance[side], interface.minimumDistance[side]) { #expect(abs(a - b) <= 0.005) }
            // And the buried areas to the table's 1 decimal.
            let (read, computed) = (loaded.interfaces[id]!.buriedArea, interface.buriedArea)
            #expect(read?[side].count == computed?[side].count && computed != nil)
            for (a, b) in zip(read?[side] ?? [], computed?[side] ?? []) { #expect(abs(a - b) <= 0.05) }
        }
    }
    for (a, b) in zip(loaded.complexes, built.complexes) {
        #expect(a.complexID == b.complexID && a.partner1 == b.partner1 && a.partner2 == b.partner2)
        #expect(a.deltaG?.qualifier == b.deltaG?.qualifier && abs((a.deltaG?.value ?? 0) - (b.deltaG?.value ?? 0)) < 1e-4)
    }
    for (a, b) in zip(loaded.mutations, built.mutations) {
        #expect(a.mutations == b.mutations && a.status == b.status && a.partner1MutantKeys == b.partner1MutantKeys)
        #expect(a.deltaDeltaG?.qualifier == b.deltaDeltaG?.qualifier)
    }
}

@Test func loadingAnIncompleteDatasetSaysSo() throws {
    let directory = try TemporaryDirectory()
    #expect { try Dataset.load(from: directory.path) } throws: { error in "\(error)".contains("provenance.json") }
}
