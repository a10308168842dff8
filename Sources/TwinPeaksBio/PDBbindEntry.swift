// One PDBbind entry from the PDBbind-CN export: the PDB id, the affinity as written and parsed,
// the UniProt accessions and names (no chains, no sequences: those come from PDBbindPartners).

public struct PDBbindEntry: Hashable, Sendable {
    /// The line in the export (the header is line 1).
    public var line: Int
    /// Lower-case PDB id (`1a22`).
    public var pdbID: String
    /// `Affinity Data` as written (`Kd=0.34nM`).
    public var affinityText: String
    public var affinity: PDBbindAffinity
    /// `UniProt AC`, space-separated accessions.
    public var uniprot: String
    public var proteinName: String
    public var ligandName: String

    public init(line: Int, pdbID: String, affinityText: String, affinity: PDBbindAffinity, uniprot: String,
                proteinName: String, ligandName: String) {
        self.line = line
        self.pdbID = pdbID
        self.affinityText = affinityText
        self.affinity = affinity
        self.uniprot = uniprot
        self.proteinName = proteinName
        self.ligandName = ligandName
    }
}
