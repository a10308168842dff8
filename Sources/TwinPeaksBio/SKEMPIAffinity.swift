// A SKEMPI v2 affinity cell (`Affinity_mut (M)`, `Affinity_wt (M)`): a dissociation constant in M,
// possibly censored (`<1E-11`, `>1E-04`) or approximate (`~2.2E-14`); or no number at all.

public enum SKEMPIAffinity: Hashable, Sendable {
    /// A dissociation constant in mol/L with its qualifier.
    case constant(QualifiedValue)
    /// `n.b` / `n.b.`: no binding detected.
    case nonBinding
    /// `unf`: the mutant did not fold.
    case unfolded

    /// Parses one cell; every form seen in SKEMPI v2 is handled explicitly, anything else is an error.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharactersInWhitespace()
        switch trimmed.lowercased() {
        case "n.b", "n.b.", "nb": self = .nonBinding; return
        case "unf": self = .unfolded; return
        default: break
        }
        var body = Substring(trimmed)
        var qualifier = Qualifier.exact
        if let first = body.first, let found = Qualifier(rawValue: String(first)), found != .exact {
            qualifier = found
            body = body.dropFirst()
        }
        guard let value = Double(body), value > 0, value.isFinite else {
            throw InputError("", "unparsable affinity '\(text)'; expected a dissociation constant in M (5.26E-11, <1E-11, >1E-04, ~2.2E-14), n.b (non-binding) or unf (unfolded)")
        }
        self = .constant(QualifiedValue(qualifier, value))
    }

    /// The constant, or nil for a non-binder or an unfolded mutant.
    public var constant: QualifiedValue? {
        if case .constant(let value) = self { return value }
        return nil
    }

    public var status: AffinityStatus {
        switch self {
        case .constant(let value): return value.isCensored ? .censored : .measured
        case .nonBinding: return .nonBinding
        case .unfolded: return .unfolded
        }
    }
}
