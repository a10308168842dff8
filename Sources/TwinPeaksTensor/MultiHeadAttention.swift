// Multi-head attention with a key padding mask: queries from one sequence, keys and values from
// another (cross-attention) or the same one (self-attention, one fused QKV product). The per-head
// kernels are in AttentionKernels.swift.

public struct MultiHeadAttention {
    public let name: String
    public let width: Int
    public let heads: Int
    public var headWidth: Int { width / heads }
    /// Projections "<name>.query|key|value|output" ([width, width] weights, [width] biases).
    public let query: Linear, key: Linear, value: Linear, output: Linear
    /// Dropout on the attention probabilities (training only).
    public let attentionDropout: Dropout
    /// The query, key and value weights are registered adjacently, so [3·width, width] starting at
    /// the query weight is the fused QKV matrix (and the key weight starts the fused KV matrix).
    let queryKeyValue: Linear
    let keyValue: Linear
    let store: ParameterStore

    public init(_ name: String, width: Int, heads: Int, attentionDropout: Float = 0,
                store: ParameterStore, generator: inout SeededGenerator) throws {
        guard width > 0, heads > 0, width % heads == 0 else {
            throw TensorError.invalidArgument("attention \(name): width \(width) must be a positive multiple of heads \(heads)")
        }
        self.name = name
        self.width = width
        self.heads = heads
        self.store = store
        self.attentionDropout = try Dropout(rate: attentionDropout)
        let xavier = ParameterInitialization.xavierUniform(fanIn: width, fanOut: width)
        var weights: [Parameter] = [], biases: [Parameter] = []
        for part in ["query", "key", "value"] {
            weights.append(try store.register("\(name).\(part).weight", shape: [width, width], decays: true,
                                              initialization: xavier, using: &generator))
        }
        for part in ["query", "key", "value"] {
            biases.append(try store.register("\(name).\(part).bias", shape: [width], decays: false,
                                             initialization: .zeros, using: &generator))
        }
        query = Linear("\(name).query", weight: weights[0], bias: biases[0], store: store)
        key = Linear("\(name).key", weight: weights[1], bias: biases[1], store: store)
        value = Linear("\(name).value", weight: weights[2], bias: biases[2], store: store)
        output = try Linear("\(name).output", inputWidth: width, outputWidth: width, store: store, generator: &generator)
        func view(_ first: Parameter, rows: Int, _ suffix: String) -> Parameter {
            let shape = first.shape.count == 2 ? [rows * width, width] : [rows * width]
            return Parameter(name: "\(name).\(suffix)", shape: shape, offset: first.offset,
                             count: shape.reduce(1, *), decays: first.decays, storeID: first.storeID)
        }
        queryKeyValue = Linear("\(name).query_key_value", weight: view(weights[0], rows: 3, "qkv.weight"),
                               bias: view(biases[0], rows: 3, "qkv.bias"), store: store)
        keyValue = Linear("\(name).key_value", weight: view(weights[1], rows: 2, "kv.weight"),
                          bias: view(biases[1], rows: 2, "kv.bias"), store: store)
    }

    public struct Cache {
        let isSelfAttention: Bool
        let queryInput: Tensor        // [B, Tq, W]
        let contextInput: Tensor      // [B, Tk, W] (self-attention: the same tensor)
        /// Self: [B·T, 3W] rows q|k|v. Cross: queries [B·Tq, W] here and keyValues [B·Tk, 2W].
        let projected: Tensor
        let keyValues: Tensor
        let mask: TokenMask
        let probabilities: Tensor     // [B, H, Tq, Tk], softmax before dropout
        let dropoutScale: [Float]     // per probability; empty without attention dropout
        let attended: Tensor          // [B, Tq, W], heads side by side: the output projection's input
    }

    /// Self-attention: x [B, T, W], mask [B, T] (false = padding key) → [B, T, W].
    public func forwardSelf(_ x: Tensor, mask: TokenMask, training: Bool,
                            generator: inout SeededGenerator) throws -> (output: Tensor, cache: Cache) {
        try x.checkShape([nil, nil, width], "attention \(name): input")
        try mask.check(batch: x.shape[0], length: x.shape[1], "attention \(name)")
        let (batch, length) = (x.shape[0], x.shape[1])
        // [q|k|v] = x·[Wq;Wk;Wv]ᵀ + [bq;bk;bv]   one [B·T, W]×[W, 3W] product
        let qkv = Tensor(uninitialized: [batch * length, 3 * width]) { qkv in
            x.withUnsafeBufferPointer { queryKeyValue.forward(rows: batch * length, $0.baseAddress!, into: qkv) }
        }
        let layout = AttentionLayout(batch: batch, queryLength: length, keyLength: length, width: width, heads: heads,
                                     queryStride: 3 * width, keyValueStride: 3 * width,
                                     keyOffset: width, valueOffset: 2 * width)
        return try attend(layout, queryInput: x, contextInput: x, projected: qkv, keyValues: qkv, mask: mask,
                          isSelf: true, training: training, generator: &generator)
    }

    /// Cross-attention: queries from x [B, Tq, W], keys and values from context [B, Tk, W];
    /// contextMask [B, Tk] (false = padding key) → [B, Tq, W].
    public func forward(query x: Tensor, context: Tensor, contextMask: TokenMask, training: Bool,
                        generator: inout SeededGenerator) throws -> (output: Tensor, cache: Cache) {
        try x.checkShape([nil, nil, width], "attention \(name): query input")
        try context.checkShape([x.shape[0], nil, width], "attention \(name): context input")
        try contextMask.check(batch: context.shape[0], length: context.shape[1], "attention \(name) context")
        let (batch, queryLength, keyLength) = (x.shape[0], x.shape[1], context.shape[1])
        // q = x·Wqᵀ + bq;  [k|v] = c·[Wk;Wv]ᵀ + [bk;bv]
        let q = Tensor(uninitialized: [batch * queryLength, width]) { q in
            x.withUnsafeBufferPointer { query.forward(rows: batch * queryLength, $0.baseAddress!, into: q) }
        }
        let kv = Tensor(uninitialized: [batch * keyLength, 2 * width]) { kv in
            context.withUnsafeBufferPointer { keyValue.forward(rows: batch * keyLength, $0.baseAddress!, into: kv) }
        }
        let layout = AttentionLayout(batch: batch, queryLength: queryLength, keyLength: keyLength, width: width,
                                     heads: heads, queryStride: width, keyValueStride: 2 * width,
                                     keyOffset: 0, valueOffset: width)
        return try attend(layout, queryInput: x, contextInput: context, projected: q, keyValues: kv,
                          mask: contextMask, isSelf: false, training: training, generator: &generator)
    }

    private func attend(_ layout: AttentionLayout, queryInput: Tensor, contextInput: Tensor, projected: Tensor,
                        keyValues: Tensor, mask: TokenMask, isSelf: Bool, training: Bool,
                        generator: inout SeededGenerator) throws -> (output: Tensor, cache: Cache) {
        let probabilityCount = layout.batch * heads * layout.queryLength * layout.keyLength
        let dropoutScale = training && attentionDropout.rate > 0
            ? attentionDropout.mask(count: probabilityCount, generator: &generator) : []
        // The key mask as additive bias (0 / −∞, for the maximum) and factor (1 / 0, for the exponentials).
        let maskBias = mask.valid.map { $0 ? Float(0) : -Float.infinity }
        let maskKeep = mask.valid.map { $0 ? Float(1) : 0 }
        var probabilities = Tensor(zeros: [])
        // P = softmax_mask(q·kᵀ/√d);  attended = drop(P)·v   per batch entry and head
        let attended = Tensor(uninitialized: [layout.batch, layout.queryLength, width]) { attended in
            probabilities = Tensor(uninitialized: [layout.batch, heads, layout.queryLength, layout.keyLength]) { p in
                projected.withUnsafeBufferPointer { q in keyValues.withUnsafeBufferPointer { kv in
                    maskBias.withUnsafeBufferPointer { bias in maskKeep.withUnsafeBufferPointer { keep in
                        dropoutScale.withUnsafeBufferPointer { scale in
                            attentionForward(layout, queries: q.baseAddress!, keyValues: kv.baseAddress!,
                                             maskBias: bias.baseAddress!, maskKeep: keep.baseAddress!,
                                             dropoutScale: scale.isEmpty ? nil : scale.baseAddress,
                                             probabilities: p, attended: attended)
                        }
                    } }
                } }
            }
        }
        // y = attended·Woᵀ + bo
        let y = Tensor(uninitialized: queryInput.shape) { y in
            attended.withUnsafeBufferPointer { output.forward(rows: layout.batch * layout.queryLength, $0.baseAddress!, into: y) }
        }
        return (y, Cache(isSelfAttention: isSelf, queryInput: queryInput, contextInput: contextInput,
                         projected: projected, keyValues: keyValues, mask: mask, probabilities: probabilities,
                         dropoutScale: dropoutScale, attended: attended))
    }

    /// Backward of `forwardSelf`: the gradients through queries, keys and values all reach the one
    /// input, summed by the fused product dx = d[q|k|v]·[Wq;Wk;Wv].
    public func backwardSelf(_ dOutput: Tensor, cache: Cache) throws -> Tensor {
        guard cache.isSelfAttention else {
            throw TensorError.invalidArgument("attention \(name): backwardSelf given a cross-attention cache; use backward")
        }
        let dProjected = try projectionGradients(dOutput, cache: cache).dProjected
        let rows = cache.queryInput.count / width
        return Tensor(uninitialized: cache.queryInput.shape) { dx in
            dProjected.withUnsafeBufferPointer { dqkv in cache.queryInput.withUnsafeBufferPointer { x in
                queryKeyValue.backward(rows: rows, dqkv.baseAddress!, input: x.baseAddress!, dInput: dx, accumulate: false)
            } }
        }
    }

    /// Backward of `forward(query:context:...)`: gradients for the query input and the context.
    /// (Called with the same tensor as query and context, the caller adds the two.)
    public func backward(_ dOutput: Tensor, cache: Cache) throws -> (dQuery: Tensor, dContext: Tensor) {
        guard !cache.isSelfAttention else {
            throw TensorError.invalidArgument("attention \(name): backward given a self-attention cache; use backwardSelf")
        }
        let (dQueries, dKeyValues) = try projectionGradients(dOutput, cache: cache)
        let queryRows = cache.queryInput.count / width, keyRows = cache.contextInput.count / width
        let dQuery = Tensor(uninitialized: cache.queryInput.shape) { dx in
            dQueries.withUnsafeBufferPointer { dq in cache.queryInput.withUnsafeBufferPointer { x in
                query.backward(rows: queryRows, dq.baseAddress!, input: x.baseAddress!, dInput: dx, accumulate: false)
            } }
        }
        let dContext = Tensor(uninitialized: cache.contextInput.shape) { dc in
            dKeyValues.withUnsafeBufferPointer { dkv in cache.contextInput.withUnsafeBufferPointer { c in
                keyValue.backward(rows: keyRows, dkv.baseAddress!, input: c.baseAddress!, dInput: dc, accumulate: false)
            } }
        }
        return (dQuery, dContext)
    }

    /// Output projection and attention core backward: returns d(projected) (self: d[q|k|v]; cross:
    /// dq, with d[k|v] in `dKeyValues`).
    private func projectionGradients(_ dOutput: Tensor, cache: Cache) throws
        -> (dProjected: Tensor, dKeyValues: Tensor) {
        try dOutput.checkShape(cache.queryInput.shape, "attention \(name): output gradient")
        let (batch, queryLength) = (cache.queryInput.shape[0], cache.queryInput.shape[1])
        let keyLength = cache.contextInput.shape[1]
        let layout = cache.isSelfAttention
            ? AttentionLayout(batch: batch, queryLength: queryLength, keyLength: keyLength, width: width, heads: heads,
                              queryStride: 3 * width, keyValueStride: 3 * width, keyOffset: width, valueOffset: 2 * width)
            : AttentionLayout(batch: batch, queryLength: queryLength, keyLength: keyLength, width: width, heads: heads,
                              queryStride: width, keyValueStride: 2 * width, keyOffset: 0, valueOffset: width)
        // y = attended·Woᵀ + bo ⇒ dAttended = dy·Wo;  dWo += dyᵀ·attended;  dbo += Σ dy
        let dAttended = Tensor(uninitialized: cache.attended.shape) { da in
            dOutput.withUnsafeBufferPointer { dy in cache.attended.withUnsafeBufferPointer { a in
                output.backward(rows: batch * queryLength, dy.baseAddress!, input: a.baseAddress!, dInput: da, accumulate: false)
            } }
        }
        // Every entry of dq, dk, dv is written by exactly one head, so no zero fill is needed.
        var dProjected = Tensor(uninitialized: cache.projected.shape) { _ in }
        var dKV = cache.isSelfAttention ? Tensor(zeros: []) : Tensor(uninitialized: cache.keyValues.shape) { _ in }
        dProjected.withUnsafeMutableBufferPointer { dq in dKV.withUnsafeMutableBufferPointer { dkv in
            cache.projected.withUnsafeBufferPointer { q in cache.keyValues.withUnsafeBufferPointer { kv in
                cache.probabilities.withUnsafeBufferPointer { p in dAttended.withUnsafeBufferPointer { da in
                    cache.dropoutScale.withUnsafeBufferPointer { scale in
                        attentionBackward(layout, dAttended: da.baseAddress!, queries: q.baseAddress!,
                                          keyValues: kv.baseAddress!, probabilities: p.baseAddress!,
                                          dropoutScale: scale.isEmpty ? nil : scale.baseAddress,
                                          dQueries: dq.baseAddress!,
                                          dKeyValues: cache.isSelfAttention ? dq.baseAddress! : dkv.baseAddress!)
                    }
                } }
            } }
        } }
        return (dProjected, dKV)
    }
}
