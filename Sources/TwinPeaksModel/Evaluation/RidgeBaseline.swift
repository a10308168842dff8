// The ridge baseline (calibration §1.3(b)): ridge on standardised descriptors, α from {0.1, 1, 10, 100, 1000}
// chosen by inner 3-fold cross-validation grouped by complex on the training part, scored by pooled Pearson.

import TwinPeaksBio

/// Ridge with α selected on the training rows only.
public struct RidgeBaseline: Sendable {
    public static let candidateAlphas: [Double] = [0.1, 1, 10, 100, 1000]
    /// Used when no α can be scored (fewer groups than inner folds, or constant inner predictions).
    public static let fallbackAlpha = 10.0
    public static let innerFolds = 3

    public var model: RidgeRegression
    /// Pooled inner out-of-fold Pearson per candidate α (nil where undefined or not run).
    public var innerPearson: [Double?]

    public var alpha: Double { model.alpha }

    /// `groups` holds each training row's complex id; rows of one complex never straddle inner folds.
    /// The first α with the highest inner Pearson wins.
    public init(fitting rows: [[Double]], targets: [Double], groups: [String],
                alphas: [Double] = RidgeBaseline.candidateAlphas) throws {
        guard rows.count == groups.count else {
            throw InputError("ridge baseline", "\(rows.count) rows but \(groups.count) group labels; expected equal counts")
        }
        var scores = [Double?](repeating: nil, count: alphas.count)
        if Set(groups).count >= Self.innerFolds {
            let fold = try GroupKFold.assign(groups: groups, folds: Self.innerFolds)
            var outOfFold = [[Double]](repeating: [Double](repeating: 0, count: rows.count), count: alphas.count)
            for k in 0..<Self.innerFolds {
                let train = rows.indices.filter { fold[$0] != k }, test = rows.indices.filter { fold[$0] == k }
                let path = try RidgeRegression.fitPath(train.map { rows[$0] }, targets: train.map { targets[$0] }, alphas: alphas)
                for (a, model) in path.enumerated() { for i in test { outOfFold[a][i] = model.predict(rows[i]) } }
            }
            scores = outOfFold.map { Correlation.pearson(targets, $0) }
        }
        var best: Int? = nil
        for (a, score) in scores.enumerated() {
            if let score, best == nil || score > scores[best!]! { best = a }
        }
        model = try RidgeRegression(fitting: rows, targets: targets, alpha: best.map { alphas[$0] } ?? Self.fallbackAlpha)
        innerPearson = scores
    }

    public func predict(_ rows: [[Double]]) -> [Double] { model.predict(rows) }
}
