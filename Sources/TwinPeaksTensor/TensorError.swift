// The one error type of TwinPeaksTensor. Each message names the place (layer, operation, file,
// tensor), what was wrong and what was expected.
public enum TensorError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A shape or size did not match, e.g. "linear encoder.0.ffn.in: input width 250, expected 256".
    case shapeMismatch(String)
    /// An argument outside its valid range (a dropout rate of 1.5, a thread count of 0, ...).
    case invalidArgument(String)
    /// A loss evaluated to NaN or ±infinity; `loss` names it.
    case nonFiniteLoss(loss: String, value: Float)
    /// A gradient is NaN or infinite; `parameter` names the first tensor where it was found.
    case nonFiniteGradient(parameter: String)
    /// A parameter file is unreadable, lacks a tensor, or holds one of the wrong shape.
    case parameterFile(path: String, tensor: String, problem: String)

    public var description: String {
        switch self {
        case .shapeMismatch(let message): return message
        case .invalidArgument(let message): return message
        case .nonFiniteLoss(let loss, let value):
            return "loss \(loss) is \(value) (not finite): check the inputs, labels and learning rate"
        case .nonFiniteGradient(let parameter):
            return "gradient of \(parameter) is not finite (NaN or infinite): check the loss and the learning rate"
        case .parameterFile(let path, let tensor, let problem):
            return tensor.isEmpty ? "\(path): \(problem)" : "\(path): \(tensor): \(problem)"
        }
    }
}

/// Throws `shapeMismatch` with `message` unless `condition` holds.
@inline(__always)
func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw TensorError.shapeMismatch(message()) }
}
