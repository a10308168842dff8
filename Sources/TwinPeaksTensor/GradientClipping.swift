// Gradient clipping by global norm: all gradients of a store scaled together so their joint L2
// norm is at most a limit (as torch.nn.utils.clip_grad_norm_).

public enum GradientClipping {
    /// Scales every gradient by min(1, maxNorm / ‖g‖) and returns ‖g‖ before clipping.
    /// Throws, naming the parameter, when a gradient is NaN or infinite.
    @discardableResult
    public static func clipGlobalNorm(_ store: ParameterStore, maxNorm: Float) throws -> Float {
        guard maxNorm > 0 else { throw TensorError.invalidArgument("gradient clipping: max norm \(maxNorm), expected > 0") }
        let norm = try globalNorm(store)
        if norm > maxNorm {
            let factor = maxNorm / (norm + 1e-6)
            let gradients = store.gradients
            for i in 0..<gradients.count { gradients[i] *= factor }
        }
        return norm
    }

    /// The L2 norm of all gradients together (accumulated in Double).
    public static func globalNorm(_ store: ParameterStore) throws -> Float {
        let gradients = store.gradients
        var total = 0.0
        for i in 0..<gradients.count { total += Double(gradients[i]) * Double(gradients[i]) }
        if !total.isFinite { try checkFinite(store) }
        return Float(total.squareRoot())
    }

    /// Throws `nonFiniteGradient` naming the first parameter whose gradient is NaN or infinite.
    static func checkFinite(_ store: ParameterStore) throws {
        let gradients = store.gradients
        var sum: Float = 0
        for i in 0..<gradients.count { sum += gradients[i] * 0 }  // NaN·0 and ∞·0 are NaN
        guard sum.isNaN else { return }
        for parameter in store.parameters {
            for i in parameter.offset..<(parameter.offset + parameter.count) where !gradients[i].isFinite {
                throw TensorError.nonFiniteGradient(parameter: parameter.name)
            }
        }
    }
}
