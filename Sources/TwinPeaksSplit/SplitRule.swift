// The rules that make a fold file, as named on the command line (`twinpeaks split --rule`).

public enum SplitRule: String, CaseIterable, Sendable {
    /// Disjoint family hold-outs: training drops every complex that shares a family (or a similar
    /// chain) with the hold-out's validation set; hub families are never validated.
    case strict
    /// Softer: two complexes are linked only when both partners share a family; linked complexes
    /// never sit on both sides of a fold.
    case pair
    /// Complexes dealt to folds at random: the leaky baseline.
    case random
    /// The RDE-Network SKEMPI 3-fold split by complex (Luo et al., ICLR 2023).
    case rde3fold = "rde-3fold"
    /// The CATH-superfamily hold-out of CATH-ddG and USP-ddG.
    case cathHoldout = "cath-holdout"

    /// One sentence for the report.
    public var summary: String {
        switch self {
        case .strict:
            "strict family-disjoint hold-outs: a complex trains only if it shares no family and no similar chain with the hold-out's validation set"
        case .pair:
            "pair rule: complexes are linked when both partners share a family (or a similar chain); linked complexes fall in the same fold"
        case .random:
            "random: complexes dealt to folds at random, homologs and repeats on both sides (the leak)"
        case .rde3fold:
            "published RDE-Network 3-fold split of SKEMPI by complex; complexes it does not list are dropped"
        case .cathHoldout:
            "published CATH-superfamily hold-out of CATH-ddG/USP-ddG; complexes it does not assign are dropped"
        }
    }
}
