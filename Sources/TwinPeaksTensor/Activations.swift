// Pointwise kernels: a vectorisable exp, GELU (tanh form) and its derivative, and the masked
// softmax of one row with its backward. `Ops.gelu` / `Ops.softmax` wrap them for whole tensors.

/// e^x to about 2 ulp, written so loops over it vectorise (no libm call, no trapping
/// conversions). Inputs are clamped to [-87.3, 88.3]; NaN stays NaN.
@inline(__always)
func fastExp(_ input: Float) -> Float {
    var x = input
    x = x < -87.3 ? -87.3 : x
    x = x > 88.3 ? 88.3 : x
    // x = n·ln2 + r with |r| ≤ ln2/2; n by the 1.5·2^23 rounding trick.
    let shifted = x * 1.442_695_04 + 12_582_912.0
    let n = shifted - 12_582_912.0
    let r = (x - n * 0.693_145_751_953_125) - n * 1.428_606_765_330_187e-6
    // e^r by the Cephes expf polynomial.
    var p: Float = 1.987_569_150_0e-4
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    p = p * (r * r) + r + 1
    // 2^n from the low bits of `shifted`, which hold n + 2^22 + 2^23 as an integer.
    let exponent = (shifted.bitPattern &- 0x4B40_0000 &+ 127) << 23
    return p * Float(bitPattern: exponent)
}

// GELU, tanh form (as GPT-2 and llm.c): gelu(x) = ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³).
// ½(1 + tanh(u)) = σ(2u), so gelu(x) = x·σ(2u), one exp per value.
@usableFromInline let geluScale: Float = 0.797_884_560_8  // √(2/π)
@usableFromInline let geluCubic: Float = 0.044_715

@inline(__always)
func gelu(_ x: Float) -> Float {
    let u2 = 2 * geluScale * (x + geluCubic * x * x * x)
    return x / (1 + fastExp(-u2))
}

/// d gelu / dx = σ(2u) + x·σ(2u)(1 − σ(2u))·2u′, u′ = √(2/π)(1 + 3·0.044715x²).
@inline(__always)
func geluDerivative(_ x: Float) -> Float {
    let u2 = 2 * geluScale * (x + geluCubic * x * x * x)
    let s = 1 / (1 + fastExp(-u2))
    let du2 = 2 * geluScale * (1 + 3 * geluCubic * x * x)
    return s + x * s * (1 - s) * du2
}

/// Softmax of one row of `count` logits times `scale`, in place. Positions where `valid` is
/// false get probability 0; a row with no valid position becomes all zeros (not NaN).
@inline(__always)
func softmaxRow(_ row: UnsafeMutablePointer<Float>, count: Int, scale: Float,
                valid: UnsafePointer<Bool>?) {
    var maximum = -Float.infinity
    if let valid {
        for j in 0..<count where valid[j] { maximum = max(maximum, row[j]) }
    } else {
        for j in 0..<count { maximum = max(maximum, row[j]) }
    }
    if maximum == -Float.infinity {
        for j in 0..<count { row[j] = 0 }
        return
    }
    let shift = maximum * scale
    var sum: Float = 0
    if let valid {
        for j in 0..<count {
            let e = fastExp(row[j] * scale - shift)
            let kept = valid[j] ? e : 0
            row[j] = kept
            sum += kept
        }
    } else {
        for j in 0..<count {
            let e = fastExp(row[j] * scale - shift)
            row[j] = e
            sum += e
        }
    }
    let inverse = 1 / sum
    for j in 0..<count { row[j] *= inverse }
}

/// Backward of softmax for one row: y = softmax(s·x) ⇒ dx_j = s·y_j(dy_j − Σ_k dy_k y_k).
/// Writes into `dx` (which may alias `dy`).
@inline(__always)
func softmaxRowBackward(_ dy: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int, scale: Float,
                        into dx: UnsafeMutablePointer<Float>) {
    var dot: Float = 0
    for j in 0..<count { dot += dy[j] * y[j] }
    for j in 0..<count { dx[j] = scale * y[j] * (dy[j] - dot) }
}

extension Ops {
    /// GELU (tanh form) of every value.
    public static func gelu(_ x: Tensor) -> Tensor {
        Tensor(uninitialized: x.shape) { y in
            x.withUnsafeBufferPointer { x in
                let xs = SendablePointer(x.baseAddress!), ys = SendablePointer(y)
                parallelFor(x.count, costPerItem: 8) { range in
                    for i in range { ys.base[i] = TwinPeaksTensor.gelu(xs.base[i]) }
                }
            }
        }
    }

    /// Backward of `gelu`: dx = dy · gelu′(x).
    public static func geluBackward(_ dOutput: Tensor, _ x: Tensor) throws -> Tensor {
        try dOutput.checkShape(x.shape, "gelu backward: output gradient")
        return Tensor(uninitialized: x.shape) { dx in
            x.withUnsafeBufferPointer { x in dOutput.withUnsafeBufferPointer { dy in
                for i in 0..<x.count { dx[i] = dy[i] * geluDerivative(x[i]) }
            } }
        }
    }

    /// Softmax along the last axis. With a mask of shape [batch, n] (x is [batch, ..., n]),
    /// masked positions get probability 0 and a row with none valid is all zeros.
    public static func softmax(_ x: Tensor, mask: TokenMask? = nil) throws -> Tensor {
        try check(x.rank >= 1, "softmax: needs at least one axis, got a scalar")
        let n = x.shape[x.rank - 1]
        if let mask {
            try check(x.rank >= 2 && mask.batch == x.shape[0] && mask.length == n,
                      "softmax: mask [\(mask.batch), \(mask.length)] does not fit input \(x.shape): "
                      + "expected [\(x.shape.first ?? 0), \(n)]")
        }
        let rows = n == 0 ? 0 : x.count / n
        let rowsPerBatch = x.rank >= 2 ? rows / max(x.shape[0], 1) : rows
        var y = x
        y.withUnsafeMutableBufferPointer { y in
            guard let base = y.baseAddress else { return }
            if let mask {
                mask.valid.withUnsafeBufferPointer { valid in
                    for row in 0..<rows {
                        softmaxRow(base + row * n, count: n, scale: 1,
                                   valid: valid.baseAddress! + (row / rowsPerBatch) * n)
                    }
                }
            } else {
                for row in 0..<rows { softmaxRow(base + row * n, count: n, scale: 1, valid: nil) }
            }
        }
        return y
    }

    /// Backward of `softmax` given its output y: dx = y ⊙ (dy − Σ dy⊙y) row by row.
    public static func softmaxBackward(_ dOutput: Tensor, output y: Tensor) throws -> Tensor {
        try dOutput.checkShape(y.shape, "softmax backward: output gradient")
        let n = y.shape.last ?? 1
        let rows = n == 0 ? 0 : y.count / n
        return Tensor(uninitialized: y.shape) { dx in
            y.withUnsafeBufferPointer { y in dOutput.withUnsafeBufferPointer { dy in
                for row in 0..<rows {
                    softmaxRowBackward(dy.baseAddress! + row * n, y.baseAddress! + row * n,
                                       count: n, scale: 1, into: dx + row * n)
                }
            } }
        }
    }
}
