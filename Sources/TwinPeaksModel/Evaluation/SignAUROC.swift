// Area under the ROC curve for the sign of ΔΔG: does the prediction rank the weakening mutations
// (measured ΔΔG > 0, class 1) above the rest (ΔΔG ≤ 0, class 0)? Rank-based (Mann–Whitney U), ties count ½.

/// AUROC of the sign of measured ΔΔG, scored by predicted ΔΔG.
///
/// Convention: a row is positive when its measured ΔΔG is strictly above zero (the mutation weakens
/// binding, SKEMPI's sign); rows with ΔΔG exactly 0 (equal wild-type and mutant affinity, common in
/// SKEMPI) are negatives, so every row is used. Tied predictions across the classes count one half.
public enum SignAUROC {
    /// nil when either class is empty (the AUROC is undefined).
    public static func auroc(measuredDDG: [Double], predictedDDG: [Double]) -> Double? {
        guard measuredDDG.count == predictedDDG.count else { return nil }
        let positives = measuredDDG.filter { $0 > 0 }.count
        let negatives = measuredDDG.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let ranks = Correlation.averageRanks(predictedDDG)
        var rankSumPositives = 0.0
        for i in measuredDDG.indices where measuredDDG[i] > 0 { rankSumPositives += ranks[i] }
        let u = rankSumPositives - Double(positives) * Double(positives + 1) / 2
        return u / (Double(positives) * Double(negatives))
    }
}
