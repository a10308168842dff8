// Is the structure signal learned at all on unseen families? The interface head's per-residue
// probability on held-out complexes against the structures' labels (≤ 5 Å heavy-atom distance to
// the partner), as an AUROC: 0.5 is chance. Only the residues the network reads (the crop) count.

import TwinPeaksTensor

public struct InterfaceScores: Sendable, Equatable {
    /// One entry per scored residue: whether it is at the interface, and the predicted probability.
    public var labels: [Bool] = []
    public var probabilities: [Double] = []

    public init() {}

    /// Rank-based AUROC (Mann–Whitney U, ties ½); nil when either class is empty.
    public var auroc: Double? {
        SignAUROC.auroc(measuredDDG: labels.map { $0 ? 1 : 0 }, predictedDDG: probabilities)
    }

    /// The held-out complexes' residue scores, each residue's probability the mean over the ensemble's
    /// `predictors`; empty when the networks have no interface head or no complex has labels.
    public static func score(_ predictors: [Predictor], complexes: [ComplexSample]) throws -> InterfaceScores {
        var scores = InterfaceScores()
        for complex in complexes {
            guard let interface = complex.interface else { continue }
            var sums: [[Double]]? = nil
            var ranges: [Range<Int>] = []
            for predictor in predictors {
                guard let (crop, probabilities) = try predictor.interfaceProbabilities(complex) else { return InterfaceScores() }
                ranges = crop
                sums = sums.map { old in zip(old, probabilities).map { zip($0, $1).map { $0 + Double($1) } } }
                    ?? probabilities.map { $0.map(Double.init) }
            }
            guard let sums else { continue }
            for side in 0..<2 {
                let flags = interface.interfaceFlags(partner: side)
                for (offset, residue) in ranges[side].enumerated() {
                    scores.labels.append(flags[residue] > 0)
                    scores.probabilities.append(sums[side][offset] / Double(predictors.count))
                }
            }
        }
        return scores
    }
}

/// The same question for the contact head: its window-pair probabilities on held-out complexes
/// against the structures' window contact maps (window pairs holding a residue pair within 5 Å).
public struct ContactScores: Sendable, Equatable {
    public var labels: [Bool] = []
    public var probabilities: [Double] = []

    public init() {}

    public var auroc: Double? {
        SignAUROC.auroc(measuredDDG: labels.map { $0 ? 1 : 0 }, predictedDDG: probabilities)
    }

    /// Every window pair of the held-out complexes' crops, its probability the ensemble mean; empty
    /// when the networks have no contact head or no complex has a structure.
    public static func score(_ predictors: [Predictor], complexes: [ComplexSample]) throws -> ContactScores {
        var scores = ContactScores()
        for complex in complexes where complex.interface != nil {
            var sum: [Double]? = nil, truth: ContactTargets? = nil
            for predictor in predictors {
                guard let (map, probabilities) = try predictor.contactProbabilities(complex) else { return ContactScores() }
                truth = map
                sum = sum.map { zip($0, probabilities).map { $0 + Double($1) } } ?? probabilities.map(Double.init)
            }
            guard let sum, let truth else { continue }
            scores.labels += truth.values.map { $0 > 0 }
            scores.probabilities += sum.map { $0 / Double(predictors.count) }
        }
        return scores
    }
}
