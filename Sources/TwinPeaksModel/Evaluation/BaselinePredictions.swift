// The baselines of a split, fitted on each fold's training rows and pooled over its test rows:
// mean, per-substitution mean (ΔΔG only), ridge on the descriptors with grouped inner α selection, and
// gradient-boosted trees on the same descriptors with grouped inner parameter selection (ΔΔG:
// mirrored over both directions of each mutation, and, as `gbm_forward`, the calibration's trees on
// the forward descriptors alone); and, when every ΔΔG row carries an ESM-2 score, that score itself
// (zero-shot: nothing fitted).

import TwinPeaksBio

/// Out-of-fold baseline predictions for one split and task.
public struct BaselinePredictions: Sendable {
    public static let mean = "mean"
    public static let perSubstitutionMean = "per_substitution_mean"
    public static let ridge = "ridge"
    public static let gbm = "gbm"
    /// ΔΔG only: the trees as the calibration fitted them, on the forward descriptors alone (not antisymmetric).
    public static let gbmForward = "gbm_forward"
    /// The ESM-2 masked-marginal score in nats, as it is: ranks and signs compare with ΔΔG, values do not.
    public static let esm2MaskedMarginal = "esm2_masked_marginal"
    /// Baselines whose values are not in kcal/mol: their RMSE and MAE are left undefined.
    public static let unitless: Set<String> = [esm2MaskedMarginal]

    /// The pooled test rows, ascending (indices into the samples).
    public var rows: [Int]
    /// Baseline name → predictions aligned with `rows`.
    public var predictions: [String: [Double]]
    /// The α the ridge chose on each fold, in fold order.
    public var ridgeAlphas: [Double]
    /// The parameters the trees chose on each fold, in fold order.
    public var gbmParameters: [BoostingParameters]

    /// Fits every baseline of `task` on each fold's training rows and predicts its test rows; `seed`
    /// seeds the trees' row and column sampling.
    public init(task: MetricsReport.Task, samples: [BaselineSample], folds: [EvaluationFold], seed: UInt64 = 1) throws {
        var pooled: [Int: [String: Double]] = [:]
        var alphas: [Double] = []
        var treeParameters: [BoostingParameters] = []
        let zeroShot = task == .ddG && !samples.isEmpty && samples.allSatisfy { $0.maskedMarginalNats != nil }
        for (k, fold) in folds.enumerated() {
            let place = "baselines, fold \(k)"
            guard fold.train.allSatisfy(samples.indices.contains), fold.test.allSatisfy(samples.indices.contains) else {
                throw InputError(place, "a row index outside 0..<\(samples.count)")
            }
            guard !fold.train.isEmpty else { throw InputError(place, "no training rows; expected at least one") }
            let train = fold.train.map { samples[$0] }, test = fold.test.map { samples[$0] }
            let targets = train.map(\.targetKcalPerMol)
            var byName: [String: [Double]] = [:]
            byName[Self.mean] = try MeanBaseline(fitting: targets).predict(count: test.count)
            if task == .ddG {
                let trainSets = train.compactMap(\.mutations)
                guard trainSets.count == train.count, test.allSatisfy({ $0.mutations != nil }) else {
                    throw InputError(place, "a ΔΔG row without its mutation set; expected one per row")
                }
                let substitution = try SubstitutionMeanBaseline(fitting: trainSets, ddgKcalPerMol: targets)
                byName[Self.perSubstitutionMean] = test.map { substitution.predict($0.mutations!) }
                if zeroShot { byName[Self.esm2MaskedMarginal] = test.map { $0.maskedMarginalNats! } }
            }
            let ridge = try RidgeBaseline(fitting: train.map(\.features), targets: targets, groups: train.map(\.complexID))
            alphas.append(ridge.alpha)
            byName[Self.ridge] = ridge.predict(test.map(\.features))
            let gbm = try GBMBaseline(fitting: train, seed: seed, grid: .forTask(task), place: place)
            treeParameters.append(gbm.parameters)
            byName[Self.gbm] = try gbm.predict(test.map(\.treeFeatures))
            if task == .ddG {
                let forward = try GBMBaseline(fitting: train.map(\.features), targets: targets, groups: train.map(\.complexID),
                                              seed: seed, grid: .forTask(task))
                byName[Self.gbmForward] = try forward.predict(test.map(\.features))
            }
            for (i, row) in fold.test.enumerated() {
                guard pooled[row] == nil else { throw InputError(place, "row \(row) is tested by two folds; expected disjoint test rows") }
                pooled[row] = byName.mapValues { $0[i] }
            }
        }
        rows = pooled.keys.sorted()
        var names = task == .ddG ? [Self.mean, Self.perSubstitutionMean, Self.ridge, Self.gbm, Self.gbmForward] : [Self.mean, Self.ridge, Self.gbm]
        if zeroShot { names.append(Self.esm2MaskedMarginal) }
        var predictions: [String: [Double]] = [:]
        for name in names { predictions[name] = rows.map { pooled[$0]![name]! } }
        self.predictions = predictions
        ridgeAlphas = alphas
        gbmParameters = treeParameters
    }

    /// The model's metrics beside these baselines on the same pooled rows. `modelPredictions` (and
    /// `stackPredictions`, when a stack was fitted) map a sample index to an out-of-fold prediction
    /// and must cover every pooled test row; so must each of `extraBaselines` (baselines fitted
    /// elsewhere, e.g. the structure-reading trees of a stacked evaluation).
    public func evaluation(split: String, task: MetricsReport.Task, samples: [BaselineSample],
                           modelPredictions: [Int: Double], stackPredictions: [Int: Double]? = nil,
                           extraBaselines: [String: [Int: Double]] = [:]) throws -> MetricsReport.Evaluation {
        func aligned(_ predictions: [Int: Double], _ who: String) throws -> [Double] {
            try rows.map { row -> Double in
                guard let value = predictions[row] else {
                    throw InputError("\(split) \(task.rawValue)", "no \(who) prediction for test row \(row); expected one per pooled test row")
                }
                return value
            }
        }
        var evaluation = try MetricsReport.Evaluation(split: split, task: task, measuredKcalPerMol: rows.map { samples[$0].targetKcalPerMol },
                                                      predictedKcalPerMol: try aligned(modelPredictions, "model"),
                                                      complexIDs: rows.map { samples[$0].complexID },
                                                      baselinePredictions: try predictions.merging(
                                                          extraBaselines.mapValues { try aligned($0, "baseline") }) { own, _ in own },
                                                      stackPredictions: try stackPredictions.map { try aligned($0, "stack") })
        for name in Self.unitless where evaluation.baselines[name] != nil {
            evaluation.baselines[name]!.rmse = nil
            evaluation.baselines[name]!.mae = nil
        }
        return evaluation
    }
}
