// Piecewise-linear wide paths (`wideHinges`): each standardised descriptor z becomes
// [z, relu(z − k₁), …, relu(z − k_K)] for K knots evenly spaced over [−1, 1] standard deviations.
// A linear map of that is an additive model with a bend at every knot (a generalised additive
// model), still fitted by ridge at initialisation. Why: the XGBoost trees on the same descriptors
// beat ridge by about 0.09 Pearson on RDE, and part of that is per-descriptor curvature (a volume
// change matters more past a size, burial past a length) that a straight line cannot follow.
// The expansion is the same function on both directions of a substitution, so the ΔΔG wide path
// w·(h(d(wt→mut)) − h(d(mut→wt))) stays exactly antisymmetric.

import TwinPeaksTensor

public struct WideHinges: Sendable, Equatable {
    /// Knot positions in standard deviations; empty = the plain linear path.
    public let knots: [Float]

    public init(count: Int) {
        knots = count <= 0 ? [] : count == 1 ? [0] : (0..<count).map { -1 + 2 * Float($0) / Float(count - 1) }
    }

    /// Width of the expansion of `width` descriptors.
    public func expandedWidth(_ width: Int) -> Int { width * (1 + knots.count) }

    /// One row: the descriptors, then their hinges knot by knot.
    public func expand(_ row: [Float]) -> [Float] {
        guard !knots.isEmpty else { return row }
        var out = row
        out.reserveCapacity(expandedWidth(row.count))
        for knot in knots { for z in row { out.append(max(z - knot, 0)) } }
        return out
    }

    /// Rows of a [N, D] tensor → [N, D·(1 + K)].
    public func expand(_ tensor: Tensor) throws -> Tensor {
        guard !knots.isEmpty else { return tensor }
        return try RowExpansion.expand(tensor, width: expandedWidth(tensor.shape[1]), expand)
    }
}
