// Rotary position embedding (Su et al. 2021, RoFormer) in the convention of ESM-2 and of Hugging
// Face's `rotate_half`: each head's vector is split into halves (x₁, x₂), not interleaved pairs,
// and rotated by position t with frequencies fᵢ = base^(−2i/d):
//   y₁ = x₁·cos(t·fᵢ) − x₂·sin(t·fᵢ),   y₂ = x₂·cos(t·fᵢ) + x₁·sin(t·fᵢ),   i < d/2.
// Inference only (no backward).
import Foundation

public struct RotaryEmbedding: Sendable {
    public let headWidth: Int
    public let base: Float
    /// fᵢ, computed in Float as PyTorch does (1 / base^(2i/d) in float32), so positions near
    /// 1,000 get the same angles as the reference implementation to the last bits.
    let frequencies: [Float]

    public init(headWidth: Int, base: Float = 10_000) throws {
        guard headWidth > 0, headWidth % 2 == 0 else {
            throw TensorError.invalidArgument("rotary embedding: head width \(headWidth), expected a positive even number")
        }
        self.headWidth = headWidth
        self.base = base
        frequencies = (0..<headWidth / 2).map { 1 / powf(base, Float(2 * $0) / Float(headWidth)) }
    }

    /// cos and sin of t·fᵢ for t < length, each [length, d/2].
    func tables(length: Int) -> (cos: [Float], sin: [Float]) {
        let half = headWidth / 2
        var cosines = [Float](repeating: 0, count: length * half), sines = cosines
        for t in 0..<length {
            for i in 0..<half {
                let angle = Double(Float(t) * frequencies[i])  // the angle rounded to Float, as in float32 einsum
                cosines[t * half + i] = Float(Foundation.cos(angle))
                sines[t * half + i] = Float(Foundation.sin(angle))
            }
        }
        return (cosines, sines)
    }

    /// Rotates x [B, T, heads·headWidth] in place; token t of every sequence has position t.
    public func apply(_ x: inout Tensor, heads: Int) throws {
        try x.checkShape([nil, nil, heads * headWidth], "rotary embedding (\(heads) heads of \(headWidth))")
        let (batch, length, width, half) = (x.shape[0], x.shape[1], heads * headWidth, headWidth / 2)
        let (cosines, sines) = tables(length: length)
        cosines.withUnsafeBufferPointer { cosines in sines.withUnsafeBufferPointer { sines in
            x.withUnsafeMutableBufferPointer { x in
                let xs = SendablePointer(x.baseAddress!)
                let cs = SendablePointer(cosines.baseAddress!), ss = SendablePointer(sines.baseAddress!)
                parallelFor(batch * length, costPerItem: 6 * width) { rows in
                    for row in rows {
                        let t = row % length
                        let c = cs.base + t * half, s = ss.base + t * half
                        for h in 0..<heads {
                            let first = xs.base + row * width + h * headWidth, second = first + half
                            for i in 0..<half {
                                let (x1, x2) = (first[i], second[i])
                                first[i] = x1 * c[i] - x2 * s[i]
                                second[i] = x2 * c[i] + x1 * s[i]
                            }
                        }
                    }
                }
            }
        } }
    }
}
