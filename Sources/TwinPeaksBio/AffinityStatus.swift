// What an affinity record says: a measured number, a censored bound, or no number (non-binder,
// unfolded mutant). Written as `measured`, `censored`, `non_binding`, `unfolded` in the dataset.

public enum AffinityStatus: String, Hashable, Sendable, CaseIterable {
    case measured
    case censored
    case nonBinding = "non_binding"
    case unfolded
}
