// Dropout: in training, zero each value with probability `rate` and scale survivors by
// 1/(1 − rate) (inverted dropout, so evaluation is the identity). Masks come from the caller's
// SeededGenerator, drawn in row-major order: same seed, same mask.

public struct Dropout: Sendable {
    public let rate: Float

    public init(rate: Float) throws {
        guard rate >= 0, rate < 1 else {
            throw TensorError.invalidArgument("dropout rate \(rate): expected 0 ≤ rate < 1")
        }
        self.rate = rate
    }

    public struct Cache: Sendable {
        /// 0 or 1/(1 − rate) per value; empty when the layer was the identity.
        let scale: [Float]
    }

    /// Identity when `training` is false or the rate is 0 (the generator is then not advanced).
    public func forward(_ x: Tensor, training: Bool, generator: inout SeededGenerator) -> (output: Tensor, cache: Cache) {
        guard training, rate > 0 else { return (x, Cache(scale: [])) }
        let scale = mask(count: x.count, generator: &generator)
        var y = x
        y.withUnsafeMutableBufferPointer { y in for i in 0..<y.count { y[i] *= scale[i] } }
        return (y, Cache(scale: scale))
    }

    /// Backward of `forward`: y = x ⊙ scale ⇒ dx = dy ⊙ scale.
    public func backward(_ dOutput: Tensor, cache: Cache) throws -> Tensor {
        if cache.scale.isEmpty { return dOutput }
        try check(dOutput.count == cache.scale.count,
                  "dropout: output gradient has \(dOutput.count) values, expected \(cache.scale.count)")
        var dx = dOutput
        dx.withUnsafeMutableBufferPointer { dx in for i in 0..<dx.count { dx[i] *= cache.scale[i] } }
        return dx
    }

    /// The per-value scale (0 or 1/(1 − rate)); two uniforms of 32 bits from each 64-bit draw.
    func mask(count: Int, generator: inout SeededGenerator) -> [Float] {
        let keep = 1 / (1 - rate)
        // A value is dropped when its 32-bit uniform falls below rate·2³².
        let threshold = UInt64((Double(rate) * 4_294_967_296.0).rounded())
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            var i = 0
            while i < count {
                let bits = generator.next()
                buffer[i] = (bits & 0xFFFF_FFFF) < threshold ? 0 : keep
                if i + 1 < count { buffer[i + 1] = (bits >> 32) < threshold ? 0 : keep }
                i += 2
            }
            initialized = count
        }
    }
}
