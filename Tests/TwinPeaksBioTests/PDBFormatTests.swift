// PDB reader on small made-up files: models, alternate locations, modified residues, TER, errors.
import Foundation
import Testing
@testable import TwinPeaksBio

/// One ATOM/HETATM line in PDB columns (x, y, z fixed at 1.000).
func pdbAtom(_ serial: Int, _ residue: String, _ chain: String, _ number: Int, code: String = " ", atom: String = " CA ",
             altLoc: String = " ", het: Bool = false) -> String {
    func right(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
    let record = het ? "HETATM" : "ATOM  "
    return record + right(String(serial), 5) + " " + atom + altLoc + right(residue, 3) + " " + chain + right(String(number), 4)
        + code + "   " + "   1.000   1.000   1.000  1.00 20.00           C  "
}

@Test func keepsTheFirstModelAndTheFirstAlternateLocation() throws {
    let lines = [
        "MODEL        1",
        pdbAtom(1, "MET", "A", 1), pdbAtom(2, "MET", "A", 1, atom: " CB "),
        pdbAtom(3, "SER", "A", 2, altLoc: "A"), pdbAtom(4, "THR", "A", 2, altLoc: "B"),
        pdbAtom(5, "MSE", "A", 3, het: true), pdbAtom(6, "GLY", "A", 3, code: "A"),
        pdbAtom(7, "UNK", "A", 4),
        "TER       8      UNK A   4",
        pdbAtom(9, "HOH", "A", 5, het: true), pdbAtom(10, "CYS", "A", 6, het: true),
        pdbAtom(11, "SEP", "B", -2, het: true), pdbAtom(12, "ACE", "B", -1, het: true),
        "ENDMDL",
        "MODEL        2",
        pdbAtom(13, "TRP", "A", 1),
        "ENDMDL",
    ]
    let structure = try PDBFormat.parse(TextFile(name: "tiny.pdb", text: lines.joined(separator: "\n")))
    #expect(structure.chains.map(\.id) == ["A", "B"])
    let a = try #require(structure.chain("A"))
    #expect(a.sequence == "MSMGX")
    #expect(a.residueNames == ["MET", "SER", "MSE", "GLY", "UNK"])
    #expect(a.position(of: ResidueID(3, "A")) == 4 && a.position(of: ResidueID(3, "a")) == 4)
    #expect(a.position(of: ResidueID(6)) == nil)  // a free cysteine after TER is a ligand
    #expect(structure.chain("B")?.sequence == "S")
    #expect(structure.notes.contains { $0.contains("later models ignored") })
}

@Test func chainCopiesWithoutModelRecordsAreSetAside() throws {
    // As in SKEMPI's cleaned 1KBH.pdb: NMR models one after another, serial numbers restarting.
    let lines = [pdbAtom(1, "GLU", "A", 1), pdbAtom(2, "GLY", "A", 2),
                 pdbAtom(1, "GLU", "A", 3), pdbAtom(2, "GLY", "A", 4), "TER",
                 pdbAtom(3, "PRO", "B", 1), pdbAtom(3, "PRO", "B", 2)]
    let structure = try PDBFormat.parse(TextFile(name: "nmr.pdb", text: lines.joined(separator: "\n")))
    #expect(structure.chain("A")?.sequence == "EG")
    #expect(structure.chain("B")?.sequence == "P")
    #expect(structure.notes.count == 2 && structure.notes[0].contains("line 3"))
}

@Test func aTruncatedAtomLineNamesTheFileAndLine() {
    let lines = [pdbAtom(1, "MET", "A", 1), String(pdbAtom(2, "LYS", "A", 2).prefix(40))]
    #expect { try PDBFormat.parse(TextFile(name: "cut.pdb", text: lines.joined(separator: "\n"))) } throws: { error in
        "\(error)".hasPrefix("cut.pdb:2: truncated ATOM record")
    }
}

@Test func anUnknownResidueInAnAtomRecordNamesTheFileAndLine() {
    let lines = [pdbAtom(1, "MET", "A", 1), pdbAtom(2, "XYZ", "A", 2)]
    #expect { try PDBFormat.parse(TextFile(name: "odd.pdb", text: lines.joined(separator: "\n"))) } throws: { error in
        "\(error)".hasPrefix("odd.pdb:2: unknown residue 'XYZ'")
    }
    // The same name in a HETATM record is a ligand, not an error.
    let ligand = [pdbAtom(1, "MET", "A", 1), pdbAtom(2, "XYZ", "A", 2, het: true)]
    #expect((try? PDBFormat.parse(TextFile(name: "ok.pdb", text: ligand.joined(separator: "\n"))))?.chains.first?.sequence == "M")
}

@Test func aBadResidueNumberNamesTheFileAndLine() {
    let line = pdbAtom(1, "MET", "A", 1).replacingCharacters(from: 22, with: "  x1")
    #expect { try PDBFormat.parse(TextFile(name: "num.pdb", text: line)) } throws: { error in
        "\(error)".hasPrefix("num.pdb:1: residue number 'x1'")
    }
}

extension String {
    /// The string with the characters from offset `start` replaced by `text` (same length).
    func replacingCharacters(from start: Int, with text: String) -> String {
        var characters = Array(self)
        for (offset, character) in text.enumerated() { characters[start + offset] = character }
        return String(characters)
    }
}

@Test func anInsertionCodeWhoseUpperCaseIsTwoLettersParsesWithoutATrap() throws {
    // Found by `make fuzz` (pdb): byte 0xDF in the insertion-code column reads as `ß`, whose upper
    // case is "SS", and Character(_:) trapped. The code stays as it is; the residue is found under it.
    let directory = try TemporaryDirectory()
    var bytes = Array((pdbAtom(1, "GLY", "A", 7) + "\n" + pdbAtom(2, "SER", "A", 7, code: "Q") + "\n").utf8)
    let column27 = try #require(bytes.indices.last { bytes[$0] == UInt8(ascii: "Q") })
    bytes[column27] = 0xDF
    let path = directory.path + "/damaged.pdb"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let structure = try PDBFormat.parse(TextFile(path: path))
    let a = try #require(structure.chain("A"))
    #expect(a.sequence == "GS")
    #expect(a.position(of: ResidueID(7, "ß")) == 2)  // 1-based
    #expect(ResidueID(7, "a") == ResidueID(7, "A"))
    #expect(ResidueID.upperCased("ß") == "ß" && ResidueID.upperCased("é") == "É")
}
