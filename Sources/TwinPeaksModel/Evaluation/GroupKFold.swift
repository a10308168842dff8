// Deterministic grouped k-fold assignment (scikit-learn's GroupKFold without shuffling): the largest
// groups first, each to the fold with the fewest rows so far, so no group is split across folds.

import TwinPeaksBio

/// Assigns rows to folds by group (a complex id, say).
public enum GroupKFold {
    /// The fold (0..<folds) of every row. Groups are ordered by size, largest first; equal sizes by
    /// name, last name first (as a stable ascending sort reversed); ties between folds go to the lowest fold.
    public static func assign(groups: [String], folds: Int) throws -> [Int] {
        let unique = Array(Set(groups)).sorted()
        guard folds >= 2, unique.count >= folds else {
            throw InputError("group k-fold", "\(unique.count) groups for \(folds) folds; expected at least 2 folds and one group per fold")
        }
        var size: [String: Int] = [:]
        for g in groups { size[g, default: 0] += 1 }
        let ascending = unique.enumerated().sorted { a, b in
            size[a.element]! != size[b.element]! ? size[a.element]! < size[b.element]! : a.offset < b.offset
        }
        var rowsPerFold = [Int](repeating: 0, count: folds)
        var foldOfGroup: [String: Int] = [:]
        for (_, group) in ascending.reversed() {
            let lightest = rowsPerFold.indices.min { rowsPerFold[$0] < rowsPerFold[$1] }!
            rowsPerFold[lightest] += size[group]!
            foldOfGroup[group] = lightest
        }
        return groups.map { foldOfGroup[$0]! }
    }
}
