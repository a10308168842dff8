// Self-attention for inference: softmax(q·kᵀ/√d, key padding mask)·v per head, from queries,
// keys and values already projected (and, for ESM-2, rotated). The same per-head kernel as
// training (AttentionKernels.swift), without the caches a backward pass would need.

extension Ops {
    /// q|k|v packed along the last axis, [B, T, 3W] (heads side by side within each third),
    /// mask [B, T] (false = padding key) → attended values [B, T, W]. Padding queries get an
    /// output too (over the real keys); callers drop those rows.
    public static func selfAttention(packed queryKeyValue: Tensor, heads: Int, mask: TokenMask) throws -> Tensor {
        try check(queryKeyValue.rank == 3 && queryKeyValue.shape[2] % (3 * max(heads, 1)) == 0 && heads > 0,
                  "self-attention: packed q|k|v shape \(queryKeyValue.shape) with \(heads) heads, "
                  + "expected [B, T, 3·W] with W a multiple of the heads")
        let (batch, length, width) = (queryKeyValue.shape[0], queryKeyValue.shape[1], queryKeyValue.shape[2] / 3)
        try mask.check(batch: batch, length: length, "self-attention")
        let layout = AttentionLayout(batch: batch, queryLength: length, keyLength: length, width: width, heads: heads,
                                     queryStride: 3 * width, keyValueStride: 3 * width,
                                     keyOffset: width, valueOffset: 2 * width)
        let maskBias = mask.valid.map { $0 ? Float(0) : -Float.infinity }
        let maskKeep = mask.valid.map { $0 ? Float(1) : 0 }
        var probabilities = [Float](repeating: 0, count: layout.units * layout.probabilitiesPerUnit)
        return Tensor(uninitialized: [batch, length, width]) { attended in
            queryKeyValue.withUnsafeBufferPointer { qkv in
                maskBias.withUnsafeBufferPointer { bias in maskKeep.withUnsafeBufferPointer { keep in
                    probabilities.withUnsafeMutableBufferPointer { p in
                        attentionForward(layout, queries: qkv.baseAddress!, keyValues: qkv.baseAddress!,
                                         maskBias: bias.baseAddress!, maskKeep: keep.baseAddress!, dropoutScale: nil,
                                         probabilities: p.baseAddress!, attended: attended)
                    }
                } }
            }
        }
    }
}
