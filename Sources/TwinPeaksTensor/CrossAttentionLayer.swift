// CrossAttentionLayer: a pre-LayerNorm block where one sequence attends to another (partner 1 to
// partner 2 and back), then an optional feed-forward sub-block:
//   h = x + drop(Attention(query: LN_q(x), context: LN_c(c)));  y = h + drop(FeedForward(LN₂(h))).

public struct CrossAttentionLayer {
    public let name: String
    /// "<name>.query_norm", "<name>.context_norm", "<name>.attention", "<name>.ffn_norm", "<name>.ffn".
    public let queryNorm: LayerNorm
    public let contextNorm: LayerNorm
    public let attention: MultiHeadAttention
    public let feedForwardNorm: LayerNorm?
    public let feedForward: FeedForward?
    public let dropout: Dropout

    /// `feedForwardWidth` nil leaves out the feed-forward sub-block.
    public init(_ name: String, width: Int, heads: Int, feedForwardWidth: Int?, dropout: Float = 0.1,
                attentionDropout: Float = 0, store: ParameterStore, generator: inout SeededGenerator) throws {
        self.name = name
        queryNorm = try LayerNorm(name + ".query_norm", width: width, store: store, generator: &generator)
        contextNorm = try LayerNorm(name + ".context_norm", width: width, store: store, generator: &generator)
        attention = try MultiHeadAttention(name + ".attention", width: width, heads: heads,
                                           attentionDropout: attentionDropout, store: store, generator: &generator)
        if let feedForwardWidth {
            feedForwardNorm = try LayerNorm(name + ".ffn_norm", width: width, store: store, generator: &generator)
            feedForward = try FeedForward(name + ".ffn", width: width, hiddenWidth: feedForwardWidth, dropout: dropout,
                                          store: store, generator: &generator)
        } else {
            feedForwardNorm = nil
            feedForward = nil
        }
        self.dropout = try Dropout(rate: dropout)
    }

    public var width: Int { attention.width }

    public struct Cache {
        let queryNorm: LayerNorm.Cache
        let contextNorm: LayerNorm.Cache
        let attention: MultiHeadAttention.Cache
        let attentionDropout: Dropout.Cache
        let feedForwardNorm: LayerNorm.Cache?
        let feedForward: FeedForward.Cache?
        let feedForwardDropout: Dropout.Cache?
    }

    /// x [B, Tq, W] attends to context [B, Tk, W] (contextMask [B, Tk], false = padding) → [B, Tq, W].
    public func forward(_ x: Tensor, context: Tensor, contextMask: TokenMask, training: Bool,
                        generator: inout SeededGenerator) throws -> (output: Tensor, cache: Cache) {
        try x.checkShape([nil, nil, width], "cross-attention layer \(name): input")
        // h = x + drop(Attention(LN_q(x), LN_c(c)))
        let (normedQuery, queryNormCache) = try queryNorm.forward(x)
        let (normedContext, contextNormCache) = try contextNorm.forward(context)
        let (attended, attentionCache) = try attention.forward(query: normedQuery, context: normedContext,
                                                               contextMask: contextMask, training: training,
                                                               generator: &generator)
        let (h, attentionDropoutCache) = try dropout.forwardAdding(attended, to: x, training: training,
                                                                   generator: &generator)
        guard let feedForward, let feedForwardNorm else {
            return (h, Cache(queryNorm: queryNormCache, contextNorm: contextNormCache, attention: attentionCache,
                             attentionDropout: attentionDropoutCache, feedForwardNorm: nil, feedForward: nil,
                             feedForwardDropout: nil))
        }
        // y = h + drop(FeedForward(LN₂(h)))
        let (normedH, feedForwardNormCache) = try feedForwardNorm.forward(h)
        let (transformed, feedForwardCache) = try feedForward.forward(normedH, training: training, generator: &generator)
        let (y, feedForwardDropoutCache) = try dropout.forwardAdding(transformed, to: h, training: training,
                                                                     generator: &generator)
        return (y,
                Cache(queryNorm: queryNormCache, contextNorm: contextNormCache, attention: attentionCache,
                      attentionDropout: attentionDropoutCache, feedForwardNorm: feedForwardNormCache,
                      feedForward: feedForwardCache, feedForwardDropout: feedForwardDropoutCache))
    }

    /// Backward of `forward`:
    /// y = h + drop(FF(LN₂(h))) ⇒ dh = dy + LN₂ᵀ(FFᵀ(drop(dy)));
    /// h = x + drop(Attn(LN_q(x), LN_c(c))) ⇒ dx = dh + LN_qᵀ(dQuery), dc = LN_cᵀ(dContext).
    public func backward(_ dOutput: Tensor, cache: Cache) throws -> (dInput: Tensor, dContext: Tensor) {
        var dH = dOutput
        if let feedForward, let feedForwardNorm, let ffCache = cache.feedForward,
           let normCache = cache.feedForwardNorm, let dropCache = cache.feedForwardDropout {
            let dTransformed = try dropout.backward(dOutput, cache: dropCache)
            let dNormedH = try feedForward.backward(dTransformed, cache: ffCache)
            dH = try addSameShape(dOutput, try feedForwardNorm.backward(dNormedH, cache: normCache))
        }
        let dAttended = try dropout.backward(dH, cache: cache.attentionDropout)
        let (dNormedQuery, dNormedContext) = try attention.backward(dAttended, cache: cache.attention)
        let dInput = try addSameShape(dH, try queryNorm.backward(dNormedQuery, cache: cache.queryNorm))
        let dContext = try contextNorm.backward(dNormedContext, cache: cache.contextNorm)
        return (dInput, dContext)
    }
}
