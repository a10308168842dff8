// Per-residue features read back from a finished embedding store and looked up by sequence
// (MD5 of the upper-case chain): what the model reads at training and prediction time.

import TwinPeaksBio

/// A provider backed by an `EmbeddingStore` file (`work/embeddings.h5`). Name, dimension and
/// configuration come from the store's provenance.
public final class StoredEmbeddings: ResidueFeatureProvider {
    public let store: EmbeddingStore
    public let name: String
    public let dimension: Int
    public let configuration: String

    /// Opens a store read-only. A store without provenance (not finished by the embed stage) is an error.
    public init(path: String) throws {
        store = try EmbeddingStore(opening: path)
        guard let name = try store.metadata("provider"), let dimensionText = try store.metadata("dimension"),
              let dimension = Int(dimensionText) else {
            throw InputError(path, "no provenance (provider, dimension) on the root: not a finished embedding store; run `twinpeaks embed`")
        }
        self.name = name
        self.dimension = dimension
        configuration = try store.metadata("configuration") ?? ""
    }

    /// True when the store holds the chain.
    public func contains(sequence: String) -> Bool { store.contains(MD5.sequenceKey(sequence)) }

    /// The [L, D] matrix of a chain, row-major. A chain not in the store, or stored with another
    /// length or dimension, is an error naming its key.
    public func features(forSequence sequence: String) throws -> [Float] {
        let key = MD5.sequenceKey(sequence)
        let (length, dimension, values) = try store.read(key)
        guard length == sequence.count, dimension == self.dimension else {
            throw InputError("\(store.path): key \(key)", "stored as [\(length), \(dimension)], but the chain has "
                             + "\(sequence.count) residues and the store's dimension is \(self.dimension)")
        }
        return values
    }

    public func features(for residues: [AminoAcid]) throws -> [Float] {
        try features(forSequence: String(residues.map(\.oneLetter)))
    }
}
