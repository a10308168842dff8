// The ΔG head: a deep path on the complex vector z plus a wide linear path on explicit
// whole-partner descriptors (symmetric in the partners). Predicts standardised ΔG.

import TwinPeaksTensor

public struct DeltaGHead {
    public let deep: HeadMLP
    /// Descriptor count (times 1 + hinge knots) → 1, no bias (the deep path has one); nil when wide paths are off.
    public let wide: Linear?
    public let complexWidth: Int
    /// The deep path also reads the descriptors (so it can model their interactions, as trees do).
    public let descriptorsInDeep: Bool
    /// The wide path reads the descriptors' hinge expansion (`wideHinges`; none = linear).
    public let hinges: WideHinges

    public init(complexWidth: Int, hiddenWidth: Int, descriptorWidth: Int?, descriptorsInDeep: Bool = false,
                hinges: WideHinges = WideHinges(count: 0), dropout: Float,
                store: ParameterStore, generator: inout SeededGenerator) throws {
        self.complexWidth = complexWidth
        self.hinges = hinges
        self.descriptorsInDeep = descriptorsInDeep && descriptorWidth != nil
        deep = try HeadMLP("dg_head.deep", inputWidth: complexWidth + (self.descriptorsInDeep ? descriptorWidth! : 0),
                           hiddenWidth: hiddenWidth, dropout: dropout, store: store, generator: &generator)
        wide = try descriptorWidth.map {
            try Linear("dg_head.wide", inputWidth: hinges.expandedWidth($0), outputWidth: 1, bias: false, initialization: .zeros,
                       store: store, generator: &generator)
        }
    }

    public struct Cache {
        let deep: HeadMLP.Cache
        let wide: Linear.Cache?
    }

    /// z [B, 2W], descriptors [B, P] (ignored without a wide path) → standardised ΔG [B, 1].
    public func forward(_ z: Tensor, descriptors: Tensor?, training: Bool,
                        generator: inout SeededGenerator) throws -> (output: Tensor, cache: Cache) {
        if wide != nil && descriptors == nil { throw ModelError.input("ΔG head: the wide path needs partner descriptors") }
        let deepInput = descriptorsInDeep ? try Ops.concatenate([z, descriptors!], axis: 1) : z
        let (deepOut, deepCache) = try deep.forward(deepInput, training: training, generator: &generator)
        guard let wide, let descriptors else { return (deepOut, Cache(deep: deepCache, wide: nil)) }
        let (wideOut, wideCache) = try wide.forward(hinges.expand(descriptors))
        return (try Ops.add(deepOut, wideOut), Cache(deep: deepCache, wide: wideCache))
    }

    /// Backward: y = deep([z, d]) + w·d ⇒ dz from the deep path's first columns; dw from the wide path.
    public func backward(_ dOutput: Tensor, cache: Cache) throws -> Tensor {
        if let wide, let wideCache = cache.wide { _ = try wide.backward(dOutput, cache: wideCache) }
        let dInput = try deep.backward(dOutput, cache: cache.deep)
        return descriptorsInDeep ? try Ops.slice(dInput, axis: 1, range: 0..<complexWidth) : dInput
    }
}
