// Which constant an affinity is: a dissociation constant (Kd), an inhibition constant (Ki), or a
// half-maximal inhibitory concentration (IC50, assay-dependent: flagged, never silently a Kd).

public enum AffinityType: String, Hashable, Sendable, CaseIterable {
    case kd = "Kd"
    case ki = "Ki"
    case ic50 = "IC50"

    /// Kd and Ki are equilibrium constants, so RT·ln gives a binding free energy; IC50 does not.
    public var isEquilibriumConstant: Bool { self != .ic50 }
}
