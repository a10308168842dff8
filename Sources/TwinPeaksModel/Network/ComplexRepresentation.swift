// The complex vector, symmetric in the partners: z = [p₁ + p₂, p₁ ⊙ p₂] from the pooled partner
// representations, so swapping partners leaves z (and ΔG) exactly unchanged.

import TwinPeaksTensor

enum ComplexRepresentation {
    /// p1, p2 [B, W] → z [B, 2W].
    static func forward(_ p1: Tensor, _ p2: Tensor) throws -> Tensor {
        let (batch, width) = (p1.shape[0], p1.shape[1])
        var z = [Float](repeating: 0, count: batch * 2 * width)
        p1.withUnsafeBufferPointer { a in p2.withUnsafeBufferPointer { b in
            for i in 0..<batch {
                for j in 0..<width {
                    z[i * 2 * width + j] = a[i * width + j] + b[i * width + j]
                    z[i * 2 * width + width + j] = a[i * width + j] * b[i * width + j]
                }
            }
        } }
        return try Tensor(shape: [batch, 2 * width], values: z)
    }

    /// Backward: z = [p₁ + p₂, p₁ ⊙ p₂] ⇒ dp₁ = dz_sum + dz_prod ⊙ p₂, dp₂ = dz_sum + dz_prod ⊙ p₁.
    static func backward(_ dZ: Tensor, _ p1: Tensor, _ p2: Tensor) throws -> (Tensor, Tensor) {
        let (batch, width) = (p1.shape[0], p1.shape[1])
        var d1 = [Float](repeating: 0, count: batch * width), d2 = d1
        dZ.withUnsafeBufferPointer { dz in p1.withUnsafeBufferPointer { a in p2.withUnsafeBufferPointer { b in
            for i in 0..<batch {
                for j in 0..<width {
                    let sum = dz[i * 2 * width + j], product = dz[i * 2 * width + width + j]
                    d1[i * width + j] = sum + product * b[i * width + j]
                    d2[i * width + j] = sum + product * a[i * width + j]
                }
            }
        } } }
        return (try Tensor(shape: [batch, width], values: d1), try Tensor(shape: [batch, width], values: d2))
    }
}
