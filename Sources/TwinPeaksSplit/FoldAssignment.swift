// A split made by one rule: its folds, and what the rule had to give up (hub families that are
// never validated, and notes for the report).

public struct FoldAssignment: Sendable {
    public var rule: SplitRule
    public var folds: FoldFile
    /// Families held by too many complexes to validate on, with their complex counts, most frequent first.
    public var hubFamilies: [(family: String, complexes: Int)]
    /// Complexes that carry a hub family (never validated under the strict rule).
    public var hubComplexCount: Int
    /// Sentences for the report: parameters, anything the rule could not do.
    public var notes: [String]

    public init(rule: SplitRule, folds: FoldFile, hubFamilies: [(family: String, complexes: Int)] = [],
                hubComplexCount: Int = 0, notes: [String] = []) {
        self.rule = rule
        self.folds = folds
        self.hubFamilies = hubFamilies
        self.hubComplexCount = hubComplexCount
        self.notes = notes
    }
}
