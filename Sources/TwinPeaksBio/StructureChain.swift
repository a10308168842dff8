// One polymer chain parsed from a structure file: its residues in file order and the map from
// residue number + insertion code to the 1-based sequence position.

public struct StructureChain: Hashable, Sendable {
    /// The author chain id (`A`); may be longer than one character in mmCIF files.
    public var id: String
    /// The residues in file order; modified residues as their parent, UNK as X.
    public var residues: [AminoAcid]
    /// The residue number and insertion code of each residue, in the same order.
    public var residueIDs: [ResidueID]
    /// The residue name as written in the file (`MSE`, `ALA`), in the same order.
    public var residueNames: [String]
    private var positions: [ResidueID: Int]

    public init(id: String, residues: [AminoAcid], residueIDs: [ResidueID], residueNames: [String]) {
        self.id = id
        self.residues = residues
        self.residueIDs = residueIDs
        self.residueNames = residueNames
        var positions: [ResidueID: Int] = [:]
        for (offset, residue) in residueIDs.enumerated() where positions[residue] == nil {
            positions[residue] = offset + 1
        }
        self.positions = positions
    }

    /// The one-letter sequence (upper case, X for unknown).
    public var sequence: String { String(residues.map(\.oneLetter)) }

    public var count: Int { residues.count }

    /// The 1-based sequence position of a residue, or nil when the chain has no such residue.
    public func position(of residue: ResidueID) -> Int? { positions[residue] }

    /// Modified residues found, as `NAME→X` sorted and de-duplicated (`MSE→M,SEP→S`).
    public var modifiedResidues: [String] {
        Set(zip(residueNames, residues).filter { ResidueNames.isModified($0.0) }
            .map { "\($0.0)→\($0.1.oneLetter)" }).sorted()
    }
}
