// SKEMPI v2 on the real files in Reference/: every row read, every mutation resolved through both
// numberings, and the chain sequences of all 345 cleaned structures as in the staged table.
import Foundation
import Testing
@testable import TwinPeaksBio

@Test func allSKEMPIRowsAreReadWithEveryAffinityFormKept() throws {
    let table = try ReferenceFiles.skempiTable.get()
    #expect(table.rowCount == 7_085)
    // Two 2C5D rows list one mutation twice (`RA310E,KA312E,RB310E,KA312E`): the mutant is unknown.
    #expect(table.rejected.map(\.reason) == ["a mutation written twice", "a mutation written twice"])
    #expect(table.rejected.map(\.error.place) == ["skempi_v2.csv:6151", "skempi_v2.csv:6157"])
    let entries = table.entries
    #expect(Set(entries.map(\.complexID)).count == 348)
    #expect(Set(entries.map(\.pdbID)).count == 345)
    var mutant: [String: Int] = [:]
    for entry in entries {
        switch entry.affinityMutant {
        case .constant(let value): mutant[value.qualifier.rawValue, default: 0] += 1
        case .nonBinding: mutant["n.b", default: 0] += 1
        case .unfolded: mutant["unf", default: 0] += 1
        }
    }
    // Counts of the distinct forms of `Affinity_mut (M)` (awk over the file: 228 `n.b` + 50 `n.b.`).
    #expect(mutant == ["=": 6_640 - 2, "~": 1, "<": 30, ">": 129, "n.b": 278, "unf": 7])
    #expect(entries.filter { $0.affinityWildType.constant?.qualifier == .lessThan }.count == 41)
    #expect(entries.filter { $0.affinityWildType == .nonBinding }.count == 2)
    #expect(entries.filter(\.temperatureAssumed).count == 2_351 + 4 - 2)  // both rejected rows say 298(assumed)
    #expect(entries.first { $0.line == 2 }?.temperatureKelvin == 294)
}

@Test func everyMutationResolvesThroughBothNumberingsWithItsWildType() throws {
    let table = try ReferenceFiles.skempiTable.get()
    let structures = try ReferenceFiles.skempiStructures.get()
    var resolved = 0, singleRows = 0
    for entry in table.entries {
        let structure = try #require(structures[entry.pdbID])
        do {
            let set = try structure.sequenceMutations(of: entry)
            resolved += set.count
            if set.count == 1 { singleRows += 1 }
        } catch {
            Issue.record("skempi_v2.csv:\(entry.line): \(error)")
        }
    }
    // The two rejected 2C5D rows: each of their mutations resolves on its own, in both numberings.
    let lines = try TextFile(path: ReferenceFiles.path("skempi/skempi_v2.csv")).lines
    let structure = try #require(structures["2C5D"])
    for rejected in table.rejected {
        let line = Int(rejected.error.place.split(separator: ":").last!)!
        let fields = lines[line - 1].split(separator: ";").map(String.init)
        for (pdbText, cleanedText) in zip(fields[1].split(separator: ","), fields[2].split(separator: ",")) {
            let pdb = try PointMutation(parsing: String(pdbText)), cleaned = try PointMutation(parsing: String(cleanedText))
            let viaPDB = structure.position(chain: pdb.chain, original: ResidueID(pdb.residueNumber, pdb.insertionCode))
            let viaCleaned = structure.position(chain: cleaned.chain, cleanedNumber: cleaned.residueNumber)
            #expect(viaPDB != nil && viaPDB == viaCleaned)
            #expect(structure.chain(pdb.chain)?.residues[viaPDB! - 1] == pdb.wildType)
            resolved += 1
        }
    }
    // SOURCES.md: 12,324 single-site mutations in the 7,085 rows (5,112 rows with one mutation).
    #expect(resolved == 12_324)
    #expect(singleRows == 5_112)
}

@Test func theStructureParserReproducesAllChainSequences() throws {
    let structures = try ReferenceFiles.skempiStructures.get()
    let table = try TextFile(path: ReferenceFiles.fixture("skempi2_chain_sequences.tsv.gz")).lines.dropFirst()
    var compared = 0
    for row in table where !row.isEmpty {
        let fields = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let (pdb, chainID, sequence, nonstandard) = (fields[0], fields[1], fields[3], fields[6])
        let chain = try #require(structures[pdb]?.structure.chain(chainID), "\(pdb) \(chainID)")
        if pdb == "1KBH" {
            // 1KBH (NMR): the staged table concatenates the 20 models of the cleaned file; the parser
            // keeps the first model and says so in its notes.
            #expect(sequence == String(repeating: chain.sequence, count: 20), "1KBH \(chainID)")
            #expect(structures[pdb]!.structure.notes.contains { $0.contains("chain \(chainID):") && $0.contains("19 further copies") })
        } else {
            #expect(chain.sequence == sequence, "\(pdb) \(chainID)")
            let names = zip(chain.residueNames, chain.residues).enumerated()
                .filter { AminoAcid(threeLetter: $0.element.0) == nil || $0.element.0 == "UNK" }
                .map { "\($0.element.0)\($0.offset + 1):\($0.element.1.oneLetter)" }
            #expect(names.joined(separator: ";") == nonstandard, "\(pdb) \(chainID)")
        }
        compared += 1
    }
    #expect(compared == 918)
    #expect(structures.values.reduce(0) { $0 + $1.structure.chains.count } == 918)
}
