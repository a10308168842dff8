// Explicitly vectorised kernels (SIMD8<Float>) for the hot elementwise and row work: exp, GELU
// and its derivative, and the masked softmax row. Swift does not reassociate floating-point
// sums, so reductions written as plain loops stay scalar; these keep eight partial sums instead
// (a fixed order, so results are still deterministic). Tails shorter than 8 run the scalar
// versions in Activations.swift.

typealias Float8 = SIMD8<Float>

@inline(__always) func load8(_ p: UnsafePointer<Float>) -> Float8 {
    UnsafeRawPointer(p).loadUnaligned(as: Float8.self)
}

@inline(__always) func store8(_ value: Float8, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: value, as: Float8.self)
}

/// e^x lane by lane, the same algorithm as the scalar `fastExp`.
@inline(__always)
func fastExp(_ input: Float8) -> Float8 {
    // Clamp with compare-and-select (pointwiseMin/Max are not inlined and cost a call per vector).
    var x = input.replacing(with: -87.3, where: input .< -87.3)
    x = x.replacing(with: 88.3, where: x .> 88.3)
    let shifted = x * 1.442_695_04 + 12_582_912.0
    let n = shifted - 12_582_912.0
    let r = (x - n * 0.693_145_751_953_125) - n * 1.428_606_765_330_187e-6
    var p = Float8(repeating: 1.987_569_150_0e-4)
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    p = p * (r * r) + r + 1
    let bits = unsafeBitCast(shifted, to: SIMD8<UInt32>.self)
    let exponent = (bits &- 0x4B40_0000 &+ 127) &<< 23
    return p * unsafeBitCast(exponent, to: Float8.self)
}

/// gelu(x) = x·σ(2u), as the scalar `gelu`.
@inline(__always)
func gelu(_ x: Float8) -> Float8 {
    let u2 = (2 * geluScale) * (x + geluCubic * x * x * x)
    return x / (1 + fastExp(-u2))
}

/// gelu′(x), as the scalar `geluDerivative`.
@inline(__always)
func geluDerivative(_ x: Float8) -> Float8 {
    let u2 = (2 * geluScale) * (x + geluCubic * x * x * x)
    let s = 1 / (1 + fastExp(-u2))
    let du2 = (2 * geluScale) * (1 + (3 * geluCubic) * x * x)
    return s + x * s * (1 - s) * du2
}

/// y[i] = gelu(x[i] + bias[i % width]) and x[i] ← x[i] + bias, for `rows` rows of `width`;
/// with `scale` (dropout), y[i] is multiplied by scale[i].
func biasGELU(rows: Int, width: Int, _ x: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>,
              dropoutScale scale: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>) {
    let xs = SendablePointer(x), ys = SendablePointer(y), bs = SendablePointer(bias)
    let ss = scale.map { SendablePointer($0) }
    parallelFor(rows, costPerItem: 20 * width) { range in
        for row in range {
            let xr = xs.base + row * width, yr = ys.base + row * width
            let sr = ss.map { $0.base + row * width }
            var j = 0
            while j + 8 <= width {
                let h = load8(xr + j) + load8(bs.base + j)
                store8(h, xr + j)
                var a = gelu(h)
                if let sr { a *= load8(sr + j) }
                store8(a, yr + j)
                j += 8
            }
            while j < width {
                let h = xr[j] + bs.base[j]
                xr[j] = h
                yr[j] = gelu(h) * (sr?[j] ?? 1)
                j += 1
            }
        }
    }
}

/// d[i] ← d[i]·(scale[i])·gelu′(x[i]) (the backward of `biasGELU` with respect to x + bias).
func geluBackwardInPlace(count: Int, _ d: UnsafeMutablePointer<Float>, preActivation x: UnsafePointer<Float>,
                         dropoutScale scale: UnsafePointer<Float>?) {
    let ds = SendablePointer(d), xs = SendablePointer(x), ss = scale.map { SendablePointer($0) }
    let blocks = (count + 7) / 8
    parallelFor(blocks, costPerItem: 8 * 24) { range in
        let start = range.lowerBound * 8, end = min(count, range.upperBound * 8)
        var i = start
        while i + 8 <= end {
            var g = load8(ds.base + i) * geluDerivative(load8(xs.base + i))
            if let ss { g *= load8(ss.base + i) }
            store8(g, ds.base + i)
            i += 8
        }
        while i < end {
            ds.base[i] *= geluDerivative(xs.base[i]) * (ss?.base[i] ?? 1)
            i += 1
        }
    }
}

/// Softmax of one row of `count` logits times `scale`, in place, where `bias` holds 0 for real
/// keys and −∞ for padding and `keep` holds 1 and 0. A row with no real key becomes zeros.
@inline(__always)
func maskedSoftmaxRow(_ row: UnsafeMutablePointer<Float>, count: Int, scale: Float,
                      bias: UnsafePointer<Float>, keep: UnsafePointer<Float>) {
    var maxima = Float8(repeating: -.infinity)
    var j = 0
    while j + 8 <= count {
        let value = load8(row + j) + load8(bias + j)
        maxima = maxima.replacing(with: value, where: value .> maxima)
        j += 8
    }
    var maximum = maxima.max()
    while j < count { maximum = max(maximum, row[j] + bias[j]); j += 1 }
    if maximum == -.infinity {
        row.update(repeating: 0, count: count)
        return
    }
    let shift = maximum * scale
    var sums = Float8.zero
    j = 0
    while j + 8 <= count {
        let e = fastExp(load8(row + j) * scale - shift) * load8(keep + j)
        store8(e, row + j)
        sums += e
        j += 8
    }
    var sum = sums.sum()
    while j < count {
        let e = fastExp(row[j] * scale - shift) * keep[j]
        row[j] = e
        sum += e
        j += 1
    }
    let inverse = 1 / sum
    j = 0
    while j + 8 <= count { store8(load8(row + j) * inverse, row + j); j += 8 }
    while j < count { row[j] *= inverse; j += 1 }
}

/// Backward of softmax for one row, in place on `d`: d_j ← scale·y_j(d_j − Σ_k d_k y_k).
@inline(__always)
func softmaxRowBackwardInPlace(_ d: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int, scale: Float) {
    var dots = Float8.zero
    var j = 0
    while j + 8 <= count { dots += load8(d + j) * load8(y + j); j += 8 }
    var dot = dots.sum()
    while j < count { dot += d[j] * y[j]; j += 1 }
    j = 0
    while j + 8 <= count { store8(scale * load8(y + j) * (load8(d + j) - dot), d + j); j += 8 }
    while j < count { d[j] = scale * y[j] * (d[j] - dot); j += 1 }
}
