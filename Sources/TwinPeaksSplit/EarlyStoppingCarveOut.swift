// Carves a family-disjoint early-stopping set out of a fold's training complexes, so that the model
// stops on complexes whose families it has not trained on (the same rule as the strict hold-outs).

public struct EarlyStoppingCarveOut: Equatable, Sendable {
    /// Complexes to fit on.
    public var fit: [String]
    /// Complexes to watch for early stopping: no family or similar chain in common with `fit`.
    public var stop: [String]
    /// Training complexes that share a family with `stop` and so sit on neither side.
    public var dropped: [String]

    /// Grows one strict hold-out inside `training` until `fraction` of it (at least one complex) has
    /// all its labels in the hold-out. `labels` gives each complex's families and links (as written to
    /// `families.tsv`); hub families (held by more than `hubFraction` of the training complexes) stay in `fit`.
    /// Of `tries` growths, the one dropping fewest complexes is kept.
    public init(training: [String], labels: [String: Set<String>], fraction: Double = 0.12,
                hubFraction: Double = 0.03, seed: UInt64 = 1, tries: Int = 4) {
        let target = max(1, Int((fraction * Double(training.count)).rounded()))
        let sets = training.map { labels[$0] ?? ["complex:\($0)"] }
        var options = StrictHoldouts.Options(holdouts: 1, hubFraction: hubFraction, seed: seed)
        options.tries = tries
        let fold = StrictHoldouts.make(complexIDs: training, labels: sets, options: options, target: target).folds.folds[0]
        fit = fold.train
        stop = fold.validation
        dropped = fold.dropped
    }
}
