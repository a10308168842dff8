// Structure supervision: one logit per token, "how much of this window touches the partner" (the
// interface head) or "how much of this window's surface the partner buries" (the burial head), read
// from the final token representations (after cross-attention, so it can see the partner).
// Trained against the structures' per-window fractions; at prediction it needs nothing structural
// and feeds the ΔΔG head's interface gate.

import TwinPeaksTensor

public struct InterfaceHead {
    public let linear: Linear

    /// `name` is the parameter prefix: `interface_head` or `burial_head`.
    public init(_ name: String = "interface_head", width: Int, store: ParameterStore, generator: inout SeededGenerator) throws {
        linear = try Linear(name, inputWidth: width, outputWidth: 1, store: store, generator: &generator)
    }

    public struct Cache {
        let linear: (Linear.Cache, Linear.Cache)
    }

    /// Tokens [B, T_p, W] of both partners → logits [B, T_p] of both.
    public func forward(_ tokens: (Tensor, Tensor)) throws -> (logits: (Tensor, Tensor), cache: Cache) {
        let (y1, c1) = try linear.forward(tokens.0)
        let (y2, c2) = try linear.forward(tokens.1)
        return ((try y1.reshaped(Array(tokens.0.shape.dropLast())), try y2.reshaped(Array(tokens.1.shape.dropLast()))),
                Cache(linear: (c1, c2)))
    }

    /// Logit gradients [B, T_p] → token gradients [B, T_p, W] (and the head's own gradients).
    public func backward(_ dLogits: (Tensor, Tensor), cache: Cache) throws -> (Tensor, Tensor) {
        (try linear.backward(dLogits.0.reshaped(dLogits.0.shape + [1]), cache: cache.linear.0),
         try linear.backward(dLogits.1.reshaped(dLogits.1.shape + [1]), cache: cache.linear.1))
    }
}

/// Binary cross-entropy of logits against soft targets in [0, 1], over the tokens that have one.
public enum InterfaceLoss {
    /// `logits` [B, T] and per row an optional target per token (rows without a structure are nil;
    /// tokens past a target list's end are padding). Returns the mean loss over labelled tokens and
    /// d(mean loss)/d logit (zero where unlabelled); nil when no token is labelled.
    public static func binaryCrossEntropy(_ logits: Tensor, targets: [[Float]?]) throws -> (value: Float, dLogits: Tensor)? {
        let (rows, tokens) = (logits.shape[0], logits.shape[1])
        guard targets.count == rows else {
            throw ModelError.input("interface loss: \(targets.count) target rows for \(rows) logit rows")
        }
        let labelled = targets.reduce(0) { $0 + min($1?.count ?? 0, tokens) }
        guard labelled > 0 else { return nil }
        var d = [Float](repeating: 0, count: rows * tokens)
        var total: Float = 0
        for (r, row) in targets.enumerated() {
            guard let row else { continue }
            for (t, y) in row.prefix(tokens).enumerated() {
                let x = logits[flat: r * tokens + t]
                let (loss, gradient) = Logistic.crossEntropy(logit: x, target: y)
                total += loss
                d[r * tokens + t] = gradient / Float(labelled)
            }
        }
        return (total / Float(labelled), try Tensor(shape: [rows, tokens], values: d))
    }
}
