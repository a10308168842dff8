// How a measured number relates to the truth: exact, approximate, or a censored bound.

public enum Qualifier: String, Hashable, Sendable, CaseIterable {
    case exact = "="
    case approximate = "~"
    /// The true value is below the number (an upper bound).
    case lessThan = "<"
    /// The true value is above the number (a lower bound).
    case greaterThan = ">"

    /// True for `<` and `>`: the number is a bound, not a measurement.
    public var isCensored: Bool { self == .lessThan || self == .greaterThan }

    /// The qualifier of −x or of 1/x: bounds swap direction.
    public var flipped: Qualifier {
        switch self {
        case .lessThan: return .greaterThan
        case .greaterThan: return .lessThan
        default: return self
        }
    }
}
