// ESM-2 as a per-residue feature provider for the embed stage: one layer's hidden states of a
// converted checkpoint, <cls>/<eos> stripped, long chains windowed; chains come in batches so
// that the encoder's products are large.

import Foundation
import TwinPeaksBio
import TwinPeaksTensor

public final class ESM2Provider: BatchedResidueFeatureProvider {
    public let model: ESM2Model
    public let layer: Int
    /// The weight file's name and a digest of its token embeddings, for the provenance.
    public let weightsDescription: String

    /// `layer` nil: the last layer (after the final LayerNorm), as fair-esm's extract.py gives it.
    public init(model: ESM2Model, layer: Int? = nil, weightsDescription: String = "random") throws {
        let layer = layer ?? model.configuration.layers
        guard (0...model.configuration.layers).contains(layer) else {
            throw InputError("ESM-2 model \(model.configuration.name)", "layer \(layer), expected 0...\(model.configuration.layers)")
        }
        self.model = model
        self.layer = layer
        self.weightsDescription = weightsDescription
    }

    /// The provider for a parameter file made by `twinpeaks convert-esm2`.
    public convenience init(weights path: String, layer: Int? = nil) throws {
        let model = try ESM2Model(parameterFile: path)
        let table = model.parameters.value(model.wordEmbeddings).values
        let digest = table.withUnsafeBytes { MD5.hex($0) }
        try self.init(model: model, layer: layer,
                      weightsDescription: "\((path as NSString).lastPathComponent) (token embeddings md5 \(digest))")
    }

    public var name: String { model.configuration.name }
    public var dimension: Int { model.configuration.width }
    public var configuration: String {
        let c = model.configuration
        return "esm2: model=\(c.name); layers=\(c.layers); width=\(c.width); heads=\(c.heads); layer=\(layer); "
            + "weights=\(weightsDescription); windows of \(ESM2Configuration.maximumResidues) residues, step "
            + "\(ESM2Configuration.maximumResidues / 2), each residue from its most central window"
    }
    public var batchResidues: Int { 4096 }

    public func features(for residues: [AminoAcid]) throws -> [Float] {
        try model.residueRepresentations([String(residues.map(\.oneLetter))], layer: layer)[0]
    }

    public func features(for targets: [EmbeddingTarget]) throws -> [[Float]] {
        for target in targets {
            _ = try ESM2Alphabet.encode(target.sequence.uppercased(), record: "sequence \(target.key)")
        }
        return try model.residueRepresentations(targets.map { $0.sequence.uppercased() }, layer: layer)
    }
}
