// GELU in its exact (erf) form, as BERT and ESM use it: gelu(x) = ½x(1 + erf(x/√2)), inference
// only. erf by Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7), vectorised with the SIMD exp: a
// libm erff per value would cost about as much as the feed-forward products themselves.

/// erf(x) = 1 − (a₁t + a₂t² + a₃t³ + a₄t⁴ + a₅t⁵)·e^(−x²), t = 1/(1 + p|x|), odd in x.
@inline(__always)
func approximateErf(_ x: Float8) -> Float8 {
    let magnitude = x.replacing(with: -x, where: x .< 0)
    let t = 1 / (1 + 0.327_591_1 * magnitude)
    var polynomial = Float8(repeating: 1.061_405_429)
    polynomial = polynomial * t - 1.453_152_027
    polynomial = polynomial * t + 1.421_413_741
    polynomial = polynomial * t - 0.284_496_736
    polynomial = polynomial * t + 0.254_829_592
    polynomial = polynomial * t
    let positive = 1 - polynomial * fastExp(-(magnitude * magnitude))
    return positive.replacing(with: -positive, where: x .< 0)
}

/// The scalar tail of the same formula (through one lane of the vector version).
@inline(__always)
func approximateErf(_ x: Float) -> Float { approximateErf(Float8(repeating: x))[0] }

extension Ops {
    /// gelu(x) = ½x(1 + erf(x/√2)) of every value (the erf form; `gelu` is the tanh form).
    public static func exactGELU(_ x: Tensor) -> Tensor {
        Tensor(uninitialized: x.shape) { y in
            x.withUnsafeBufferPointer { x in
                let count = x.count
                let xs = SendablePointer(x.baseAddress!), ys = SendablePointer(y)
                let blocks = (count + 7) / 8
                parallelFor(blocks, costPerItem: 8 * 24) { range in
                    let start = range.lowerBound * 8, end = min(count, range.upperBound * 8)
                    var i = start
                    while i + 8 <= end {
                        let v = load8(xs.base + i)
                        store8(0.5 * v * (1 + approximateErf(v * 0.707_106_781_186_547_5)), ys.base + i)
                        i += 8
                    }
                    while i < end {
                        let v = xs.base[i]
                        ys.base[i] = 0.5 * v * (1 + approximateErf(v * 0.707_106_781_186_547_5))
                        i += 1
                    }
                }
            }
        }
    }
}
