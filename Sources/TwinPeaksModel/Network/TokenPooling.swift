// Site pooling: the mean of per-token representations over chosen (sample, partner, token)
// sites — the windows that hold a mutation. (Whole-partner pooling is Ops.maskedMeanPool.)

import TwinPeaksTensor

enum TokenPooling {
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
        // Cannot fail: y was allocated with sites.count × width values.
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
