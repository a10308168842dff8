// A parsed structure file: its protein chains (first model only) and notes on what was set aside.
// `Structure.read(path:)` picks PDB or mmCIF format from the file name; `.gz` is accepted.

public struct Structure: Sendable {
    /// The file name (for messages).
    public var name: String
    /// Protein chains in order of first appearance; chains without amino-acid residues are left out.
    public var chains: [StructureChain]
    /// What the parser set aside and why (further models, further copies of a chain), one line each.
    public var notes: [String]

    public init(name: String, chains: [StructureChain], notes: [String] = []) {
        self.name = name
        self.chains = chains
        self.notes = notes
    }

    public func chain(_ id: String) -> StructureChain? { chains.first { $0.id == id } }

    /// Reads a PDB (`.pdb`, `.ent`) or mmCIF (`.cif`, `.mmcif`) file, optionally gzip-compressed.
    public static func read(path: String) throws -> Structure {
        let file = try TextFile(path: path)
        var base = file.name.lowercased()
        if base.hasSuffix(".gz") { base.removeLast(3) }
        if base.hasSuffix(".cif") || base.hasSuffix(".mmcif") { return try MMCIFFormat.parse(file) }
        return try PDBFormat.parse(file)
    }
}
