// One fold of a split: the complexes it trains on, validates on, and leaves out.

/// One train/validation partition of the dataset's complexes. Mutation records inherit the role of
/// their complex. A complex that a fold does not list is not part of that fold at all.
public struct Fold: Equatable, Sendable {
    /// What a complex does in a fold.
    public enum Role: String, CaseIterable, Sendable {
        case train
        case val
        /// Left out of both sides: it shares a family (or a similar chain) with the validation set,
        /// or a published split does not assign it.
        case dropped
    }

    /// The fold's name, e.g. `strict-0`, `pair-2`, `random-1`, `rde-0`, `cath`.
    public var name: String
    public var train: [String]
    public var validation: [String]
    public var dropped: [String]

    public init(name: String, train: [String], validation: [String], dropped: [String] = []) {
        self.name = name
        self.train = train
        self.validation = validation
        self.dropped = dropped
    }

    /// The complexes with one role, in the order they were listed.
    public func complexes(_ role: Role) -> [String] {
        switch role {
        case .train: train
        case .val: validation
        case .dropped: dropped
        }
    }

    /// The role of one complex, or nil when the fold does not list it.
    public func role(of complexID: String) -> Role? {
        if validation.contains(complexID) { return .val }
        if train.contains(complexID) { return .train }
        if dropped.contains(complexID) { return .dropped }
        return nil
    }
}
