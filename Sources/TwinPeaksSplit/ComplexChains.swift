// A complex as the split sees it: its id, PDB entry and two partners of one or more chains.

public struct ComplexChains: Hashable, Sendable {
    /// The dataset's `complex_id` (`1CSE_E_I`, `PDBbind:1a22`).
    public var id: String
    /// The PDB entry (any case), used to look chains up in the domain table.
    public var pdb: String
    /// Exactly two partners.
    public var partners: [PartnerChains]

    public init(id: String, pdb: String, partners: [PartnerChains]) {
        self.id = id
        self.pdb = pdb
        self.partners = partners
    }
}
