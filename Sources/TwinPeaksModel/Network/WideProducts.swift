// Pair products on the ΔΔG wide path (`wideProducts`): each direction's standardised descriptors
// x also enter as x_i · x_j for chosen pairs (i, j); the network uses wild-type one-hot × mutant
// one-hot (20 × 20), which for a point mutation says which of the 380 substitutions it is.
// Why: the wide path is w·(h(forward) − h(reverse)), and on it a linear map of the one-hots and
// the signed Δs is additive in the residues, ΔΔG ≈ c(wt) − c(mutant): every signed Δ (hydropathy,
// volume, charge) is itself a linear map of the one-hots for a point mutation. Forward the product
// wt_W·mt_A is set, reverse wt_A·mt_W, so their difference is an antisymmetric indicator of the
// substitution W→A itself, and the path stays exactly antisymmetric and ridge-fitted at epoch 0.
// The columns are standardised, so a product is that indicator plus multiples of the one-hots and
// a constant; the one-hots are columns already and the constant cancels in forward − reverse.
// Measured first in numpy on RDE's folds: ridge on the one-hots and signed Δs gives pooled
// Pearson 0.268 (per-complex Spearman 0.152), with the 400 pair products 0.29–0.31 (0.20). In the
// network it did not pay (RDE 0.344 (0.200) against 0.379 (0.185); all 1,431 products of the 53
// substitution descriptors 0.348 (0.183)): a measured configuration, in no preset (README, session 13).

import TwinPeaksTensor

public struct WideProducts: Sendable, Equatable {
    /// The multiplied column pairs, in the order the products are appended.
    public let pairs: [Pair]
    /// The columns a row must have: one past the highest multiplied column.
    public let requiredWidth: Int

    public struct Pair: Sendable, Equatable {
        public let first: Int, second: Int
    }

    public init(pairs: [Pair]) {
        self.pairs = pairs
        requiredWidth = pairs.map { max($0.first, $0.second) + 1 }.max() ?? 0
    }

    /// No products: the plain path.
    public static let none = WideProducts(pairs: [])

    /// Every column of `rows` times every column of `columns`, row by row.
    public static func crossing(_ rows: Range<Int>, _ columns: Range<Int>) -> WideProducts {
        WideProducts(pairs: rows.flatMap { i in columns.map { Pair(first: i, second: $0) } })
    }

    /// Wild-type one-hot × mutant one-hot of `SubstitutionDescriptors` (its first 20 and next 20 columns).
    public static let substitutions = crossing(0..<20, 20..<40)

    /// Width of the expansion of a row of `inputWidth` values.
    public func expandedWidth(_ inputWidth: Int) -> Int { inputWidth + pairs.count }

    /// One row: the values, then the products pair by pair.
    public func expand(_ row: [Float]) -> [Float] {
        guard !pairs.isEmpty else { return row }
        precondition(row.count >= requiredWidth, "WideProducts: a row of \(row.count) values, expected at least \(requiredWidth)")
        return row + pairs.map { row[$0.first] * row[$0.second] }
    }

    /// Rows of a [N, D] tensor → [N, D + pairs].
    public func expand(_ tensor: Tensor) throws -> Tensor {
        guard !pairs.isEmpty else { return tensor }
        let inputWidth = tensor.shape[1]
        guard inputWidth >= requiredWidth else {
            throw TensorError.invalidArgument("WideProducts: rows of \(inputWidth) descriptors, expected at least \(requiredWidth)")
        }
        return try RowExpansion.expand(tensor, width: expandedWidth(inputWidth), expand)
    }
}
