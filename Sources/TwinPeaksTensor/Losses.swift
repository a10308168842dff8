// Regression losses over labelled samples: mean squared error and Huber, with missing labels
// masked out and censored labels (">v", "<v") treated as bounds. Each returns the loss and its
// gradient with respect to the predictions; a NaN or infinite loss throws.

/// What a label says about the true value v.
public enum LabelKind: Sendable, Equatable {
    /// No label: the sample does not count.
    case missing
    /// The value is v.
    case exact
    /// The value is above v (a measurement reported as "> v"): only predictions below v are penalised.
    case atLeast
    /// The value is below v ("< v"): only predictions above v are penalised.
    case atMost
}

/// Per-sample labels: a value and what it means.
public struct Labels: Sendable, Equatable {
    public let values: [Float]
    public let kinds: [LabelKind]

    public init(values: [Float], kinds: [LabelKind]) throws {
        guard values.count == kinds.count else {
            throw TensorError.shapeMismatch("labels: \(values.count) values but \(kinds.count) kinds")
        }
        self.values = values
        self.kinds = kinds
    }

    /// Exact labels where `present` is true, missing elsewhere (a masked loss).
    public init(values: [Float], present: [Bool]) throws {
        try self.init(values: values, kinds: present.map { $0 ? .exact : .missing })
    }

    /// Every label exact.
    public init(exact values: [Float]) {
        self.values = values
        self.kinds = [LabelKind](repeating: .exact, count: values.count)
    }

    /// Number of samples that count (not missing).
    public var labelledCount: Int { kinds.filter { $0 != .missing }.count }

    /// The residual prediction − label as the loss sees it: 0 for missing labels and for
    /// satisfied bounds.
    @inline(__always)
    func residual(_ prediction: Float, at index: Int) -> Float {
        let r = prediction - values[index]
        switch kinds[index] {
        case .missing: return 0
        case .exact: return r
        case .atLeast: return min(r, 0)
        case .atMost: return max(r, 0)
        }
    }
}

/// A loss value, its gradient with respect to the predictions, and how many samples counted.
public struct LossValue: Sendable {
    public let value: Float
    /// Same shape as the predictions; already divided by the labelled count.
    public let dPredictions: Tensor
    public let labelledCount: Int
}

public enum Loss {
    /// Mean over labelled samples of r², r the residual (censored: the bound violation).
    /// d/dprediction = 2r / n. With no labelled sample the loss is 0 with zero gradient.
    public static func meanSquaredError(_ predictions: Tensor, _ labels: Labels, name: String = "mse") throws -> LossValue {
        try reduce(predictions, labels, name: name) { r in (r * r, 2 * r) }
    }

    /// Mean over labelled samples of Huber(r): ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond.
    /// d/dprediction = clamp(r, −δ, δ) / n.
    public static func huber(_ predictions: Tensor, _ labels: Labels, delta: Float = 1, name: String = "huber") throws -> LossValue {
        guard delta > 0 else { throw TensorError.invalidArgument("loss \(name): Huber delta \(delta), expected > 0") }
        return try reduce(predictions, labels, name: name) { r in
            abs(r) <= delta ? (0.5 * r * r, r) : (delta * (abs(r) - 0.5 * delta), r > 0 ? delta : -delta)
        }
    }

    private static func reduce(_ predictions: Tensor, _ labels: Labels, name: String,
                               _ term: (Float) -> (value: Float, derivative: Float)) throws -> LossValue {
        guard predictions.count == labels.values.count else {
            throw TensorError.shapeMismatch("loss \(name): \(predictions.count) predictions \(predictions.shape) "
                                            + "but \(labels.values.count) labels")
        }
        let count = labels.labelledCount
        var total = 0.0
        var gradient = Tensor(zeros: predictions.shape)
        if count > 0 {
            let inverse = 1 / Float(count)
            for i in 0..<predictions.count where labels.kinds[i] != .missing {
                let (value, derivative) = term(labels.residual(predictions[flat: i], at: i))
                total += Double(value)
                gradient[flat: i] = derivative * inverse
            }
        }
        let value = count > 0 ? Float(total / Double(count)) : 0
        guard value.isFinite else { throw TensorError.nonFiniteLoss(loss: name, value: value) }
        return LossValue(value: value, dPredictions: gradient, labelledCount: count)
    }
}
