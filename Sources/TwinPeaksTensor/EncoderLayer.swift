// EncoderLayer: one pre-LayerNorm transformer block with bidirectional self-attention,
//   h = x + drop(Attention(LN₁(x)));  y = h + drop(FeedForward(LN₂(h))).

public struct EncoderLayer {
    public let name: String
    /// "<name>.attention_norm", "<name>.attention", "<name>.ffn_norm", "<name>.ffn".
    public let attentionNorm: LayerNorm
    public let attention: MultiHeadAttention
    public let feedForwardNorm: LayerNorm
    public let feedForward: FeedForward
    /// On both residual branches (and inside the feed-forward block, after GELU).
    public let dropout: Dropout

    public init(_ name: String, width: Int, heads: Int, feedForwardWidth: Int, dropout: Float = 0.1,
                attentionDropout: Float = 0, store: ParameterStore, generator: inout SeededGenerator) throws {
        self.name = name
        attentionNorm = try LayerNorm(name + ".attention_norm", width: width, store: store, generator: &generator)
        attention = try MultiHeadAttention(name + ".attention", width: width, heads: heads,
                                           attentionDropout: attentionDropout, store: store, generator: &generator)
        feedForwardNorm = try LayerNorm(name + ".ffn_norm", width: width, store: store, generator: &generator)
        feedForward = try FeedForward(name + ".ffn", width: width, hiddenWidth: feedForwardWidth, dropout: dropout,
                                      store: store, generator: &generator)
        self.dropout = try Dropout(rate: dropout)
    }

    public var width: Int { attention.width }

    public struct Cache {
        let attentionNorm: LayerNorm.Cache
        let attention: MultiHeadAttention.Cache
        let attentionDropout: Dropout.Cache
        let feedForwardNorm: LayerNorm.Cache
        let feedForward: FeedForward.Cache
        let feedForwardDropout: Dropout.Cache
    }

    /// x [B, T, W] with mask [B, T] (false = padding) → [B, T, W]. Rows at padded positions are
    /// computed but carry no information; mask them when pooling.
    public func forward(_ x: Tensor, mask: TokenMask, training: Bool,
                        generator: inout SeededGenerator) throws -> (output: Tensor, cache: Cache) {
        try x.checkShape([nil, nil, width], "encoder layer \(name): input")
        // h = x + drop(Attention(LN₁(x)))
        let (normed, normCache) = try attentionNorm.forward(x)
        let (attended, attentionCache) = try attention.forwardSelf(normed, mask: mask, training: training,
                                                                    generator: &generator)
        let (h, attentionDropoutCache) = try dropout.forwardAdding(attended, to: x, training: training,
                                                                   generator: &generator)
        // y = h + drop(FeedForward(LN₂(h)))
        let (normedH, feedForwardNormCache) = try feedForwardNorm.forward(h)
        let (transformed, feedForwardCache) = try feedForward.forward(normedH, training: training, generator: &generator)
        let (y, feedForwardDropoutCache) = try dropout.forwardAdding(transformed, to: h, training: training,
                                                                     generator: &generator)
        return (y, Cache(attentionNorm: normCache, attention: attentionCache, attentionDropout: attentionDropoutCache,
                         feedForwardNorm: feedForwardNormCache, feedForward: feedForwardCache,
                         feedForwardDropout: feedForwardDropoutCache))
    }

    /// Backward of `forward`:
    /// y = h + drop(FF(LN₂(h))) ⇒ dh = dy + LN₂ᵀ(FFᵀ(drop(dy)));
    /// h = x + drop(Attn(LN₁(x))) ⇒ dx = dh + LN₁ᵀ(Attnᵀ(drop(dh))).
    public func backward(_ dOutput: Tensor, cache: Cache) throws -> Tensor {
        let dTransformed = try dropout.backward(dOutput, cache: cache.feedForwardDropout)
        let dNormedH = try feedForward.backward(dTransformed, cache: cache.feedForward)
        let dH = try addSameShape(dOutput, try feedForwardNorm.backward(dNormedH, cache: cache.feedForwardNorm))
        let dAttended = try dropout.backward(dH, cache: cache.attentionDropout)
        let dNormed = try attention.backwardSelf(dAttended, cache: cache.attention)
        return try addSameShape(dH, try attentionNorm.backward(dNormed, cache: cache.attentionNorm))
    }
}

/// a + b for tensors of the same shape (summing residual gradients), in one pass.
func addSameShape(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    try b.checkShape(a.shape, "residual gradient")
    return Tensor(uninitialized: a.shape) { sum in
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in
            let (xs, ys, ss) = (SendablePointer(a.baseAddress!), SendablePointer(b.baseAddress!), SendablePointer(sum))
            parallelFor(a.count, costPerItem: 2) { range in
                for i in range { ss.base[i] = xs.base[i] + ys.base[i] }
            }
        } }
    }
}
