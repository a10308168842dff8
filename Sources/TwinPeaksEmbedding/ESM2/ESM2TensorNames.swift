// The checkpoint keys of an ESM-2 model, exactly as Hugging Face's EsmForMaskedLM names them
// (facebook/esm2_*), with their shapes. The converter checks a safetensors file against this
// list and the model registers its parameters under the same names.

public struct ESM2TensorName: Equatable, Sendable {
    public let name: String
    public let shape: [Int]
}

extension ESM2Configuration {
    public static let embeddingName = "esm.embeddings.word_embeddings.weight"
    public static let finalNormName = "esm.encoder.emb_layer_norm_after"

    /// "esm.encoder.layer.N." — the prefix of every tensor of layer N (0-based).
    public static func layerPrefix(_ layer: Int) -> String { "esm.encoder.layer.\(layer)." }

    /// Every tensor the model needs, in registration order.
    public var tensorNames: [ESM2TensorName] {
        let (w, f, v) = (width, feedForwardWidth, vocabularySize)
        func linear(_ name: String, output: Int, input: Int) -> [ESM2TensorName] {
            [ESM2TensorName(name: name + ".weight", shape: [output, input]), ESM2TensorName(name: name + ".bias", shape: [output])]
        }
        func norm(_ name: String) -> [ESM2TensorName] {
            [ESM2TensorName(name: name + ".weight", shape: [w]), ESM2TensorName(name: name + ".bias", shape: [w])]
        }
        var names = [ESM2TensorName(name: Self.embeddingName, shape: [v, w])]
        for layer in 0..<layers {
            let p = Self.layerPrefix(layer)
            names += norm(p + "attention.LayerNorm")
            for part in ["query", "key", "value"] { names += linear(p + "attention.self." + part, output: w, input: w) }
            names += linear(p + "attention.output.dense", output: w, input: w)
            names += norm(p + "LayerNorm")
            names += linear(p + "intermediate.dense", output: f, input: w)
            names += linear(p + "output.dense", output: w, input: f)
        }
        names += norm(Self.finalNormName)
        if hasLanguageModelHead {
            names += linear("lm_head.dense", output: w, input: w)
            names += norm("lm_head.layer_norm")
            names.append(ESM2TensorName(name: "lm_head.bias", shape: [v]))
        }
        return names
    }
}
