// Pooling of per-token representations: the masked mean over a partner's real tokens, and the
// mean over chosen (sample, token) sites — the windows that hold a mutation.

import TwinPeaksTensor

enum TokenPooling {
    /// x [B, T, W], mask [B, T] → [B, W]: mean over the real tokens of each row.
    static func maskedMean(_ x: Tensor, mask: TokenMask) throws -> Tensor {
        let (batch, tokens, width) = (x.shape[0], x.shape[1], x.shape[2])
        var y = [Float](repeating: 0, count: batch * width)
        x.withUnsafeBufferPointer { x in
            for b in 0..<batch {
                var count = 0
                for t in 0..<tokens where mask.valid[b * tokens + t] {
                    count += 1
                    let row = (b * tokens + t) * width
                    for j in 0..<width { y[b * width + j] += x[row + j] }
                }
                let inverse = 1 / Float(max(count, 1))
                for j in 0..<width { y[b * width + j] *= inverse }
            }
        }
        return try Tensor(shape: [batch, width], values: y)
    }

    /// Backward of `maskedMean`: y[b] = Σ_t m[b,t]·x[b,t] / n_b ⇒ dx[b,t] = m[b,t]·dy[b] / n_b.
    static func maskedMeanBackward(_ dOutput: Tensor, mask: TokenMask, width: Int) throws -> Tensor {
        let (batch, tokens) = (mask.batch, mask.length)
        var dx = [Float](repeating: 0, count: batch * tokens * width)
        dOutput.withUnsafeBufferPointer { dy in
            for b in 0..<batch {
                let count = (0..<tokens).reduce(0) { $0 + (mask.valid[b * tokens + $1] ? 1 : 0) }
                let inverse = 1 / Float(max(count, 1))
                for t in 0..<tokens where mask.valid[b * tokens + t] {
                    let row = (b * tokens + t) * width
                    for j in 0..<width { dx[row + j] = dy[b * width + j] * inverse }
                }
            }
        }
        return try Tensor(shape: [batch, tokens, width], values: dx)
    }

    /// A site: token `token` of sample `sample` in partner `partner` (0 or 1).
    struct Site: Hashable {
        var sample: Int
        var partner: Int
        var token: Int
    }

    /// Row r of the output is the mean of the partner tokens at `sites[r]` ([R, W]); an empty
    /// site list gives a zero row.
    static func siteMean(_ tokens: (Tensor, Tensor), sites: [[Site]]) -> Tensor {
        let width = tokens.0.shape[2]
        var y = [Float](repeating: 0, count: sites.count * width)
        tokens.0.withUnsafeBufferPointer { x0 in tokens.1.withUnsafeBufferPointer { x1 in
            for (r, list) in sites.enumerated() where !list.isEmpty {
                let inverse = 1 / Float(list.count)
                for site in list {
                    let x = site.partner == 0 ? x0 : x1
                    let length = site.partner == 0 ? tokens.0.shape[1] : tokens.1.shape[1]
                    let row = (site.sample * length + site.token) * width
                    for j in 0..<width { y[r * width + j] += x[row + j] * inverse }
                }
            }
        } }
        return try! Tensor(shape: [sites.count, width], values: y)
    }

    /// Backward of `siteMean`: y[r] = Σ_{s∈sites[r]} x_s / |sites[r]| ⇒ dx_s += dy[r] / |sites[r]|,
    /// added into the partners' token gradients.
    static func siteMeanBackward(_ dOutput: Tensor, sites: [[Site]], into dTokens: inout (Tensor, Tensor)) {
        let width = dTokens.0.shape[2]
        let lengths = (dTokens.0.shape[1], dTokens.1.shape[1])
        dOutput.withUnsafeBufferPointer { dy in
            dTokens.0.withUnsafeMutableBufferPointer { d0 in dTokens.1.withUnsafeMutableBufferPointer { d1 in
                for (r, list) in sites.enumerated() where !list.isEmpty {
                    let inverse = 1 / Float(list.count)
                    for site in list {
                        let row = (site.sample * (site.partner == 0 ? lengths.0 : lengths.1) + site.token) * width
                        for j in 0..<width {
                            if site.partner == 0 { d0[row + j] += dy[r * width + j] * inverse }
                            else { d1[row + j] += dy[r * width + j] * inverse }
                        }
                    }
                }
            } }
        }
    }
}
