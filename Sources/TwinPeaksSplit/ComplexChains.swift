// A complex as the split sees it: its id, PDB entry and two partners of one or more chains, made
// from a dataset record (`ComplexRecord`) or by hand in tests.
import TwinPeaksBio

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

extension ComplexChains {
    /// The split's view of a dataset complex. Full-length UniProt partners have no chain ids.
    public init(_ record: ComplexRecord) {
        func partner(_ p: Partner) -> PartnerChains {
            PartnerChains(chainIDs: p.chainIDs.map(String.init), sequences: p.chains,
                          uniprot: p.uniprot.split(whereSeparator: { $0 == ";" || $0 == "," }).map(String.init))
        }
        self.init(id: record.complexID, pdb: record.pdbID, partners: [partner(record.partner1), partner(record.partner2)])
    }
}
