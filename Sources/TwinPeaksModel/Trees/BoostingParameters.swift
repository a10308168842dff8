// The settings of one gradient-boosted tree ensemble, named after what they do. Defaults are the
// calibration's LightGBM default (calibration.md §1.3(c)): lr 0.03, 15 leaves, min child 20, 400 trees,
// row subsample 0.8, column subsample 0.7, λ = 1.

/// Hyperparameters of `GradientBoostedTrees`, recorded in every saved model.
public struct BoostingParameters: Codable, Sendable, Equatable {
    /// Shrinkage of each tree's contribution (XGBoost `eta`).
    public var learningRate = 0.03
    /// Leaves per tree, grown best-first (LightGBM's num_leaves; XGBoost lossguide + max_leaves).
    public var maxLeaves = 15
    /// Smallest hessian sum in a leaf; for squared error that is the number of rows (LightGBM's min_child_samples).
    public var minChildWeight = 20.0
    /// Boosting rounds, one tree each.
    public var rounds = 400
    /// Fraction of rows drawn for each tree.
    public var subsample = 0.8
    /// Fraction of features drawn for each tree.
    public var columnSample = 0.7
    /// L2 penalty on leaf values.
    public var lambda = 1.0
    public var seed: UInt64 = 1
    /// XGBoost's threads; the same seed and thread count give bitwise-identical trees.
    public var threads = 1
    /// Mirrored (antisymmetric) trees when set: each row is [forward | reverse | shared], the first two
    /// blocks this wide (a mutation's descriptors seen wild type → mutant and mutant → wild type). The
    /// fit reads forward + shared with target y and reverse + shared with −y; a prediction is
    /// (t(forward) − t(reverse)) / 2, so reversing a mutation negates it exactly. Nil: plain rows.
    public var mirroredWidth: Int? = nil

    public init() {}

    /// XGBoost's name and value for every setting. Squared error, histogram trees grown loss-guided
    /// with no depth limit; base_score is set from the targets by the fit, not here.
    var xgboostSettings: [(name: String, value: String)] {
        [("objective", "reg:squarederror"), ("tree_method", "hist"), ("grow_policy", "lossguide"),
         ("max_depth", "0"), ("max_leaves", String(maxLeaves)), ("eta", String(learningRate)),
         ("min_child_weight", String(minChildWeight)), ("subsample", String(subsample)),
         ("colsample_bytree", String(columnSample)), ("lambda", String(lambda)),
         // XGBoost's seed is a signed 64-bit integer: the same bits, so every UInt64 seed is accepted.
         ("seed", String(Int64(bitPattern: seed))), ("nthread", String(threads)), ("verbosity", "0")]
    }

    /// Nil when every setting is in range, else what is wrong (XGBoost's own messages name C++ internals).
    var problem: String? {
        if !(learningRate > 0 && learningRate.isFinite) { return "learning rate \(learningRate); expected > 0" }
        if maxLeaves < 2 { return "max leaves \(maxLeaves); expected at least 2" }
        if !(minChildWeight >= 0 && minChildWeight.isFinite) { return "min child weight \(minChildWeight); expected ≥ 0" }
        if rounds < 1 { return "rounds \(rounds); expected at least 1" }
        if !(subsample > 0 && subsample <= 1) { return "subsample \(subsample); expected in (0, 1]" }
        if !(columnSample > 0 && columnSample <= 1) { return "column sample \(columnSample); expected in (0, 1]" }
        if !(lambda >= 0 && lambda.isFinite) { return "lambda \(lambda); expected ≥ 0" }
        if threads < 1 { return "threads \(threads); expected at least 1" }
        if let mirroredWidth, mirroredWidth < 1 { return "mirrored width \(mirroredWidth); expected at least 1" }
        return nil
    }
}
