// The ESM-2 encoder for inference (Lin et al., Science 2023; fair-esm `ESM2`): token embedding
// with the token-dropout rescaling, the pre-LN layers, the final LayerNorm; per-token hidden
// states of any layer for a padded batch. Parameters live in one ParameterStore under the
// Hugging Face names, loaded from a file made by `twinpeaks convert-esm2`.

import Foundation
import TwinPeaksBio
import TwinPeaksTensor

public final class ESM2Model {
    public let configuration: ESM2Configuration
    /// Every tensor, named as in `configuration.tensorNames`.
    public let parameters: ParameterStore
    let wordEmbeddings: Parameter
    let layers: [ESM2Layer]
    let finalNorm: LayerNorm
    public let languageModelHead: ESM2LanguageModelHead?

    /// Training masked 15 % of the tokens and replaced 80 % of those by <mask>, whose embedding
    /// token dropout zeroes; at inference the embeddings are scaled by (1 − 0.15·0.8) / (1 − the
    /// observed fraction of <mask> tokens), i.e. ×0.88 with none.
    static let trainingMaskRatio: Float = 0.15 * 0.8

    /// A model with random weights (seeded): for tests and benchmarks, and as the empty shell a
    /// parameter file is loaded into.
    public init(configuration: ESM2Configuration, seed: UInt64 = 1) throws {
        self.configuration = configuration
        let store = ParameterStore()
        var generator = SeededGenerator(seed: seed)
        wordEmbeddings = try store.register(ESM2Configuration.embeddingName, shape: [configuration.vocabularySize, configuration.width],
                                            decays: false, initialization: .normal(standardDeviation: 1), using: &generator)
        layers = try (0..<configuration.layers).map {
            try ESM2Layer(index: $0, configuration: configuration, store: store, generator: &generator)
        }
        finalNorm = try LayerNorm(ESM2Configuration.finalNormName, width: configuration.width, store: store, generator: &generator)
        languageModelHead = configuration.hasLanguageModelHead
            ? try ESM2LanguageModelHead(configuration: configuration, store: store, generator: &generator) : nil
        parameters = store
    }

    /// The model in a parameter file written by `twinpeaks convert-esm2`. Errors name the file and tensor.
    public convenience init(parameterFile path: String) throws {
        let metadata: [String: String]
        do { metadata = try ParameterFile.metadata(at: path) } catch let error as TensorError {
            throw InputError(path, "cannot read the ESM-2 parameter file: \(error)")
        }
        try self.init(configuration: ESM2Configuration(metadata: metadata, path: path))
        do {
            try ParameterFile.load(into: parameters, from: path)
        } catch let error as TensorError {
            throw InputError("", "\(error)")
        }
    }

    /// Tokens [B][T_b] (each <cls> … <eos>) padded into one batch: the token grid [B·T] and the mask.
    static func pad(_ tokens: [[Int]]) throws -> (grid: [Int], length: Int, mask: TokenMask) {
        let length = tokens.map(\.count).max() ?? 0
        var grid = [Int](repeating: ESM2Alphabet.paddingToken, count: tokens.count * length)
        for (b, sequence) in tokens.enumerated() {
            for (t, token) in sequence.enumerated() { grid[b * length + t] = token }
        }
        return (grid, length, try TokenMask(lengths: tokens.map(\.count), length: length))
    }

    /// Layer 0's input [B, T, W]: embedding rows, <mask> rows zeroed, scaled per sequence by
    /// 0.88 / (1 − its <mask> fraction), padding rows zero.
    func embed(_ tokens: [[Int]]) throws -> (x: Tensor, mask: TokenMask) {
        let (grid, length, mask) = try Self.pad(tokens)
        let width = configuration.width
        let table = parameters.value(wordEmbeddings)
        var x = Tensor(zeros: [tokens.count, length, width])
        for (b, sequence) in tokens.enumerated() {
            for token in sequence where !(0..<configuration.vocabularySize).contains(token) {
                throw InputError("ESM-2 batch sequence \(b)", "token \(token) outside the vocabulary 0..<\(configuration.vocabularySize)")
            }
            let masked = sequence.filter { $0 == ESM2Alphabet.maskToken }.count
            let scale = (1 - Self.trainingMaskRatio) / (1 - Float(masked) / Float(sequence.count))
            x.withUnsafeMutableBufferPointer { x in table.withUnsafeBufferPointer { table in
                for t in 0..<sequence.count where grid[b * length + t] != ESM2Alphabet.maskToken {
                    let row = x.baseAddress! + (b * length + t) * width, source = table.baseAddress! + grid[b * length + t] * width
                    for j in 0..<width { row[j] = source[j] * scale }
                }
            } }
        }
        return (x, mask)
    }

    /// Hidden states [B, T, W] after `layer` layers (0: the scaled embeddings; `configuration.layers`:
    /// after the final LayerNorm, as fair-esm's `repr_layers` give them). Rows include <cls>,
    /// <eos> and padding.
    public func hiddenStates(_ tokens: [[Int]], layer: Int) throws -> (states: Tensor, mask: TokenMask) {
        guard (0...configuration.layers).contains(layer) else {
            throw InputError("ESM-2 model \(configuration.name)", "layer \(layer), expected 0...\(configuration.layers)")
        }
        var (x, mask) = try embed(tokens)
        for block in layers.prefix(layer) { x = try block.forward(x, mask: mask) }
        if layer == configuration.layers { x = try finalNorm.forward(x).output }
        return (x, mask)
    }
}
