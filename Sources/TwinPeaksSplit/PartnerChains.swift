// One partner of a complex as the split sees it: its chains' ids and sequences, and UniProt accessions.

public struct PartnerChains: Hashable, Sendable {
    /// Chain ids, one per sequence; empty when the chains are unknown (`uniprot_full_length` entries).
    public var chainIDs: [String]
    /// Chain sequences (upper-case one-letter codes), or the one full-length UniProt sequence.
    public var sequences: [String]
    /// UniProt accessions of the partner, when known; used to find its chains through SIFTS.
    public var uniprot: [String]

    public init(chainIDs: [String], sequences: [String], uniprot: [String] = []) {
        self.chainIDs = chainIDs
        self.sequences = sequences.map { $0.uppercased() }
        self.uniprot = uniprot
    }

    /// Whether each sequence is a known chain of the PDB entry.
    public var hasChainIDs: Bool { !chainIDs.isEmpty && chainIDs.count == sequences.count }
}
