// The SKEMPI table reader on made-up rows: every affinity and temperature form, complex ids, and
// errors that name the file and line.
import Testing
@testable import TwinPeaksBio

private let header = "#Pdb;Mutation(s)_PDB;Mutation(s)_cleaned;Affinity_mut (M);Affinity_mut_parsed;Affinity_wt (M);Affinity_wt_parsed;Reference;Protein 1;Protein 2;Temperature;Method"

private func table(_ rows: [String]) -> TextFile {
    TextFile(name: "skempi_v2.csv", text: ([header] + rows).joined(separator: "\n") + "\n")
}

@Test func affinityCellsOfEveryFormParse() throws {
    #expect(try SKEMPIAffinity(parsing: "5.26E-11") == .constant(.exact(5.26e-11)))
    #expect(try SKEMPIAffinity(parsing: "<1E-11") == .constant(QualifiedValue(.lessThan, 1e-11)))
    #expect(try SKEMPIAffinity(parsing: ">1.5E-04") == .constant(QualifiedValue(.greaterThan, 1.5e-4)))
    #expect(try SKEMPIAffinity(parsing: "~2.2E-14") == .constant(QualifiedValue(.approximate, 2.2e-14)))
    #expect(try SKEMPIAffinity(parsing: "n.b") == .nonBinding && (try SKEMPIAffinity(parsing: "n.b.")) == .nonBinding)
    #expect(try SKEMPIAffinity(parsing: "unf") == .unfolded)
    #expect(try SKEMPIAffinity(parsing: "unf").status == .unfolded)
}

@Test func temperaturesAndComplexIdsParse() throws {
    #expect(try SKEMPIEntry.temperature(parsing: "298(assumed)") == (298, true))
    #expect(try SKEMPIEntry.temperature(parsing: "") == (298.15, true))
    #expect(try SKEMPIEntry.temperature(parsing: "310") == (310, false))
    #expect(throws: InputError.self) { try SKEMPIEntry.temperature(parsing: "warm") }
    let (pdb, one, two) = try SKEMPIEntry.partners(ofComplex: "1AO7_ABC_DE")
    #expect(pdb == "1AO7" && one == ["A", "B", "C"] && two == ["D", "E"])
    for bad in ["1AO7_ABC", "1AO7_AB_BC", "1AO7__D", "1AO_A_B"] {
        #expect(throws: InputError.self, "\(bad)") { try SKEMPIEntry.partners(ofComplex: bad) }
    }
}

@Test func badRowsNameTheFileAndLine() {
    let good = "1CSE_E_I;LI45G;LI38G;5.26E-11;5.26E-11;1.12E-12;1.12E-12;9048543;a;b;294;IASP"
    let cases = [
        ("1CSE_E_I;LI45G;LI3x8G;5.26E-11;5.26E-11;1.12E-12;1.12E-12;1;a;b;294;IASP", "skempi_v2.csv:3: Mutation(s)_cleaned: malformed mutation 'LI3x8G'"),
        ("1CSE_E_I;LI45G;LI38G;5,26E-11;5.26E-11;1.12E-12;1.12E-12;1;a;b;294;IASP", "skempi_v2.csv:3: Affinity_mut (M): unparsable affinity '5,26E-11'"),
        ("1CSE_E_I;LI45G;LI38G;5.26E-11;5.26E-10;1.12E-12;1.12E-12;1;a;b;294;IASP", "skempi_v2.csv:3: Affinity_mut (M) '5.26E-11' disagrees"),
        ("1CSE_E_I;LX45G;LX38G;5.26E-11;5.26E-11;1.12E-12;1.12E-12;1;a;b;294;IASP", "skempi_v2.csv:3: mutation LX45G is on chain X"),
        ("1CSE_E_I;LI45G;LI38G;5.26E-11;5.26E-11;1.12E-12;1.12E-12;1;a;b", "skempi_v2.csv:3: 10 fields; expected 12"),
    ]
    for (row, message) in cases {
        #expect(throws: InputError.self) { try SKEMPITable.parse(table([good, row])) }
        do { _ = try SKEMPITable.parse(table([good, row])) } catch { #expect("\(error)".hasPrefix(message), "\(error)") }
        let lenient = try? SKEMPITable.parse(table([good, row]), strict: false)
        #expect(lenient?.entries.count == 1 && lenient?.rejected.count == 1 && lenient?.rowCount == 2)
    }
}

@Test func aWildTypeMismatchNamesTheMutationAndResidue() throws {
    let structures = try ReferenceFiles.skempiStructures.get()
    let entries = try SKEMPITable.parse(table(["1CSE_E_I;AI45G;AI38G;5.26E-11;5.26E-11;1.12E-12;1.12E-12;1;a;b;294;IASP"])).entries
    #expect { try structures["1CSE"]!.sequenceMutations(of: entries[0]) } throws: { error in
        "\(error)".hasPrefix("Mutation(s)_cleaned AI38G: wild type A, but 1CSE chain I has L (LEU) there (sequence position 38)")
    }
}
