// One binding partner: one or more chains (ids and sequences) and UniProt accessions when known.
// In tables a partner's sequence is its chain sequences joined by `:`.

public struct Partner: Hashable, Sendable {
    /// The chain ids in order (`ABC`); empty when unknown (full-length UniProt sequences).
    public var chainIDs: String
    /// The chain sequences, upper case, in the order of `chainIDs`.
    public var chains: [String]
    /// UniProt accession(s), or empty.
    public var uniprot: String

    public init(chainIDs: String, chains: [String], uniprot: String = "") {
        self.chainIDs = chainIDs
        self.chains = chains
        self.uniprot = uniprot
    }

    /// The chain sequences joined by `:`.
    public var sequence: String { chains.joined(separator: ":") }

    /// The sequence key (MD5 of the upper-case sequence) of each chain, in order.
    public var chainKeys: [String] { chains.map(MD5.sequenceKey) }

    /// The total number of residues.
    public var length: Int { chains.reduce(0) { $0 + $1.utf8.count } }

    /// The index of a chain by id, or nil.
    public func chainIndex(_ id: Character) -> Int? {
        chainIDs.firstIndex(of: id).map { chainIDs.distance(from: chainIDs.startIndex, to: $0) }
    }
}
