// AdamW (Loshchilov & Hutter): Adam with weight decay decoupled from the gradient, applied only
// to parameters flagged `decays` (weights, not biases or LayerNorm gains/shifts). Same update as
// torch.optim.AdamW. Optionally keeps an exponential moving average of the weights (Polyak
// averaging, Keras's `use_ema`), which the trainer scores and keeps instead of the last step's.
import Foundation

public final class AdamW {
    public let store: ParameterStore
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float
    /// Number of updates taken (the bias corrections use it).
    public private(set) var stepCount = 0
    /// First and second moment estimates, laid out like the store's flat buffers.
    public private(set) var firstMoment: [Float]
    public private(set) var secondMoment: [Float]
    /// Learning-rate multipliers by parameter name (absent = 1; 0 freezes a parameter, whose moments
    /// then stay at zero and whose value never changes, weight decay included).
    public var rateScale: [String: Float] = [:]
    /// Decay d of the weight average (0: none kept): after every update ā ← d·ā + (1 − d)·θ, with ā
    /// starting at the values the first update saw, so it spans about 1/(1 − d) steps.
    public let averageDecay: Float
    /// The averaged weights, laid out like the store's flat buffer; empty until the first update
    /// and whenever `averageDecay` is 0.
    public private(set) var weightAverage: [Float] = []

    public init(store: ParameterStore, learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0.01, averageDecay: Float = 0) throws {
        guard learningRate >= 0, (0..<1).contains(beta1), (0..<1).contains(beta2), epsilon > 0, weightDecay >= 0,
              (0..<1).contains(averageDecay) else {
            throw TensorError.invalidArgument("AdamW: learning rate \(learningRate), betas (\(beta1), \(beta2)), "
                                              + "epsilon \(epsilon), weight decay \(weightDecay), "
                                              + "average decay \(averageDecay) out of range")
        }
        self.averageDecay = averageDecay
        self.store = store
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        firstMoment = [Float](repeating: 0, count: store.count)
        secondMoment = [Float](repeating: 0, count: store.count)
    }

    /// One update from the gradients in the store (which it does not zero). `learningRate`
    /// overrides the stored rate for this step (e.g. from a `LearningRateSchedule`). Throws, and
    /// changes nothing, when a gradient is not finite.
    public func step(learningRate rate: Float? = nil) throws {
        guard store.count == firstMoment.count else {
            throw TensorError.invalidArgument("AdamW: the store holds \(store.count) values but the optimizer was "
                                              + "made for \(firstMoment.count); create it after registering all parameters")
        }
        try GradientClipping.checkFinite(store)
        let lr = rate ?? learningRate
        stepCount += 1
        // Bias corrections 1 − βᵗ, in Double so late steps stay exact.
        let correction1 = Float(1 - pow(Double(beta1), Double(stepCount)))
        let correction2 = Float(1 - pow(Double(beta2), Double(stepCount)))
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        let values = store.values, gradients = store.gradients
        if averageDecay > 0 && weightAverage.isEmpty { weightAverage = Array(values) }
        defer { updateAverage(values) }
        firstMoment.withUnsafeMutableBufferPointer { m in secondMoment.withUnsafeMutableBufferPointer { v in
            for parameter in store.parameters {
                let scale = rateScale[parameter.name] ?? 1
                if scale == 0 { continue }
                let lr = lr * scale
                let decay: Float = parameter.decays ? 1 - lr * weightDecay : 1
                for i in parameter.offset..<(parameter.offset + parameter.count) {
                    let g = gradients[i]
                    // θ ← θ(1 − lr·λ);  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
                    // θ ← θ − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
                    m[i] = b1 * m[i] + (1 - b1) * g
                    v[i] = b2 * v[i] + (1 - b2) * g * g
                    let update = (m[i] / correction1) / ((v[i] / correction2).squareRoot() + eps)
                    values[i] = values[i] * decay - lr * update
                }
            }
        } }
    }

    /// ā ← d·ā + (1 − d)·θ after an update (nothing when no average is kept).
    private func updateAverage(_ values: UnsafeMutableBufferPointer<Float>) {
        guard !weightAverage.isEmpty else { return }
        let d = averageDecay
        weightAverage.withUnsafeMutableBufferPointer { a in
            for i in 0..<a.count { a[i] = d * a[i] + (1 - d) * values[i] }
        }
    }

    /// Restores saved state (used by `ParameterFile.load`).
    func restore(stepCount: Int, firstMoment: [Float], secondMoment: [Float], weightAverage: [Float] = []) {
        self.stepCount = stepCount
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
        self.weightAverage = weightAverage
    }
}
