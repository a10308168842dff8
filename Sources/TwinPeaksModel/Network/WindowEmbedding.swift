// Sliced-window embedding: a partner's residues are cut into windows of w residues with stride s;
// each window's features (w × D, flattened) go through one learned linear map to the model width,
// plus a learned position per window index. A long chain becomes a short token sequence.

import TwinPeaksTensor

public struct WindowEmbedding {
    public let windowSize: Int
    public let windowStride: Int
    public let featureWidth: Int
    public let projection: Linear
    /// [maxTokens, width]: "window_embedding.position".
    public let position: Parameter
    let store: ParameterStore

    public init(windowSize: Int, windowStride: Int, featureWidth: Int, width: Int, maxTokens: Int,
                store: ParameterStore, generator: inout SeededGenerator) throws {
        self.windowSize = windowSize
        self.windowStride = windowStride
        self.featureWidth = featureWidth
        self.store = store
        projection = try Linear("window_embedding.projection", inputWidth: windowSize * featureWidth,
                                outputWidth: width, store: store, generator: &generator)
        position = try store.register("window_embedding.position", shape: [maxTokens, width], decays: false,
                                      initialization: .normal(standardDeviation: 0.02), using: &generator)
    }

    public struct Cache {
        let projection: Linear.Cache
        let tokens: Int
    }

    /// Tokens for residues [B, L, D] with `lengths[b]` real residues each (the rest padding).
    /// Token t covers residues [t·s, t·s + w); a row of L residues has exactly the
    /// ⌈max(L − w, 0)/s⌉ + 1 tokens it would have alone, so padding never adds a token.
    public func tokenMask(lengths: [Int], tokens: Int) throws -> TokenMask {
        var valid = [Bool](repeating: false, count: lengths.count * tokens)
        for (b, length) in lengths.enumerated() {
            let own = max(length - windowSize, 0).quotientRoundingUp(windowStride) + 1
            for t in 0..<min(own, tokens) { valid[b * tokens + t] = true }
        }
        return try TokenMask(batch: lengths.count, length: tokens, valid: valid)
    }

    /// residues [B, L, D] → tokens [B, T, width] with T = ⌈max(L − w, 0)/s⌉ + 1. Windows that run past
    /// L read zeros (padding), so a sample's tokens do not depend on the batch's longest partner.
    public func forward(_ residues: Tensor) throws -> (output: Tensor, cache: Cache) {
        try residues.checkShape([nil, nil, featureWidth], "window embedding: residue features")
        let (batch, length) = (residues.shape[0], residues.shape[1])
        let tokens = max(length - windowSize, 0).quotientRoundingUp(windowStride) + 1
        guard tokens <= position.shape[0] else {
            throw ModelError.input("window embedding: \(length) residues make \(tokens) tokens, "
                                   + "more than the \(position.shape[0]) the model was built for")
        }
        // windows[b, t, :] = residues[b, t·s ..< t·s + w, :] flattened (zeros past L)
        let rowWidth = windowSize * featureWidth
        var windows = [Float](repeating: 0, count: batch * tokens * rowWidth)
        residues.withUnsafeBufferPointer { x in
            for b in 0..<batch {
                for t in 0..<tokens {
                    let start = t * windowStride
                    let count = min(windowSize, length - start)
                    if count <= 0 { continue }
                    let source = (b * length + start) * featureWidth
                    let target = (b * tokens + t) * rowWidth
                    for i in 0..<(count * featureWidth) { windows[target + i] = x[source + i] }
                }
            }
        }
        let (projected, projectionCache) = try projection.forward(Tensor(shape: [batch, tokens, rowWidth], values: windows))
        // y = projected + position[0 ..< T]
        let positions = try Ops.slice(store.value(position), axis: 0, range: 0..<tokens)
        let y = try Ops.add(projected, positions)
        return (y, Cache(projection: projectionCache, tokens: tokens))
    }

    /// Backward of `forward`: y = x_w·Wᵀ + b + P[t] ⇒ dW, db from the projection; dP[t] += Σ_b dy[b, t].
    /// Residue features are inputs, not parameters, so no gradient flows to them.
    public func backward(_ dOutput: Tensor, cache: Cache) throws {
        _ = try projection.backward(dOutput, cache: cache.projection)
        let dPositions = try Ops.sum(dOutput, axis: 0)  // [T, width]
        let full = try Ops.sliceBackward(dPositions, inputShape: position.shape, axis: 0, range: 0..<cache.tokens)
        try store.accumulateGradient(position, full)
    }
}
