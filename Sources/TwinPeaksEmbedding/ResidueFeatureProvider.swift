// The one notion of a per-residue feature provider: a chain's residues in, an L×D Float32 matrix
// out (row-major), with a name and a dimension. Built-in descriptors and imported embeddings both are one.

import TwinPeaksBio

/// Turns a chain into per-residue features. The network accepts any `dimension` (20 to 2,560 and beyond).
public protocol ResidueFeatureProvider {
    /// Short name recorded with every stored embedding (`descriptors`, `esm2_t33_650M_UR50D`).
    var name: String { get }
    /// Features per residue (D).
    var dimension: Int { get }
    /// What exactly produced the features (blocks and scaling, or the imported file and format);
    /// recorded in the store's provenance so a changed configuration is never mistaken for the old one.
    var configuration: String { get }
    /// The L×D matrix for `residues`, row-major: residue i's features are `[i*D ..< (i+1)*D]`.
    /// Throws an `InputError` naming the sequence when the provider has nothing for it.
    func features(for residues: [AminoAcid]) throws -> [Float]
    /// The matrix for one chain of the dataset; errors name its key. The default parses the
    /// sequence and calls `features(for: residues)`; an importer looks the chain up instead.
    func features(for target: EmbeddingTarget) throws -> [Float]
}

extension ResidueFeatureProvider {
    public func features(for target: EmbeddingTarget) throws -> [Float] {
        try features(for: residues(of: target.sequence.uppercased(), record: "sequence \(target.key)"))
    }
}

/// A provider that computes several chains at once (a language model batches chains so that its
/// matrix products are large). A separate protocol rather than new requirements with defaults,
/// so that providers built elsewhere never need recompiling for it.
public protocol BatchedResidueFeatureProvider: ResidueFeatureProvider {
    /// How many residues the embed stage hands to one `features(for targets:)` call.
    var batchResidues: Int { get }
    /// The L×D matrices of several chains, in order.
    func features(for targets: [EmbeddingTarget]) throws -> [[Float]]
}
