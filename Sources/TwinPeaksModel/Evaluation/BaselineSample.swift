// One row as the baselines see it: its complex, its explicit descriptors, its measured target
// (ΔG or ΔΔG in kcal/mol) and, for ΔΔG, its mutation set.

import TwinPeaksBio

/// An evaluated row for the baselines.
public struct BaselineSample: Sendable {
    public var complexID: String
    /// `SubstitutionDescriptors` (ΔΔG) or `PartnerDescriptors` (ΔG) of the row.
    public var features: [Double]
    /// ΔΔG rows: the same descriptors seen mutant → wild type, which the mirrored trees also read.
    public var reverseFeatures: [Double]?
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

    /// What the trees read: the features, then the reverse ones where the row has them.
    public var treeFeatures: [Double] { features + (reverseFeatures ?? []) }
}

extension Array where Element == BaselineSample {
    /// The trees' `mirroredWidth` for these rows: the reverse block's width when every row has one
    /// (ΔΔG), nil when none has (ΔG); rows that disagree are an error, never a silent mix.
    public func mirroredWidth(place: String) throws -> Int? {
        let widths = Set(map { $0.reverseFeatures?.count ?? 0 })
        guard widths.count <= 1 else {
            throw InputError(place, "rows with and without reverse descriptors (widths \(widths.sorted())); expected one kind")
        }
        return widths.first.flatMap { $0 > 0 ? $0 : nil }
    }
}
