// Mutation notation: parsing, insertion codes, application with wild-type checks.
import Testing
@testable import TwinPeaksBio

@Test func parsesPlainAndInsertionCodeMutations() throws {
    let plain = try PointMutation(parsing: "KA15A")
    #expect(plain.wildType == .lys && plain.chain == "A" && plain.residueNumber == 15 && plain.mutant == .ala)
    #expect(plain.insertionCode == nil)
    let inserted = try PointMutation(parsing: "RD100bA")
    #expect(inserted.residueNumber == 100 && inserted.insertionCode == "B" && inserted.description == "RD100BA")
    #expect(try PointMutation(parsing: "RD100BA") == inserted)
    #expect(try PointMutation(parsing: "GA-3W").residueNumber == -3)
    // A real SKEMPI multi-mutant (skempi_v2.csv line 21, 1TM1_E_I, Mutation(s)_PDB).
    let set = try MutationSet(parsing: "RI67A,RI65A")
    #expect(set.count == 2 && set.mutations[1].residueNumber == 65 && set.mutations[1].chain == "I")
}

@Test func rejectsMalformedMutationsWithTheText() {
    for bad in ["", "K15A", "KA15", "ZA15A", "KA1x5A", "KA15A,KA15G", "kA15A"] {
        #expect(throws: InputError.self, "\(bad) should be rejected") { try MutationSet(parsing: bad) }
    }
    do {
        _ = try PointMutation(parsing: "KAxyA")
        Issue.record("KAxyA parsed")
    } catch let error as InputError {
        #expect(error.description.contains("KAxyA"))
    } catch { Issue.record("unexpected \(error)") }
}

@Test func applyingChecksTheWildTypeAndPosition() throws {
    let chains: [Character: [AminoAcid]] = ["A": try residues(of: "MKVL", record: "t"), "B": try residues(of: "GG", record: "t")]
    let mutated = try MutationSet(parsing: "KA2A,GB1W").applied(to: chains)
    #expect(String(mutated["A"]!.map(\.oneLetter)) == "MAVL")
    #expect(String(mutated["B"]!.map(\.oneLetter)) == "WG")
    #expect(throws: InputError.self) { try MutationSet(parsing: "RA2A").applied(to: chains) }
    #expect(throws: InputError.self) { try MutationSet(parsing: "KA9A").applied(to: chains) }
    #expect(throws: InputError.self) { try MutationSet(parsing: "KC2A").applied(to: chains) }
    do {
        _ = try MutationSet(parsing: "RA2A").applied(to: chains)
    } catch let error as InputError {
        #expect(error.description == "mutation RA2A: wild type R, but the sequence has K at 2")
    }
}

@Test func unknownResidueLettersAreRejectedWithThePosition() {
    #expect(throws: InputError.self) { try residues(of: "MKB", record: "r1") }
    #expect((try? residues(of: "mkx", record: "r1")) == [.met, .lys, .unknown])
}
