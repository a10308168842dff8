// An MLP on the ΔG head's 67 partner descriptors alone (`deltaGDescriptorPathWidth`), added to the
// standardised ΔG. The ΔΔG side's mirrored path (`MirroredDescriptorPath`) carried into ΔG: the
// linear wide path is additive in the descriptors (lengths, composition, charge), the MLP lets them
// interact, which is what the trees find in the same columns. The descriptors are already symmetric
// in the partners (sums, |differences|, min/max), so the path needs no mirroring. Measured in the
// network on the strict family-disjoint hold-outs (128 units, fitted alone 60 epochs): no gain,
// 0.194 frozen after its fit and 0.166 trained on, against 0.193 without it (README, session 16).

import TwinPeaksTensor

public struct DeltaGDescriptorPath {
    public let mlp: HeadMLP

    public init(descriptorWidth: Int, hiddenWidth: Int, dropout: Float, store: ParameterStore,
                generator: inout SeededGenerator) throws {
        mlp = try HeadMLP("dg_head.descriptor_path", inputWidth: descriptorWidth, hiddenWidth: hiddenWidth,
                          dropout: dropout, store: store, generator: &generator)
    }

    /// The path's trained parameters (for the descriptor paths' learning-rate scale).
    public var parameters: [Parameter] { mlp.parameters }

    /// descriptors [N, P] standardised partner descriptors → N standardised ΔG contributions.
    public func forward(_ descriptors: Tensor, training: Bool,
                        generator: inout SeededGenerator) throws -> (output: [Float], cache: HeadMLP.Cache) {
        let (m, cache) = try mlp.forward(descriptors, training: training, generator: &generator)
        return (m.values, cache)
    }

    /// Backward of `forward`: the descriptors are inputs, not parameters, so their gradient is dropped.
    public func backward(_ dOutput: [Float], cache: HeadMLP.Cache) throws {
        _ = try mlp.backward(Tensor(shape: [dOutput.count, 1], values: dOutput), cache: cache)
    }
}
