// One FASTA record: a header and a protein sequence. A partner of several chains is one record
// whose chains are joined by `:` (`MKV…:GSH…`); sequences are kept upper case.

public struct FASTARecord: Hashable, Sendable {
    /// The header line after `>`, trimmed.
    public var header: String
    /// The chain sequences, upper case, in the order written.
    public var chains: [String]

    public init(header: String, chains: [String]) {
        self.header = header
        self.chains = chains
    }

    /// The identifier: the header up to the first space.
    public var identifier: String {
        String(header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).first ?? "")
    }

    /// The chains joined by `:`.
    public var sequence: String { chains.joined(separator: ":") }
}
