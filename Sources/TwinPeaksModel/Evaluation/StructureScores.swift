// Is the structure signal learned at all on unseen families? On held-out complexes, the interface
// head's per-residue probability against the structures' labels (≤ 5 Å heavy-atom distance to the
// partner), and the contact head's window-pair probability against the window contact maps, each
// as an AUROC: 0.5 is chance. Only the residues the network reads (the crops) count. Both come from
// one wild-type pass per complex and member.

import TwinPeaksTensor

/// Labels and predicted probabilities of one structure head over held-out complexes.
public struct LabelScores: Sendable, Equatable {
    /// One entry per scored residue (interface) or window pair (contacts).
    public var labels: [Bool] = []
    public var probabilities: [Double] = []

    public init() {}

    /// Rank-based AUROC (Mann–Whitney U, ties ½); nil when either class is empty.
    public var auroc: Double? {
        SignAUROC.auroc(measuredDDG: labels.map { $0 ? 1 : 0 }, predictedDDG: probabilities)
    }

    /// Appends the ensemble mean of `sums` (summed over `members`) against `labels`.
    mutating func append(labels newLabels: [Bool], sums: [Double], members: Int) {
        labels += newLabels
        probabilities += sums.map { $0 / Double(members) }
    }
}

public enum StructureScores {
    /// The held-out complexes' interface and contact scores, each probability the mean over the
    /// ensemble's `predictors`; a head's scores are empty when the networks lack it or no complex
    /// has a structure.
    public static func score(_ predictors: [Predictor], complexes: [ComplexSample]) throws
        -> (interface: LabelScores, contact: LabelScores) {
        var interface = LabelScores(), contact = LabelScores()
        guard !predictors.isEmpty else { return (interface, contact) }
        for complex in complexes {
            guard let labels = complex.interface else { continue }
            var residueSums: [[Double]]? = nil, pairSums: [Double]? = nil
            var crops: [Range<Int>] = [], truth: ContactTargets? = nil
            for predictor in predictors {
                let structure = try predictor.wildTypeStructure(complex)
                crops = structure.crops
                if let probabilities = structure.interface {
                    residueSums = residueSums.map { old in zip(old, probabilities).map { zip($0, $1).map { $0 + Double($1) } } }
                        ?? probabilities.map { $0.map(Double.init) }
                }
                if let probabilities = structure.contact, let map = structure.contactTruth {
                    truth = map
                    pairSums = pairSums.map { zip($0, probabilities).map { $0 + Double($1) } } ?? probabilities.map(Double.init)
                }
            }
            if let residueSums {
                for side in 0..<2 {
                    let flags = labels.interfaceFlags(partner: side)
                    interface.append(labels: crops[side].map { flags[$0] > 0 }, sums: residueSums[side], members: predictors.count)
                }
            }
            if let pairSums, let truth {
                contact.append(labels: truth.values.map { $0 > 0 }, sums: pairSums, members: predictors.count)
            }
        }
        return (interface, contact)
    }
}
