// One train/test partition of a split: rows (indices into the evaluated samples) to fit on and to predict.
// A hold-out split has one fold; k-fold cross-validation and repeated disjoint hold-outs have several, pooled.

/// Row indices to train on and to test on. Test rows of the folds of one split must not overlap.
public struct EvaluationFold: Sendable, Equatable {
    public var train: [Int]
    public var test: [Int]

    public init(train: [Int], test: [Int]) {
        self.train = train
        self.test = test
    }

    /// Folds from a fold label per row: fold k tests the rows labelled k and trains on every other
    /// labelled row; rows labelled nil (unassigned or discarded) are used for neither.
    public static func crossValidation(foldOfRow: [Int?]) -> [EvaluationFold] {
        let labels = Set(foldOfRow.compactMap { $0 }).sorted()
        return labels.map { k in
            EvaluationFold(train: foldOfRow.indices.filter { foldOfRow[$0] != nil && foldOfRow[$0] != k },
                           test: foldOfRow.indices.filter { foldOfRow[$0] == k })
        }
    }
}
