// Interface labels from structures: a made-up two-chain file with distances worked out by hand,
// and the real 1CSE (subtilisin Carlsberg with eglin c) against a brute-force all-atom search and
// what is known of that interface (eglin c's reactive-site loop, P1 Leu45, sits in the active site).
import Foundation
import Testing
@testable import TwinPeaksBio

private let twoChains = """
ATOM      1  CA  ALA A   1       0.000   0.000   0.000  1.00  0.00           C
ATOM      2  CA  GLY A   2      10.000   0.000   0.000  1.00  0.00           C
TER
ATOM      3  CA  SER B   1       3.000   4.000   0.000  1.00  0.00           C
ATOM      4  H   SER B   1       0.000   0.000   0.500  1.00  0.00           H
ATOM      5  CB  SER B   1      30.000   0.000   0.000  1.00  0.00           C
TER
END
"""

@Test func interfaceDistancesOnAMadeUpComplexAreTheHandValues() throws {
    let file = TextFile(name: "two.pdb", text: twoChains)
    let structure = try PDBFormat.parse(file)
    let atoms = try StructureAtoms.read(file, structure: structure)
    #expect(atoms.atoms["B"]![0].count == 2)  // the hydrogen is dropped
    let interface = try InterfaceLabels.compute(structure: structure, atoms: atoms, partner1: ["A"], partner2: ["B"])
    #expect(abs(interface.minimumDistance[0][0] - 5) < 1e-5)
    #expect(abs(interface.minimumDistance[0][1] - Float(65).squareRoot()) < 1e-5)
    #expect(abs(interface.minimumDistance[1][0] - 5) < 1e-5)
    #expect(interface.interfaceFlags(partner: 0) == [1, 0])
    // The only pair within 5 Å: A1–B1, exactly at the cut-off.
    #expect(interface.contacts.map { [$0.position1, $0.position2] } == [[0, 0]])
    #expect(abs(interface.contacts[0].distance - 5) < 1e-5)
}

@Test func interfaceOf1CSEMatchesABruteForceSearchAndTheReactiveLoop() throws {
    let (structure, atoms, interface) = try ReferenceFiles.eglin.get()
    let enzyme = atoms.atoms["E"]!, inhibitor = atoms.atoms["I"]!
    #expect(interface.minimumDistance[0].count == structure.chain("E")!.count)
    #expect(interface.minimumDistance[1].count == structure.chain("I")!.count)
    // Brute force, no pruning: every residue's distance, capped as the labels are.
    for (side, (mine, theirs)) in [(enzyme, inhibitor), (inhibitor, enzyme)].enumerated() {
        let everyAtom = theirs.flatMap { $0 }
        for (i, residue) in mine.enumerated() {
            var best = Float.infinity
            for a in residue { for b in everyAtom { best = min(best, ((a - b) * (a - b)).sum()) } }
            let expected = min(best.squareRoot(), InterfaceLabels.distanceCap)
            #expect(abs(interface.minimumDistance[side][i] - expected) < 1e-4, "partner \(side + 1) residue \(i + 1)")
        }
    }
    // Brute force for the contact map: every residue pair within the cut-off, no pruning.
    var expectedContacts: [[Int]] = []
    for (i, a) in enzyme.enumerated() {
        for (j, b) in inhibitor.enumerated() where !a.isEmpty && !b.isEmpty {
            let best = a.flatMap { x in b.map { y in ((x - y) * (x - y)).sum() } }.min()!.squareRoot()
            if best <= InterfaceLabels.interfaceCutoff { expectedContacts.append([i, j]) }
        }
    }
    #expect(interface.contacts.map { [$0.position1, $0.position2] } == expectedContacts)
    #expect(expectedContacts.count > 20)
    // Each partner's interface residues are exactly those with a contact.
    #expect(Set(interface.contacts.map(\.position1)) == Set(interface.interfaceFlags(partner: 0).indices.filter { interface.interfaceFlags(partner: 0)[$0] == 1 }))
    // Eglin c's P1 residue, Leu45 in the original PDB numbering (38 in SKEMPI's cleaned file, through
    // its mapping), binds in subtilisin's S1 pocket.
    let skempi = try SKEMPIStructure.load(pdbID: "1CSE", directory: ReferenceFiles.path("skempi/pdbs"))
    let p1 = try #require(skempi.position(chain: "I", original: ResidueID(45)))
    #expect(structure.chain("I")!.residues[p1 - 1] == .leu)
    #expect(interface.minimumDistance[1][p1 - 1] < 4)
    // A protease–inhibitor interface is a small part of each partner.
    for side in 0..<2 {
        let fraction = interface.interfaceFlags(partner: side).reduce(0, +) / Float(interface.minimumDistance[side].count)
        #expect(fraction > 0.03 && fraction < 0.35)
    }
}

@Test func contactsRoundTripThroughTheDatasetFilesAndBadRowsNameTheLine() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/contacts.tsv"
    let interface = ComplexInterface(partner1: [3.2, 20], partner2: [20, 3.2, 4.1],
                                     contacts: [ResidueContact(position1: 0, position2: 1, distance: 3.2),
                                                ResidueContact(position1: 0, position2: 2, distance: 4.1)])
    try (ContactTable.header + ContactTable.rows(complexID: "X_A_B", interface: interface)).write(toFile: path, atomically: true, encoding: .utf8)
    var interfaces = ["X_A_B": ComplexInterface(partner1: [3.2, 20], partner2: [20, 3.2, 4.1])]
    try ContactTable.read(path: path, into: &interfaces)
    #expect(interfaces["X_A_B"] == interface)

    // A position past the partner's end, an unknown complex, and a contact closer than its residue's minimum.
    for (row, expected) in [("X_A_B\t3\t1\t3.20", "position1 in 1...2"), ("Y_A_B\t1\t1\t3.20", "complex Y_A_B"),
                            ("X_A_B\t1\t3\t2.00", "closer than")] {
        try (ContactTable.header + row + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        var fresh = ["X_A_B": ComplexInterface(partner1: [3.2, 20], partner2: [20, 3.2, 4.1])]
        let error = #expect(throws: InputError.self) { try ContactTable.read(path: path, into: &fresh) }
        #expect(error.map { "\($0)".contains("contacts.tsv:2") && "\($0)".contains(expected) } == true, "\(String(describing: error))")
    }
}
