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
        return (multiply(x, scale), Cache(scale: scale))
    }

    /// `residual + forward(x)` in one pass (the residual branches of the transformer layers).
    public func forwardAdding(_ x: Tensor, to residual: Tensor, training: Bool,
                              generator: inout SeededGenerator) throws -> (output: Tensor, cache: Cache) {
        try x.checkShape(residual.shape, "dropout: residual")
        let scale = training && rate > 0 ? mask(count: x.count, generator: &generator) : []
        let y = Tensor(uninitialized: x.shape) { y in
            x.withUnsafeBufferPointer { x in residual.withUnsafeBufferPointer { r in scale.withUnsafeBufferPointer { s in
                let (xs, rs, ys) = (SendablePointer(x.baseAddress!), SendablePointer(r.baseAddress!), SendablePointer(y))
                let ss = s.isEmpty ? nil : SendablePointer(s.baseAddress!)
                parallelFor(x.count, costPerItem: 2) { range in
                    if let ss {
                        for i in range { ys.base[i] = rs.base[i] + xs.base[i] * ss.base[i] }
                    } else {
                        for i in range { ys.base[i] = rs.base[i] + xs.base[i] }
                    }
                }
            } } }
        }
        return (y, Cache(scale: scale))
    }

    /// Backward of `forward` (and of the dropped branch of `forwardAdding`): y = x ⊙ scale ⇒ dx = dy ⊙ scale.
    public func backward(_ dOutput: Tensor, cache: Cache) throws -> Tensor {
        if cache.scale.isEmpty { return dOutput }
        try check(dOutput.count == cache.scale.count,
                  "dropout: output gradient has \(dOutput.count) values, expected \(cache.scale.count)")
        return multiply(dOutput, cache.scale)
    }

    private func multiply(_ x: Tensor, _ scale: [Float]) -> Tensor {
        Tensor(uninitialized: x.shape) { y in
            x.withUnsafeBufferPointer { x in scale.withUnsafeBufferPointer { s in
                let (xs, ss, ys) = (SendablePointer(x.baseAddress!), SendablePointer(s.baseAddress!), SendablePointer(y))
                parallelFor(x.count, costPerItem: 2) { range in
                    for i in range { ys.base[i] = xs.base[i] * ss.base[i] }
                }
            } }
        }
    }

    /// The per-value scale (0 or 1/(1 − rate)). The values are cut into blocks of 4,096; block c
    /// draws from its own generator seeded by (one draw of `generator`, c), so blocks can be filled
    /// in parallel and the mask does not depend on the thread count. Each 64-bit draw gives four
    /// 16-bit uniforms; a value is dropped when its uniform is below rate·2¹⁶ (the rate is
    /// honoured to 1/65,536).
    func mask(count: Int, generator: inout SeededGenerator) -> [Float] {
        let keepBits = (1 / (1 - rate)).bitPattern
        let threshold = UInt32((Double(rate) * 65_536).rounded())
        // Branch-free: u − threshold wraps (top bit set) exactly when u < threshold, i.e. dropped.
        @inline(__always) func value(_ uniform: UInt32) -> Float {
            let dropped = (uniform &- threshold) >> 31
            return Float(bitPattern: keepBits & (dropped &- 1))
        }
        let streamSeed = generator.next()
        let blockSize = 4096, blocks = (count + blockSize - 1) / blockSize
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            let out = SendablePointer(buffer.baseAddress!)
            parallelFor(blocks, costPerItem: blockSize) { range in
                for block in range {
                    var stream = SeededGenerator(seed: streamSeed &+ UInt64(block) &* 0x9E37_79B9_7F4A_7C15)
                    let start = block * blockSize, end = min(count, start + blockSize)
                    var i = start
                    while i + 4 <= end {
                        let bits = stream.next()
                        out.base[i] = value(UInt32(truncatingIfNeeded: bits) & 0xFFFF)
                        out.base[i + 1] = value(UInt32(truncatingIfNeeded: bits >> 16) & 0xFFFF)
                        out.base[i + 2] = value(UInt32(truncatingIfNeeded: bits >> 32) & 0xFFFF)
                        out.base[i + 3] = value(UInt32(truncatingIfNeeded: bits >> 48))
                        i += 4
                    }
                    var bits = stream.next()
                    while i < end {
                        out.base[i] = value(UInt32(truncatingIfNeeded: bits) & 0xFFFF)
                        bits >>= 16
                        i += 1
                    }
                }
            }
            initialized = count
        }
    }
}
