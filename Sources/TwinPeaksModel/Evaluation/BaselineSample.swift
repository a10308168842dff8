// One row as the baselines see it: its complex, its explicit descriptors, its measured target
// (ΔG or ΔΔG in kcal/mol) and, for ΔΔG, its mutation set.

import TwinPeaksBio

/// An evaluated row for the baselines.
public struct BaselineSample: Sendable {
    public var complexID: String
    /// `SubstitutionDescriptors` (ΔΔG) or `PartnerDescriptors` (ΔG) of the row.
    public var features: [Double]
    public var targetKcalPerMol: Double
    /// ΔΔG rows only: the per-substitution baseline reads the (wild type → mutant) pairs.
    public var mutations: MutationSet?
    /// ΔΔG rows with an ESM-2 score: the zero-shot baseline's prediction, in nats.
    public var maskedMarginalNats: Double?

    public init(complexID: String, features: [Double], targetKcalPerMol: Double, mutations: MutationSet? = nil) {
        self.complexID = complexID
        self.features = features
        self.targetKcalPerMol = targetKcalPerMol
        self.mutations = mutations
    }
}
