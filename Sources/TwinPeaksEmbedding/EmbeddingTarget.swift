// One chain to embed: its store key (MD5 hex of the upper-case sequence), identifier and sequence.

/// A unique chain sequence of the dataset, as the embed stage sees it.
public struct EmbeddingTarget: Equatable, Sendable {
    /// The store key: MD5 hex digest of the upper-case sequence (the `>` name in `sequences.fasta`).
    public var key: String
    /// The FASTA identifier the sequence came with.
    public var identifier: String
    /// The upper-case chain sequence.
    public var sequence: String

    public init(key: String, identifier: String, sequence: String) {
        self.key = key
        self.identifier = identifier
        self.sequence = sequence
    }
}
