// Within-complex ranking for ΔΔG: a pairwise logistic (RankNet) loss over the mutants of one batch,
// which are all of one complex. For every pair whose measured ΔΔG differ by at least `margin`
// kcal/mol (smaller gaps are within the noise of repeated SKEMPI measurements, SD ≈ 0.45), the loss
// is log(1 + exp(−(p_i − p_j))) with i the more destabilising mutant: it rewards ordering the
// mutants of a complex right, which the pooled Huber loss barely sees.

import TwinPeaksTensor

public enum RankingLoss {
    /// Mean loss over the ordered pairs of exact labels and d(loss)/d prediction; nil with no pair.
    public static func pairwiseLogistic(_ predictions: [Float], labels: Labels, margin: Float = 0.5)
        throws -> (value: Float, dPredictions: Tensor)? {
        guard predictions.count == labels.values.count else {
            throw ModelError.input("ranking loss: \(predictions.count) predictions for \(labels.values.count) labels")
        }
        var pairs: [(Int, Int)] = []
        for i in predictions.indices where labels.kinds[i] == .exact {
            for j in predictions.indices where labels.kinds[j] == .exact && labels.values[i] - labels.values[j] >= margin {
                pairs.append((i, j))  // i measured more destabilising than j
            }
        }
        guard !pairs.isEmpty else { return nil }
        var d = [Float](repeating: 0, count: predictions.count)
        var total: Float = 0
        for (i, j) in pairs {
            let x = predictions[i] - predictions[j]
            total += Logistic.softplus(-x)
            let g = -Logistic.sigmoid(-x) / Float(pairs.count)  // d softplus(−x)/dx = −σ(−x)
            d[i] += g
            d[j] -= g
        }
        return (total / Float(pairs.count), try Tensor(shape: [predictions.count], values: d))
    }
}
