// One ESM-2 transformer layer, pre-LayerNorm (fair-esm TransformerLayer, HF EsmLayer), inference:
//   h = x + Wo·attention(rotary(Wq·LN₁(x)), rotary(Wk·LN₁(x)), Wv·LN₁(x))
//   y = h + W₂·gelu_erf(W₁·LN₂(h))
// Shapes: x, h, y [B, T, W]; q, k, v [B, T, W] as H heads of W/H; W₁ [F, W], W₂ [W, F].

import TwinPeaksTensor

struct ESM2Layer {
    let attentionNorm: LayerNorm   // <prefix>attention.LayerNorm
    let query: Linear, key: Linear, value: Linear  // <prefix>attention.self.{query,key,value}
    let attentionOutput: Linear    // <prefix>attention.output.dense
    let feedForwardNorm: LayerNorm // <prefix>LayerNorm
    let intermediate: Linear       // <prefix>intermediate.dense
    let output: Linear             // <prefix>output.dense
    let rotary: RotaryEmbedding
    let heads: Int

    /// Registers the layer's tensors under their Hugging Face names, in `tensorNames` order.
    init(index: Int, configuration c: ESM2Configuration, store: ParameterStore, generator: inout SeededGenerator) throws {
        let p = ESM2Configuration.layerPrefix(index)
        attentionNorm = try LayerNorm(p + "attention.LayerNorm", width: c.width, store: store, generator: &generator)
        query = try Linear(p + "attention.self.query", inputWidth: c.width, outputWidth: c.width, store: store, generator: &generator)
        key = try Linear(p + "attention.self.key", inputWidth: c.width, outputWidth: c.width, store: store, generator: &generator)
        value = try Linear(p + "attention.self.value", inputWidth: c.width, outputWidth: c.width, store: store, generator: &generator)
        attentionOutput = try Linear(p + "attention.output.dense", inputWidth: c.width, outputWidth: c.width,
                                     store: store, generator: &generator)
        feedForwardNorm = try LayerNorm(p + "LayerNorm", width: c.width, store: store, generator: &generator)
        intermediate = try Linear(p + "intermediate.dense", inputWidth: c.width, outputWidth: c.feedForwardWidth,
                                  store: store, generator: &generator)
        output = try Linear(p + "output.dense", inputWidth: c.feedForwardWidth, outputWidth: c.width,
                            store: store, generator: &generator)
        rotary = try RotaryEmbedding(headWidth: c.headWidth)
        heads = c.heads
    }

    /// x [B, T, W], mask [B, T] (false = padding) → y [B, T, W].
    func forward(_ x: Tensor, mask: TokenMask) throws -> Tensor {
        // Attention block. ESM scales q by 1/√d before the rotation; the kernel scales the scores
        // instead, which is the same product.
        let normed = try attentionNorm.forward(x).output
        var q = try query.forward(normed).output, k = try key.forward(normed).output
        let v = try value.forward(normed).output
        try rotary.apply(&q, heads: heads)
        try rotary.apply(&k, heads: heads)
        let attended = try Ops.selfAttention(packed: Ops.concatenate([q, k, v], axis: 2), heads: heads, mask: mask)
        let h = try Ops.add(x, attentionOutput.forward(attended).output)
        // Feed-forward block.
        let hidden = Ops.exactGELU(try intermediate.forward(feedForwardNorm.forward(h).output).output)
        return try Ops.add(h, output.forward(hidden).output)
    }
}
