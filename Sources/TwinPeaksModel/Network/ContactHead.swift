// Structure supervision at pair resolution: for every window i of partner 1 and window j of
// partner 2 a logit "these two windows touch", from the final token representations (after
// cross-attention). A symmetric low-rank bilinear form,
//     logit(i, j) = (a1_i · b2_j + b1_i · a2_j) / √r,   a = tokens·Pᵀ + p,  b = tokens·Qᵀ + q,
// so listing the partners the other way round transposes the map, and P ≠ Q lets complementary
// windows (a charge and its opposite) score high without either scoring high with itself.
// Trained against the structures' window contact maps; prediction needs nothing structural.

import TwinPeaksTensor

public struct ContactHead {
    /// Width of the bilinear form: enough for a handful of contact "kinds", cheap next to attention.
    public static let rank = 32
    public let p: Linear
    public let q: Linear

    public init(width: Int, store: ParameterStore, generator: inout SeededGenerator) throws {
        p = try Linear("contact_head.p", inputWidth: width, outputWidth: Self.rank, store: store, generator: &generator)
        q = try Linear("contact_head.q", inputWidth: width, outputWidth: Self.rank, store: store, generator: &generator)
    }

    public struct Cache {
        let a: (Tensor, Tensor), b: (Tensor, Tensor)
        let linear: (a1: Linear.Cache, b1: Linear.Cache, a2: Linear.Cache, b2: Linear.Cache)
    }

    private static var scale: Float { 1 / Float(rank).squareRoot() }

    /// Tokens [B, T1, W] and [B, T2, W] → logits [B, T1, T2].
    public func forward(_ tokens: (Tensor, Tensor)) throws -> (logits: Tensor, cache: Cache) {
        let (a1, ca1) = try p.forward(tokens.0), (b1, cb1) = try q.forward(tokens.0)
        let (a2, ca2) = try p.forward(tokens.1), (b2, cb2) = try q.forward(tokens.1)
        let logits = try Ops.scale(Ops.add(Ops.batchedMatmul(a1, b2, transposeB: true),
                                           Ops.batchedMatmul(b1, a2, transposeB: true)), by: Self.scale)
        return (logits, Cache(a: (a1, a2), b: (b1, b2), linear: (ca1, cb1, ca2, cb2)))
    }

    /// Logit gradients [B, T1, T2] → token gradients of both partners (and the head's own).
    public func backward(_ dLogits: Tensor, cache: Cache) throws -> (Tensor, Tensor) {
        let d = try Ops.scale(dLogits, by: Self.scale)
        let (da1, db2) = try Ops.batchedMatmulBackward(d, cache.a.0, cache.b.1, transposeB: true)
        let (db1, da2) = try Ops.batchedMatmulBackward(d, cache.b.0, cache.a.1, transposeB: true)
        let dTokens1 = try Ops.add(p.backward(da1, cache: cache.linear.a1), q.backward(db1, cache: cache.linear.b1))
        let dTokens2 = try Ops.add(p.backward(da2, cache: cache.linear.a2), q.backward(db2, cache: cache.linear.b2))
        return (dTokens1, dTokens2)
    }
}

/// A row's window contact map: 1 where window i of partner 1 and window j of partner 2 hold a
/// residue pair within 5 Å in the structure, row-major [tokens1, tokens2].
public struct ContactTargets: Sendable, Equatable {
    public var tokens1: Int
    public var tokens2: Int
    public var values: [Float]

    public init(tokens1: Int, tokens2: Int, values: [Float]) {
        self.tokens1 = tokens1
        self.tokens2 = tokens2
        self.values = values
    }

    /// The map with the partners listed the other way round.
    public var transposed: ContactTargets {
        ContactTargets(tokens1: tokens2, tokens2: tokens1, values: (0..<(tokens1 * tokens2)).map { k in
            values[(k % tokens1) * tokens2 + k / tokens1]
        })
    }
}

/// Binary cross-entropy of the contact logits over the window pairs of the rows that have a map.
public enum ContactLoss {
    /// `logits` [B, T1max, T2max]; per row an optional map (its tokens ≤ the padded sizes). Returns the
    /// mean loss over labelled pairs and d(mean loss)/d logit (zero elsewhere); nil when none is labelled.
    public static func binaryCrossEntropy(_ logits: Tensor, targets: [ContactTargets?]) throws
        -> (value: Float, dLogits: Tensor)? {
        let (rows, t1, t2) = (logits.shape[0], logits.shape[1], logits.shape[2])
        guard targets.count == rows else {
            throw ModelError.input("contact loss: \(targets.count) target rows for \(rows) logit rows")
        }
        let labelled = targets.reduce(0) { $0 + ($1.map { $0.tokens1 * $0.tokens2 } ?? 0) }
        guard labelled > 0 else { return nil }
        var d = [Float](repeating: 0, count: rows * t1 * t2)
        var total: Float = 0
        for (r, map) in targets.enumerated() {
            guard let map else { continue }
            guard map.tokens1 <= t1, map.tokens2 <= t2, map.values.count == map.tokens1 * map.tokens2 else {
                throw ModelError.input("contact loss: a \(map.tokens1)×\(map.tokens2) map for \(t1)×\(t2) logits")
            }
            for i in 0..<map.tokens1 {
                for j in 0..<map.tokens2 {
                    let index = (r * t1 + i) * t2 + j
                    let (x, y) = (logits[flat: index], map.values[i * map.tokens2 + j])
                    let (loss, gradient) = Logistic.crossEntropy(logit: x, target: y)
                    total += loss
                    d[index] = gradient / Float(labelled)
                }
            }
        }
        return (total / Float(labelled), try Tensor(shape: [rows, t1, t2], values: d))
    }
}
