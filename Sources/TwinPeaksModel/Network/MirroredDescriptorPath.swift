// A mirrored MLP on the ΔΔG substitution descriptors alone (`descriptorPathWidth`): ΔΔG gains
// m(forward) − m(reverse), m a small GELU MLP of the standardised descriptors. The linear wide path
// is additive in the descriptors; m lets them interact (a volume change counts differently next to
// a hydrophobic window, a substitution to Ala differently at a terminus), which is what the mirrored
// trees find in the same 84 columns. Why a path of its own, not `descriptorsInDeep`: there the
// descriptors are a few columns among ~800 of pooled and site vectors, trained at the trunk's rate;
// here they alone feed an MLP that can run at its own rate (`descriptorPathRateScale`). Measured
// first in numpy on RDE's folds (64 GELU/ReLU units, dropout 0.1–0.2): pooled Pearson 0.49–0.52
// against 0.34 for the mirrored linear path (README, session 14).

import TwinPeaksTensor

public struct MirroredDescriptorPath {
    public let mlp: HeadMLP
    /// Quantile hinges in front of the MLP (`descriptorPathKnots` > 0), fitted at epoch 0.
    public let knots: DescriptorKnots?
    let store: ParameterStore

    public init(descriptorWidth: Int, hiddenWidth: Int, knots knotCount: Int = 0, dropout: Float,
                store: ParameterStore, generator: inout SeededGenerator) throws {
        self.store = store
        mlp = try HeadMLP("ddg_head.descriptor_path", inputWidth: descriptorWidth * (1 + knotCount), hiddenWidth: hiddenWidth,
                          dropout: dropout, store: store, generator: &generator)
        knots = knotCount > 0 ? try DescriptorKnots("ddg_head.descriptor_path.hinges", count: knotCount,
                                                    descriptorWidth: descriptorWidth, store: store, generator: &generator) : nil
    }

    /// The path's trained parameters (for its learning-rate scale); the knots are fitted, not trained.
    public var parameters: [Parameter] { mlp.parameters }

    public struct Cache {
        let mlp: HeadMLP.Cache
        let rows: Int
    }

    /// bothDirections: [2N, S] standardised descriptors, the N forward rows then the N reverse rows
    /// (as the network stacks them for the interface gate too) → m(forward) − m(reverse), N values.
    /// Exactly antisymmetric: swapping the directions negates every value, dropout masks aside
    /// (in evaluation there are none).
    public func forward(_ bothDirections: Tensor, training: Bool,
                        generator: inout SeededGenerator) throws -> (difference: [Float], cache: Cache) {
        let rows = bothDirections.shape[0] / 2
        let input = try knots?.expand(bothDirections, store: store) ?? bothDirections
        let (m, cache) = try mlp.forward(input, training: training, generator: &generator)
        let difference = (0..<rows).map { m[flat: $0] - m[flat: rows + $0] }
        return (difference, Cache(mlp: cache, rows: rows))
    }

    /// Backward of `forward`: d m(forward) = dΔΔG, d m(reverse) = −dΔΔG. The descriptors are inputs,
    /// not parameters: their gradient is dropped.
    public func backward(_ dDifference: [Float], cache: Cache) throws {
        let dBoth = try Tensor(shape: [2 * cache.rows, 1], values: dDifference + dDifference.map { -$0 })
        _ = try mlp.backward(dBoth, cache: cache.mlp)
    }
}
