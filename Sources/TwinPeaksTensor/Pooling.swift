// Masked pooling over tokens: [batch, tokens, width] → [batch, width], ignoring padding. A
// sequence with no real token pools to zeros (and passes no gradient).

extension Ops {
    /// Mean over the real tokens of each sequence.
    public static func maskedMeanPool(_ x: Tensor, mask: TokenMask) throws -> Tensor {
        try x.checkShape([nil, nil, nil], "masked mean pool: input")
        let (batch, length, width) = (x.shape[0], x.shape[1], x.shape[2])
        try mask.check(batch: batch, length: length, "masked mean pool")
        let counts = mask.lengths
        var y = Tensor(zeros: [batch, width])
        y.withUnsafeMutableBufferPointer { y in x.withUnsafeBufferPointer { x in
            for b in 0..<batch where counts[b] > 0 {
                let out = y.baseAddress! + b * width
                for t in 0..<length where mask.valid[b * length + t] {
                    let row = x.baseAddress! + (b * length + t) * width
                    for j in 0..<width { out[j] += row[j] }
                }
                let inverse = 1 / Float(counts[b])
                for j in 0..<width { out[j] *= inverse }
            }
        } }
        return y
    }

    /// Backward of `maskedMeanPool`: y_b = Σ_valid x_bt / n_b ⇒ dx_bt = dy_b / n_b at real tokens, 0 at padding.
    public static func maskedMeanPoolBackward(_ dOutput: Tensor, mask: TokenMask) throws -> Tensor {
        try dOutput.checkShape([mask.batch, nil], "masked mean pool backward: output gradient")
        let (batch, length, width) = (mask.batch, mask.length, dOutput.shape[1])
        let counts = mask.lengths
        var dx = Tensor(zeros: [batch, length, width])
        dx.withUnsafeMutableBufferPointer { dx in dOutput.withUnsafeBufferPointer { dy in
            for b in 0..<batch where counts[b] > 0 {
                let inverse = 1 / Float(counts[b])
                for t in 0..<length where mask.valid[b * length + t] {
                    let row = dx.baseAddress! + (b * length + t) * width
                    for j in 0..<width { row[j] = dy[b * width + j] * inverse }
                }
            }
        } }
        return dx
    }

    /// Which token gave each pooled maximum (-1 where the sequence had no real token).
    public struct MaxPoolCache: Sendable {
        let inputShape: [Int]
        let argmax: [Int32]
    }

    /// Maximum over the real tokens of each sequence, per channel.
    public static func maskedMaxPool(_ x: Tensor, mask: TokenMask) throws -> (output: Tensor, cache: MaxPoolCache) {
        try x.checkShape([nil, nil, nil], "masked max pool: input")
        let (batch, length, width) = (x.shape[0], x.shape[1], x.shape[2])
        try mask.check(batch: batch, length: length, "masked max pool")
        var y = Tensor(zeros: [batch, width])
        var argmax = [Int32](repeating: -1, count: batch * width)
        y.withUnsafeMutableBufferPointer { y in x.withUnsafeBufferPointer { x in
            for b in 0..<batch {
                for t in 0..<length where mask.valid[b * length + t] {
                    let row = x.baseAddress! + (b * length + t) * width
                    for j in 0..<width where argmax[b * width + j] < 0 || row[j] > y[b * width + j] {
                        y[b * width + j] = row[j]
                        argmax[b * width + j] = Int32(t)
                    }
                }
            }
        } }
        return (y, MaxPoolCache(inputShape: x.shape, argmax: argmax))
    }

    /// Backward of `maskedMaxPool`: the gradient goes to the token that held the maximum.
    public static func maskedMaxPoolBackward(_ dOutput: Tensor, cache: MaxPoolCache) throws -> Tensor {
        let (batch, length, width) = (cache.inputShape[0], cache.inputShape[1], cache.inputShape[2])
        try dOutput.checkShape([batch, width], "masked max pool backward: output gradient")
        var dx = Tensor(zeros: cache.inputShape)
        dx.withUnsafeMutableBufferPointer { dx in
            for b in 0..<batch {
                for j in 0..<width where cache.argmax[b * width + j] >= 0 {
                    dx[(b * length + Int(cache.argmax[b * width + j])) * width + j] += dOutput.values[b * width + j]
                }
            }
        }
        return dx
    }
}
