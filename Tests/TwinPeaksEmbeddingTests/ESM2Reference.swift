// A plain ESM-2 forward pass for the tests, written from the fair-esm source one operation at a
// time with loops in Double (no BLAS, no batching, no TwinPeaksTensor kernels), to check the
// production forward against. Each sequence runs alone, so padding cannot leak into it.
import Foundation
import TwinPeaksTensor
@testable import TwinPeaksEmbedding

struct ESM2Reference {
    let configuration: ESM2Configuration
    /// Every tensor by its Hugging Face name, in Double.
    let weights: [String: [Double]]

    init(_ model: ESM2Model) {
        configuration = model.configuration
        var weights: [String: [Double]] = [:]
        for parameter in model.parameters.parameters {
            weights[parameter.name] = model.parameters.value(parameter).values.map(Double.init)
        }
        self.weights = weights
    }

    private func w(_ name: String) -> [Double] { weights[name]! }

    /// y[t][o] = Σ_i x[t][i]·W[o][i] + b[o]   (PyTorch's Linear, W [out, in])
    func linear(_ x: [[Double]], _ name: String) -> [[Double]] {
        let weight = w(name + ".weight"), bias = w(name + ".bias")
        let outputs = bias.count, inputs = weight.count / outputs
        return x.map { row in
            (0..<outputs).map { o in
                var sum = bias[o]
                for i in 0..<inputs { sum += row[i] * weight[o * inputs + i] }
                return sum
            }
        }
    }

    /// (x − mean)/√(var + 1e-5)·γ + β per row, biased variance as torch.nn.LayerNorm.
    func layerNorm(_ x: [[Double]], _ name: String) -> [[Double]] {
        let gain = w(name + ".weight"), shift = w(name + ".bias")
        return x.map { row in
            let mean = row.reduce(0, +) / Double(row.count)
            let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(row.count)
            return row.indices.map { (row[$0] - mean) / (variance + 1e-5).squareRoot() * gain[$0] + shift[$0] }
        }
    }

    /// x·½(1 + erf(x/√2))   (fair-esm's gelu)
    func gelu(_ x: Double) -> Double { x * 0.5 * (1 + erf(x / 2.0.squareRoot())) }

    /// Rotary embedding on one head vector at position t: rotate_half(x) = cat(−x₂, x₁),
    /// y = x·cos + rotate_half(x)·sin with frequencies 1/10000^(2i/d) repeated for both halves.
    func rotate(_ x: [Double], position t: Int) -> [Double] {
        let d = x.count, half = d / 2
        var y = x
        for i in 0..<d {
            let frequency = 1 / pow(10000, Double(2 * (i % half)) / Double(d))
            let rotated = i < half ? -x[i + half] : x[i - half]
            y[i] = x[i] * cos(Double(t) * frequency) + rotated * sin(Double(t) * frequency)
        }
        return y
    }

    /// Hidden states [T][W] of one token sequence after `layer` layers (the final LayerNorm at the last).
    func hiddenStates(_ tokens: [Int], layer: Int) -> [[Double]] {
        let c = configuration, d = c.headWidth, table = w("esm.embeddings.word_embeddings.weight")
        // Token dropout at inference: <mask> rows zero, everything × (1 − 0.15·0.8)/(1 − mask fraction).
        let maskFraction = Double(tokens.filter { $0 == 32 }.count) / Double(tokens.count)
        let scale = (1 - 0.15 * 0.8) / (1 - maskFraction)
        var x = tokens.map { token in
            (0..<c.width).map { token == 32 ? 0 : table[token * c.width + $0] * scale }
        }
        for index in 0..<layer {
            let p = "esm.encoder.layer.\(index)."
            // Self-attention: q scaled by 1/√d, then rotated (as fair-esm's MultiheadAttention).
            let a = layerNorm(x, p + "attention.LayerNorm")
            let q = linear(a, p + "attention.self.query"), k = linear(a, p + "attention.self.key")
            let v = linear(a, p + "attention.self.value")
            var attended = [[Double]](repeating: [Double](repeating: 0, count: c.width), count: tokens.count)
            for h in 0..<c.heads {
                let columns = (h * d)..<((h + 1) * d)
                let qh = q.indices.map { rotate(Array(q[$0][columns]).map { $0 / Double(d).squareRoot() }, position: $0) }
                let kh = k.indices.map { rotate(Array(k[$0][columns]), position: $0) }
                for i in tokens.indices {
                    let scores = tokens.indices.map { j in (0..<d).reduce(0.0) { $0 + qh[i][$1] * kh[j][$1] } }
                    let maximum = scores.max()!
                    let exponentials = scores.map { exp($0 - maximum) }
                    let total = exponentials.reduce(0, +)
                    for j in tokens.indices {
                        for e in 0..<d { attended[i][h * d + e] += exponentials[j] / total * v[j][h * d + e] }
                    }
                }
            }
            let o = linear(attended, p + "attention.output.dense")
            x = x.indices.map { t in x[t].indices.map { x[t][$0] + o[t][$0] } }
            // Feed-forward.
            let b = layerNorm(x, p + "LayerNorm")
            let hidden = linear(b, p + "intermediate.dense").map { $0.map(gelu) }
            let f = linear(hidden, p + "output.dense")
            x = x.indices.map { t in x[t].indices.map { x[t][$0] + f[t][$0] } }
        }
        if layer == c.layers { x = layerNorm(x, "esm.encoder.emb_layer_norm_after") }
        return x
    }

    /// LM-head logits [T][V]: LN(gelu(dense(h)))·Eᵀ + bias.
    func logits(_ tokens: [Int]) -> [[Double]] {
        let h = hiddenStates(tokens, layer: configuration.layers)
        let features = layerNorm(linear(h, "lm_head.dense").map { $0.map(gelu) }, "lm_head.layer_norm")
        let table = w("esm.embeddings.word_embeddings.weight"), bias = w("lm_head.bias"), width = configuration.width
        var result: [[Double]] = []
        for row in features {
            var logits = [Double](repeating: 0, count: bias.count)
            for token in 0..<bias.count {
                var sum = bias[token]
                for j in 0..<width { sum += row[j] * table[token * width + j] }
                logits[token] = sum
            }
            result.append(logits)
        }
        return result
    }
}

/// A model of `configuration` with every tensor drawn afresh (seeded): matrices N(0, 1/fan-in),
/// biases N(0, 0.1²), LayerNorm gains 1 + N(0, 0.1²), embeddings N(0, 0.3²), so that a swapped
/// gain and bias or a wrong transpose shows.
func randomESM2(_ configuration: ESM2Configuration, seed: UInt64) throws -> ESM2Model {
    let model = try ESM2Model(configuration: configuration, seed: seed)
    var generator = SeededGenerator(seed: seed &+ 1000)
    for parameter in model.parameters.parameters {
        let name = parameter.name
        let isNorm = name.contains("LayerNorm") || name.contains("layer_norm") || name.contains("emb_layer_norm_after")
        let values: [Float] = (0..<parameter.count).map { _ in
            let z = generator.nextNormal()
            if name == ESM2Configuration.embeddingName { return 0.3 * z }
            if isNorm { return name.hasSuffix(".weight") ? 1 + 0.1 * z : 0.1 * z }
            if name.hasSuffix(".bias") { return 0.1 * z }
            return z / Float(parameter.shape[1]).squareRoot()
        }
        try model.parameters.setValue(parameter, Tensor(shape: parameter.shape, values: values))
    }
    return model
}
