// The leaky baseline: complexes shuffled with a seed and dealt round-robin to K folds.

public enum RandomFolds {
    public static func make(complexIDs: [String], folds k: Int = 4, seed: UInt64 = 1) -> FoldAssignment {
        var generator = SeededGenerator(seed: seed)
        var order = Array(complexIDs.indices)
        order.shuffle(using: &generator)
        let k = max(1, k)
        var fold = Array(repeating: 0, count: complexIDs.count)
        for (position, c) in order.enumerated() { fold[c] = position % k }
        let folds = (0..<k).map { f in
            Fold(name: "random-\(f)", train: complexIDs.indices.filter { fold[$0] != f }.map { complexIDs[$0] },
                 validation: complexIDs.indices.filter { fold[$0] == f }.map { complexIDs[$0] })
        }
        return FoldAssignment(rule: .random, folds: FoldFile(folds: folds), notes: ["\(k) folds, seed \(seed)"])
    }
}
