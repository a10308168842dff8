// Heavy-atom coordinates of a PDB file's protein chains, attached to the residues of its parsed
// `Structure` (so a coordinate belongs to the same 1-based sequence position the rest of TwinPeaks
// uses). Only what interface labels need: first model, first alternate location, hydrogens dropped,
// and for chains repeated without MODEL records (1KBH) only the first copy, as the chain parser keeps.

public struct StructureAtoms: Sendable {
    /// Per chain id, per 0-based sequence position, the residue's heavy atoms (x, y, z in Å).
    public var atoms: [String: [[SIMD3<Float>]]]
    /// The van der Waals radius of each of those atoms (Å, `SurfaceArea.radius(element:)`), for
    /// surface areas.
    public var radii: [String: [[Float]]]

    public init(atoms: [String: [[SIMD3<Float>]]], radii: [String: [[Float]]]) {
        self.atoms = atoms
        self.radii = radii
    }

    /// Reads the heavy atoms of `file` (PDB format) for the chains of `structure`, which must be the
    /// structure parsed from the same file. Errors name `file:line`.
    public static func read(_ file: TextFile, structure: Structure) throws -> StructureAtoms {
        var atoms: [String: [[SIMD3<Float>]]] = [:]
        var radii: [String: [[Float]]] = [:]
        var chains: [String: StructureChain] = [:]
        for chain in structure.chains {
            atoms[chain.id] = Array(repeating: [], count: chain.count)
            radii[chain.id] = Array(repeating: [], count: chain.count)
            chains[chain.id] = chain
        }
        // A residue is complete once the file moves on from it; atoms naming it again belong to a
        // later copy of the chain (or a later model) and are ignored.
        var closed: Set<ResidueKey> = []
        var current: ResidueKey? = nil
        var altLocKept: [ResidueKey: UInt8] = [:]
        var done = false
        try file.forEachLine { number, line in
            if done || line.count < 6 { return }
            if PDBFormat.hasPrefix(line, endmdl) { done = true; return }
            let isAtom = PDBFormat.hasPrefix(line, atom), isHetatm = !isAtom && PDBFormat.hasPrefix(line, hetatm)
            guard isAtom || isHetatm else { return }
            guard line.count >= 54 else {
                throw InputError(file.place(number), "truncated atom record: \(line.count) characters; expected at least 54 (through the z coordinate)")
            }
            let chainID = PDBFormat.text(line, 21..<22)
            guard let chain = chains[chainID], let residueNumber = PDBFormat.integer(line, 22..<26) else { return }
            let code = line[26]
            let residue = ResidueID(residueNumber, code == 32 ? nil : Character(Unicode.Scalar(code)))
            guard let position = chain.position(of: residue) else { return }  // a ligand or water of that chain
            let key = ResidueKey(chain: chainID, residue: residue)
            if key != current {
                if let current { closed.insert(current) }
                if closed.contains(key) { current = nil; return }
                current = key
            }
            guard current == key else { return }
            // Element columns 77–78 when present, else the atom name's first letter (columns 13–16).
            let element = line.count >= 78 ? PDBFormat.text(line, 76..<78) : ""
            let name = PDBFormat.text(line, 12..<16)
            let isHydrogen = element.isEmpty ? (name.first == "H" || (name.first?.isNumber == true && name.dropFirst().first == "H"))
                                             : (element == "H" || element == "D")
            if isHydrogen { return }
            let altLoc = line[16] == 32 ? UInt8(0) : line[16]
            if altLoc != 0 {
                if let kept = altLocKept[key], kept != altLoc { return }
                altLocKept[key] = altLoc
            }
            guard let x = Float(PDBFormat.text(line, 30..<38)), let y = Float(PDBFormat.text(line, 38..<46)),
                  let z = Float(PDBFormat.text(line, 46..<54)), x.isFinite, y.isFinite, z.isFinite else {
                throw InputError(file.place(number), "coordinates '\(PDBFormat.text(line, 30..<54))' are not three numbers (columns 31–54)")
            }
            atoms[chainID]![position - 1].append(SIMD3(x, y, z))
            radii[chainID]![position - 1].append(SurfaceArea.radius(element: element.isEmpty ? String(name.prefix(1)) : element))
        }
        return StructureAtoms(atoms: atoms, radii: radii)
    }

    private struct ResidueKey: Hashable {
        var chain: String
        var residue: ResidueID
    }

    private static let atom = Array("ATOM  ".utf8)
    private static let hetatm = Array("HETATM".utf8)
    private static let endmdl = Array("ENDMDL".utf8)
}
