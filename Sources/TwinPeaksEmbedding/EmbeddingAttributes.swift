// The attributes stored with every per-residue embedding dataset in an `EmbeddingStore`.

/// What an [L, D] embedding is: the chain it embeds and what made it.
public struct EmbeddingAttributes: Equatable, Sendable {
    /// The upper-case chain sequence (its MD5 hex digest is the dataset's key).
    public var sequence: String
    /// The FASTA identifier the sequence came with (for the dataset's `sequences.fasta`, the MD5 key).
    public var identifier: String
    /// The provider's name (`descriptors`, `esm2_t33_650M_UR50D`, …).
    public var provider: String
    /// Features per residue, D.
    public var dimension: Int
    /// The network layer the features were taken from (ESM-2 650M's last is 33); 0 for the
    /// built-in descriptors (no network); −1 when an importer did not say.
    public var layer: Int

    public init(sequence: String, identifier: String, provider: String, dimension: Int, layer: Int) {
        self.sequence = sequence
        self.identifier = identifier
        self.provider = provider
        self.dimension = dimension
        self.layer = layer
    }
}
