// How a chain longer than ESM-2's limit (1,022 residues: 1,024 positions less <cls> and <eos>)
// is read: in windows of the limit whose starts step by half a window, the last one aligned to
// the chain's end, each read as its own <cls> window <eos>. Each residue takes its row from the
// window in which it sits farthest from an edge (ties: the earlier window), so every residue
// sees at least a quarter window of context on both sides where the chain allows, and the join
// is a cut halfway through each overlap. A chain within the limit is one window.

public enum ESM2Windows {
    /// The windows of a chain of `length` residues, as residue ranges.
    public static func windows(length: Int, maximum: Int = ESM2Configuration.maximumResidues) -> [Range<Int>] {
        guard length > maximum else { return [0..<length] }
        let step = max(1, maximum / 2)
        var starts = Array(stride(from: 0, to: length - maximum, by: step))
        starts.append(length - maximum)
        return starts.map { $0..<($0 + maximum) }
    }

    /// For each residue, the index of the window it takes its row from.
    public static func owners(length: Int, windows: [Range<Int>]) -> [Int] {
        (0..<length).map { residue in
            var best = 0, bestMargin = -1
            for (index, window) in windows.enumerated() where window.contains(residue) {
                let margin = min(residue - window.lowerBound, window.upperBound - 1 - residue)
                if margin > bestMargin { (best, bestMargin) = (index, margin) }
            }
            return best
        }
    }
}
