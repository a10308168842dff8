// The ESM-2 masked-language-model head (fair-esm RobertaLMHead, HF EsmLMHead): from the final
// hidden states to logits over the 33 tokens,
//   logits = LN(gelu_erf(Wd·h + bd))·Eᵀ + b,   E the token embedding matrix (tied).
// Shapes: h [B, T, W] → logits [B, T, V].

import TwinPeaksBio
import TwinPeaksTensor

public struct ESM2LanguageModelHead {
    let dense: Linear      // lm_head.dense
    let norm: LayerNorm    // lm_head.layer_norm
    let bias: Parameter    // lm_head.bias [V]
    let store: ParameterStore

    init(configuration c: ESM2Configuration, store: ParameterStore, generator: inout SeededGenerator) throws {
        dense = try Linear("lm_head.dense", inputWidth: c.width, outputWidth: c.width, store: store, generator: &generator)
        norm = try LayerNorm("lm_head.layer_norm", width: c.width, store: store, generator: &generator)
        bias = try store.register("lm_head.bias", shape: [c.vocabularySize], decays: false, initialization: .zeros, using: &generator)
        self.store = store
    }

    /// h [B, T, W] and the embedding matrix E [V, W] → logits [B, T, V].
    func logits(_ h: Tensor, embeddings: Parameter) throws -> Tensor {
        let features = try norm.forward(Ops.exactGELU(dense.forward(h).output)).output
        let (batch, length, width) = (h.shape[0], h.shape[1], h.shape[2])
        let table = store.value(embeddings)
        let products = try Ops.batchedMatmul(features.reshaped([1, batch * length, width]),
                                             table.reshaped([1, table.shape[0], width]), transposeB: true)
        return try Ops.add(products.reshaped([batch, length, table.shape[0]]), store.value(bias))
    }
}

extension ESM2Model {
    /// Logits [B, T, V] of the masked-language-model head for a batch of token sequences.
    public func logits(_ tokens: [[Int]]) throws -> Tensor {
        guard let head = languageModelHead else {
            throw TwinPeaksBio.InputError("ESM-2 model \(configuration.name)", "has no language-model head (lm_head.* was not in the checkpoint)")
        }
        return try head.logits(hiddenStates(tokens, layer: configuration.layers).states, embeddings: wordEmbeddings)
    }
}
