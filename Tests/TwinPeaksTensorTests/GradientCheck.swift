// The one gradient-check helper: central differences against the analytic backward, for every
// input and every parameter, reporting the worst error per named tensor.
import Foundation
import Testing
@testable import TwinPeaksTensor

/// Defaults of the check. The forward runs in Float32 (the engine's only precision); the loss
/// L = Σ y⊙r (r seeded normal) is accumulated in Double, and the numeric gradient is the
/// fourth-order central difference (L(θ−2h) − 8L(θ−h) + 8L(θ+h) − L(θ+2h)) / 12h with h = 2e-2:
/// large enough that Float32 rounding in L (≈1e-6) stays far below the tolerance, and with an
/// O(h⁴) truncation error, so curved functions (GELU, softmax) need no tiny step. (The plain
/// two-point difference has O(h²) error: ~1 % on GELU layers at h = 1e-2, and is noise-bound below.)
/// A value passes when |analytic − numeric| / (max(|analytic|, |numeric|) + 2e-2) ≤ 1e-2:
/// 1 % relative for gradients of order 1 (r is N(0, 1), so most are), an absolute 2e-4 floor for
/// gradients near zero. The floor is the numeric noise of a Float32 forward through a whole
/// encoder layer (≈1e-4, measured on gradients that are exactly zero, such as the key bias, to
/// which softmax is invariant); a wrong transpose or a missing term gives errors of order 1.
enum GradientCheckDefaults {
    static let step: Float = 2e-2
    static let tolerance = 1e-2
    static let floor = 2e-2
}

/// A forward pass over (possibly perturbed) inputs, returning the output and a closure that runs
/// the backward for a given output gradient and returns the input gradients in input order.
typealias CheckedForward = ([Tensor]) throws -> (output: Tensor, backward: (Tensor) throws -> [Tensor])

/// Runs the check and returns the worst error per tensor ("input:name" / parameter name).
@discardableResult
func checkGradients(_ label: String, inputs: [(name: String, tensor: Tensor)], store: ParameterStore? = nil,
                    seed: UInt64 = 1234, step: Float = GradientCheckDefaults.step,
                    tolerance: Double = GradientCheckDefaults.tolerance,
                    skipInputs: Set<String> = [],
                    sourceLocation: SourceLocation = #_sourceLocation,
                    _ forward: CheckedForward) throws -> [String: Double] {
    var tensors = inputs.map(\.tensor)
    // Analytic gradients.
    store?.zeroGradients()
    let (output, backward) = try forward(tensors)
    var generator = SeededGenerator(seed: seed)
    let r = Tensor.normal(output.shape, using: &generator)
    let dInputs = try backward(r)
    #expect(dInputs.count == inputs.count, "\(label): backward returned \(dInputs.count) gradients", sourceLocation: sourceLocation)

    func loss() throws -> Double {
        let y = try forward(tensors).output
        var total = 0.0
        for i in 0..<y.count { total += Double(y[flat: i]) * Double(r[flat: i]) }
        return total
    }
    /// (L(−2h) − 8L(−h) + 8L(h) − L(2h)) / 12h, where `evaluate(shift)` is L at θ + shift.
    func centralDifference(_ evaluate: (Float) throws -> Double) throws -> Double {
        let minus2 = try evaluate(-2 * step), minus1 = try evaluate(-step)
        let plus1 = try evaluate(step), plus2 = try evaluate(2 * step)
        return (minus2 - 8 * minus1 + 8 * plus1 - plus2) / (12 * Double(step))
    }
    func error(_ analytic: Double, _ numeric: Double) -> Double {
        abs(analytic - numeric) / (max(abs(analytic), abs(numeric)) + GradientCheckDefaults.floor)
    }

    var worst: [String: Double] = [:]
    for (index, input) in inputs.enumerated() where !skipInputs.contains(input.name) {
        let key = "input:" + input.name
        var maximum = 0.0
        for i in 0..<input.tensor.count {
            let original = tensors[index][flat: i]
            let numeric = try centralDifference { shift in
                tensors[index][flat: i] = original + shift
                defer { tensors[index][flat: i] = original }
                return try loss()
            }
            maximum = max(maximum, error(Double(dInputs[index][flat: i]), numeric))
        }
        worst[key] = maximum
    }
    if let store {
        let analytic = Array(store.gradients)
        for parameter in store.parameters {
            var maximum = 0.0
            for i in parameter.offset..<(parameter.offset + parameter.count) {
                let original = store.values[i]
                let numeric = try centralDifference { shift in
                    store.values[i] = original + shift
                    defer { store.values[i] = original }
                    return try loss()
                }
                maximum = max(maximum, error(Double(analytic[i]), numeric))
            }
            worst[parameter.name] = maximum
        }
    }
    let report = worst.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2e", $0.value))" }
    print("gradient check \(label) (seed \(seed), tolerance \(tolerance)): " + report.joined(separator: ", "))
    for (name, value) in worst {
        #expect(value <= tolerance, "\(label): \(name) worst error \(value) > \(tolerance) (seed \(seed))",
                sourceLocation: sourceLocation)
    }
    return worst
}

/// Seeded normal test data.
func randomTensor(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return Tensor.normal(shape, standardDeviation: scale, using: &generator)
}
