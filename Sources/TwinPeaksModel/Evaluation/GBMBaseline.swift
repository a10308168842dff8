// The tuned gradient-boosted-trees baseline (calibration §1.3(c), §2.3): XGBoost trees on the explicit
// descriptors, leaves × min-child × trees chosen by inner 3-fold GroupKFold on the training part only,
// then refitted on the whole training part. One fit of the most trees per grid point and inner fold is
// scored at every tree count, as the calibration's `predict(num_iteration=n)` did.

import TwinPeaksBio

/// Gradient-boosted trees with their parameters selected on the training rows only.
public struct GBMBaseline {
    /// The candidate values; every combination is scored.
    public struct Grid: Sendable, Equatable {
        public var maxLeaves: [Int]
        public var minChildWeights: [Double]
        public var rounds: [Int]

        public init(maxLeaves: [Int], minChildWeights: [Double], rounds: [Int]) {
            self.maxLeaves = maxLeaves
            self.minChildWeights = minChildWeights
            self.rounds = rounds
        }

        /// ddg.py's grid (ΔΔG, ~5,000 training rows).
        public static let deltaDeltaG = Grid(maxLeaves: [7, 15, 31], minChildWeights: [20, 50], rounds: [150, 400, 800])
        /// dg.py's grid (ΔG, ~1,500 training complexes: smaller trees, smaller leaves).
        public static let deltaG = Grid(maxLeaves: [4, 8, 16], minChildWeights: [10, 30], rounds: [100, 300, 800])
        /// The calibration's grid for a task: the one rule every fit of the trees follows.
        public static func forTask(_ task: MetricsReport.Task) -> Grid { task == .ddG ? deltaDeltaG : deltaG }
    }

    public static let innerFolds = 3

    /// The trees refitted on all training rows with the chosen parameters.
    public var model: GradientBoostedTrees
    /// Every scored grid point with its inner score (nil where undefined), in grid order.
    public var innerScores: [(parameters: BoostingParameters, score: Double?)]
    /// The chosen point's inner out-of-fold predictions, one per training row in order (each made by
    /// trees that never saw the row's group); nil where the grid was not scored.
    public var outOfFold: [Double]?

    public var parameters: BoostingParameters { model.parameters }

    /// `groups` holds each row's complex id; rows of one complex never straddle inner folds. A grid
    /// point's score is the pooled Pearson of the inner out-of-fold predictions, averaged with the
    /// per-complex Spearman where that is defined (ΔΔG: complexes with ≥ 10 rows; for ΔG every row is
    /// its own complex, so the score is the pooled Pearson). The first best point wins; with fewer
    /// groups than inner folds, or no scorable point, the default `BoostingParameters` are used.
    /// `mirroredWidth`: the rows are [forward | reverse | shared] and every fit is mirrored
    /// (`BoostingParameters.mirroredWidth`); the inner scores read the mirrored predictions.
    public init(fitting features: [[Double]], targets: [Double], groups: [String], seed: UInt64,
                grid: Grid = .deltaDeltaG, mirroredWidth: Int? = nil) throws {
        guard features.count == groups.count, features.count == targets.count else {
            throw InputError("gbm baseline", "\(features.count) rows, \(targets.count) targets and \(groups.count) group labels; expected equal counts")
        }
        var base = BoostingParameters()
        base.seed = seed
        base.threads = 1   // fixed threads and seed: the same trees on every run
        base.mirroredWidth = mirroredWidth
        var candidates: [BoostingParameters] = []
        for leaves in grid.maxLeaves {
            for minChild in grid.minChildWeights {
                for rounds in grid.rounds {
                    var p = base
                    (p.maxLeaves, p.minChildWeight, p.rounds) = (leaves, minChild, rounds)
                    candidates.append(p)
                }
            }
        }
        var scores = [Double?](repeating: nil, count: candidates.count)
        var outOfFold: [[Double]] = []
        if Set(groups).count >= Self.innerFolds, let mostRounds = grid.rounds.max() {
            let fold = try GroupKFold.assign(groups: groups, folds: Self.innerFolds)
            outOfFold = [[Double]](repeating: [Double](repeating: 0, count: features.count), count: candidates.count)
            for k in 0..<Self.innerFolds {
                let train = features.indices.filter { fold[$0] != k }, test = features.indices.filter { fold[$0] == k }
                let testFeatures = test.map { features[$0] }
                let trainFeatures = train.map { features[$0] }, trainTargets = train.map { targets[$0] }
                for leaves in grid.maxLeaves {
                    for minChild in grid.minChildWeights {
                        var full = base
                        (full.maxLeaves, full.minChildWeight, full.rounds) = (leaves, minChild, mostRounds)
                        let trees = try GradientBoostedTrees(fitting: trainFeatures, targets: trainTargets, parameters: full)
                        // Every candidate that differs from this fit only in its tree count reads its first trees.
                        for (c, candidate) in candidates.enumerated()
                        where candidate.maxLeaves == leaves && candidate.minChildWeight == minChild {
                            let predicted = try trees.predict(testFeatures, rounds: candidate.rounds)
                            for (i, row) in test.enumerated() { outOfFold[c][row] = predicted[i] }
                        }
                    }
                }
            }
            scores = try outOfFold.map { try Self.score(targets: targets, predicted: $0, groups: groups) }
        }
        var best: Int? = nil
        for (c, score) in scores.enumerated() {
            if let score, best == nil || score > scores[best!]! { best = c }
        }
        model = try GradientBoostedTrees(fitting: features, targets: targets, parameters: best.map { candidates[$0] } ?? base)
        innerScores = zip(candidates, scores).map { (parameters: $0, score: $1) }
        self.outOfFold = best.map { outOfFold[$0] }
    }

    /// The trees of labelled rows as every fit of them reads them: each row's `treeFeatures`
    /// (ΔΔG: forward and reverse, mirrored), its target and its complex as the group.
    public init(fitting rows: [BaselineSample], seed: UInt64, grid: Grid, place: String) throws {
        try self.init(fitting: rows.map(\.treeFeatures), targets: rows.map(\.targetKcalPerMol), groups: rows.map(\.complexID),
                      seed: seed, grid: grid, mirroredWidth: rows.mirroredWidth(place: place))
    }

    public func predict(_ features: [[Double]]) throws -> [Double] { try model.predict(features) }

    /// ddg.py's selection score: mean of pooled Pearson and per-complex Spearman; pooled Pearson alone
    /// where no complex has enough rows for the per-complex figure. Nil when the Pearson is undefined.
    static func score(targets: [Double], predicted: [Double], groups: [String]) throws -> Double? {
        guard let pearson = Correlation.pearson(targets, predicted) else { return nil }
        let perComplex = try PerComplexSpearman(measured: targets, predicted: predicted, complexIDs: groups)
        return perComplex.value.map { (pearson + $0) / 2 } ?? pearson
    }
}
