// The shared trunk: window embedding → transformer encoder (weights shared by both partners) →
// cross-attention in both directions → final LayerNorm. Produces per-token representations of
// both partners; pooling and heads live elsewhere.

import TwinPeaksTensor

public struct PartnerEncoder {
    public let embedding: WindowEmbedding
    public let encoder: [EncoderLayer]
    /// One layer per depth, used in both directions (partner 1 → 2 and 2 → 1) with shared weights.
    public let cross: [CrossAttentionLayer]
    public let finalNorm: LayerNorm

    public init(configuration c: ModelConfiguration, featureWidth: Int, store: ParameterStore,
                generator: inout SeededGenerator) throws {
        embedding = try WindowEmbedding(windowSize: c.windowSize, windowStride: c.windowStride,
                                        featureWidth: featureWidth, width: c.width, maxTokens: c.maxTokens,
                                        store: store, generator: &generator)
        encoder = try (0..<c.encoderLayers).map {
            try EncoderLayer("encoder.\($0)", width: c.width, heads: c.heads, feedForwardWidth: c.feedForwardWidth,
                             dropout: c.dropout, store: store, generator: &generator)
        }
        cross = try (0..<c.crossLayers).map {
            try CrossAttentionLayer("cross.\($0)", width: c.width, heads: c.heads, feedForwardWidth: c.feedForwardWidth,
                                    dropout: c.dropout, store: store, generator: &generator)
        }
        finalNorm = try LayerNorm("final_norm", width: c.width, store: store, generator: &generator)
    }

    /// One partner's residue features, zero-padded: [B, L, D], with the real length of each row.
    public struct PartnerResidues {
        public var features: Tensor
        public var lengths: [Int]
        public init(features: Tensor, lengths: [Int]) {
            self.features = features
            self.lengths = lengths
        }
    }

    public struct Output {
        /// Final per-token representations [B, T_p, width] of partner 1 and 2.
        public let tokens: (Tensor, Tensor)
        public let masks: (TokenMask, TokenMask)
    }

    public struct Cache {
        let embedding: (WindowEmbedding.Cache, WindowEmbedding.Cache)
        let encoder: ([EncoderLayer.Cache], [EncoderLayer.Cache])
        let cross: [(CrossAttentionLayer.Cache, CrossAttentionLayer.Cache)]
        let finalNorm: (LayerNorm.Cache, LayerNorm.Cache)
        /// Set when the embedding and encoder caches hold each distinct row once (evaluation mode
        /// only): the rows of each partner and their distinct rows.
        let repeated: (RepeatedRows, RepeatedRows)?
        var sharedRows: Bool { repeated != nil }
    }

    public func forward(_ partner1: PartnerResidues, _ partner2: PartnerResidues, training: Bool,
                        generator: inout SeededGenerator) throws -> (output: Output, cache: Cache) {
        // In evaluation mode a partner repeated across rows (a scan's unmutated partner, the wild
        // type of every pass) is encoded once; its cross-attention still reads each row's other partner.
        let repeated = training ? nil : (RepeatedRows(partner1), RepeatedRows(partner2))
        let shared = repeated.map { !$0.0.allDistinct || !$0.1.allDistinct } ?? false
        let input1 = shared ? try repeated!.0.distinct(partner1) : partner1
        let input2 = shared ? try repeated!.1.distinct(partner2) : partner2
        var (e1, embeddingCache1) = try embedding.forward(input1.features)
        var (e2, embeddingCache2) = try embedding.forward(input2.features)
        let encoderMask1 = try embedding.tokenMask(lengths: input1.lengths, tokens: e1.shape[1])
        let encoderMask2 = try embedding.tokenMask(lengths: input2.lengths, tokens: e2.shape[1])
        var encoderCaches: ([EncoderLayer.Cache], [EncoderLayer.Cache]) = ([], [])
        for layer in encoder {
            let (next1, cache1) = try layer.forward(e1, mask: encoderMask1, training: training, generator: &generator)
            let (next2, cache2) = try layer.forward(e2, mask: encoderMask2, training: training, generator: &generator)
            (e1, e2) = (next1, next2)
            encoderCaches.0.append(cache1)
            encoderCaches.1.append(cache2)
        }
        var h1 = shared ? try repeated!.0.expand(e1) : e1
        var h2 = shared ? try repeated!.1.expand(e2) : e2
        let mask1 = try embedding.tokenMask(lengths: partner1.lengths, tokens: h1.shape[1])
        let mask2 = try embedding.tokenMask(lengths: partner2.lengths, tokens: h2.shape[1])
        // Both directions read the same inputs: h1' = C(h1 | h2), h2' = C(h2 | h1).
        var crossCaches: [(CrossAttentionLayer.Cache, CrossAttentionLayer.Cache)] = []
        for layer in cross {
            let (next1, cache1) = try layer.forward(h1, context: h2, contextMask: mask2, training: training,
                                                    generator: &generator)
            let (next2, cache2) = try layer.forward(h2, context: h1, contextMask: mask1, training: training,
                                                    generator: &generator)
            (h1, h2) = (next1, next2)
            crossCaches.append((cache1, cache2))
        }
        let (final1, normCache1) = try finalNorm.forward(h1)
        let (final2, normCache2) = try finalNorm.forward(h2)
        return (Output(tokens: (final1, final2), masks: (mask1, mask2)),
                Cache(embedding: (embeddingCache1, embeddingCache2), encoder: encoderCaches,
                      cross: crossCaches, finalNorm: (normCache1, normCache2), repeated: shared ? repeated : nil))
    }

    /// Backward of `forward`. Cross layer: h1' = C(h1 | h2), h2' = C(h2 | h1) ⇒
    /// dh1 = ∂h1'/∂h1ᵀ·dh1' + ∂h2'/∂h1ᵀ·dh2' (h1 as context), and the same for h2.
    /// Shared weights add their gradients from every use.
    public func backward(_ dTokens1: Tensor, _ dTokens2: Tensor, cache: Cache) throws {
        var dh1 = try finalNorm.backward(dTokens1, cache: cache.finalNorm.0)
        var dh2 = try finalNorm.backward(dTokens2, cache: cache.finalNorm.1)
        for (layer, caches) in zip(cross, cache.cross).reversed() {
            let (dInput1, dContext2) = try layer.backward(dh1, cache: caches.0)
            let (dInput2, dContext1) = try layer.backward(dh2, cache: caches.1)
            dh1 = try Ops.add(dInput1, dContext1)
            dh2 = try Ops.add(dInput2, dContext2)
        }
        // A shared row's gradient is the sum over the rows it was copied to (the copy's backward).
        if let repeated = cache.repeated {
            dh1 = try repeated.0.reduce(dh1)
            dh2 = try repeated.1.reduce(dh2)
        }
        for (index, layer) in encoder.enumerated().reversed() {
            dh1 = try layer.backward(dh1, cache: cache.encoder.0[index])
            dh2 = try layer.backward(dh2, cache: cache.encoder.1[index])
        }
        try embedding.backward(dh1, cache: cache.embedding.0)
        try embedding.backward(dh2, cache: cache.embedding.1)
    }
}
