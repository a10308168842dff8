// The substitution features the ΔΔG wide path, the ridge and the trees read: the 84 descriptors,
// and the ESM-2 masked-marginal score as one more column when the samples carry it.

import TwinPeaksBio

extension SubstitutionDescriptors {
    /// The name of the score's column, after the 84 descriptors.
    public static let maskedMarginalName = "esm2_masked_marginal"

    /// `features(of:on:direction:)` of the record's mutation set, then its masked-marginal score
    /// when it has one. The reverse direction reads −score exactly, not as an approximation: with
    /// the mutated positions masked, the mutant chain and the wild-type chain are the same input,
    /// so log p(mutant) − log p(wild type) from the mutant is the negated forward score, and the
    /// wide path's g(reverse) − g(forward) stays antisymmetric.
    public static func features(of mutant: MutantSample, on partners: PartnerSequences,
                                direction: Direction = .forward) throws -> [Double] {
        var f = try features(of: mutant.mutations, on: partners, direction: direction, record: mutant.id)
        if let score = mutant.maskedMarginalNats { f.append(direction == .forward ? score : -score) }
        return f
    }
}

extension SampleSet {
    /// How many substitution features each mutant record has: 84, or 85 with the ESM-2 score.
    public var substitutionFeatureWidth: Int {
        SubstitutionDescriptors.count + (mutants.contains { $0.maskedMarginalNats != nil } ? 1 : 0)
    }
}
