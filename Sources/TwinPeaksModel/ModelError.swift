// Errors of the model library: a bad configuration, a checkpoint that does not fit, bad training input,
// a failed call into XGBoost (with XGBoost's own message).

public enum ModelError: Error, CustomStringConvertible, Equatable {
    case configuration(String)
    case checkpoint(String)
    case input(String)
    case trees(String)

    public var description: String {
        switch self {
        case .configuration(let message): return "configuration: \(message)"
        case .checkpoint(let message): return "checkpoint: \(message)"
        case .input(let message): return message
        case .trees(let message): return "gradient-boosted trees: \(message)"
        }
    }
}
