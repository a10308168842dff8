// The ΔΔG head, antisymmetric by construction: ΔΔG = g(mutant, wild type) − g(wild type, mutant).
// g reads the pooled complex vectors, optionally the representations at the mutated windows
// (site input), and a wide linear path on explicit substitution descriptors seen in that direction.

import TwinPeaksTensor

public struct DeltaDeltaGHead {
    public let complexWidth: Int
    /// Width of a site vector, or nil without site input.
    public let siteWidth: Int?
    public let deep: HeadMLP
    public let wide: Linear?
    /// Width of the substitution descriptors the deep path also reads (seen in g's direction), or 0.
    public let deepDescriptorWidth: Int
    /// The wide path reads the descriptors' hinge expansion (`wideHinges`; none = linear).
    public let hinges: WideHinges
    /// …and products of descriptor pairs (`wideProducts`; none = the plain path).
    public let products: WideProducts

    public init(complexWidth: Int, siteWidth: Int?, hiddenWidth: Int, descriptorWidth: Int?, descriptorsInDeep: Bool = false,
                hinges: WideHinges = WideHinges(count: 0), products: WideProducts = .none,
                dropout: Float, store: ParameterStore, generator: inout SeededGenerator) throws {
        self.complexWidth = complexWidth
        self.hinges = hinges
        self.products = products
        self.siteWidth = siteWidth
        deepDescriptorWidth = descriptorsInDeep ? (descriptorWidth ?? 0) : 0
        deep = try HeadMLP("ddg_head.deep", inputWidth: 3 * complexWidth + 3 * (siteWidth ?? 0) + deepDescriptorWidth,
                           hiddenWidth: hiddenWidth, dropout: dropout, store: store, generator: &generator)
        if let descriptorWidth, descriptorWidth < products.requiredWidth {
            throw ModelError.configuration("wideProducts multiplies columns up to \(products.requiredWidth) of the substitution "
                + "descriptors (the wild-type and mutant one-hots): expected at least \(products.requiredWidth) of them, got \(descriptorWidth)")
        }
        wide = try descriptorWidth.map {
            try Linear("ddg_head.wide", inputWidth: products.expandedWidth(hinges.expandedWidth($0)), outputWidth: 1, bias: false, initialization: .zeros,
                       store: store, generator: &generator)
        }
    }

    /// What the wide path reads from standardised descriptors: their hinges, then the products.
    public func wideInput(_ descriptors: Tensor) throws -> Tensor { try products.expand(hinges.expand(descriptors)) }
    public func wideInput(_ descriptors: [Float]) -> [Float] { products.expand(hinges.expand(descriptors)) }

    /// One side of each pair: complex vectors [N, Wz], site vectors [N, Ws] (when site input is on).
    public struct Side {
        public var complex: Tensor
        public var site: Tensor?
    }

    public struct Cache {
        let deep: HeadMLP.Cache
        let wide: Linear.Cache?
        let rows: Int
    }

    /// Deep input X(a, b) = [z_a − z_b, z_a, z_b, s_a − s_b, s_a, s_b] for every row.
    private func deepInput(_ a: Side, _ b: Side, into x: inout [Float], rowOffset: Int) {
        let rows = a.complex.shape[0], wz = complexWidth, ws = siteWidth ?? 0
        let width = 3 * wz + 3 * ws + deepDescriptorWidth
        func fill(_ pa: Tensor, _ pb: Tensor, n: Int, start: Int) {
            pa.withUnsafeBufferPointer { pa in pb.withUnsafeBufferPointer { pb in
                for i in 0..<rows {
                    let row = (rowOffset + i) * width + start
                    for j in 0..<n {
                        let u = pa[i * n + j], v = pb[i * n + j]
                        x[row + j] = u - v
                        x[row + n + j] = u
                        x[row + 2 * n + j] = v
                    }
                }
            } }
        }
        fill(a.complex, b.complex, n: wz, start: 0)
        if ws > 0, let sa = a.site, let sb = b.site { fill(sa, sb, n: ws, start: 3 * wz) }
    }

    /// mutant/wildType sides for N pairs and the substitution descriptors seen forward (wild type →
    /// mutant) and backward (mutant → wild type), [N, S] each → ΔΔG [N, 1] in kcal/mol.
    public func forward(mutant: Side, wildType: Side, forwardDescriptors: Tensor?, reverseDescriptors: Tensor?,
                        training: Bool, generator: inout SeededGenerator) throws -> (output: Tensor, cache: Cache) {
        let rows = mutant.complex.shape[0]
        let siteColumns = 3 * complexWidth + 3 * (siteWidth ?? 0)
        let width = siteColumns + deepDescriptorWidth
        guard (siteWidth == nil) || (mutant.site != nil && wildType.site != nil) else {
            throw ModelError.input("ΔΔG head: site input is on but no site vectors were given")
        }
        var x = [Float](repeating: 0, count: 2 * rows * width)
        deepInput(mutant, wildType, into: &x, rowOffset: 0)   // rows 0..<N: g(mutant, wild type)
        deepInput(wildType, mutant, into: &x, rowOffset: rows)  // rows N..<2N: g(wild type, mutant)
        if deepDescriptorWidth > 0 {
            // g(a, b) reads the substitution seen from b to a: g(m, w) the forward one, g(w, m) the reverse.
            guard let forwardDescriptors, let reverseDescriptors else {
                throw ModelError.input("ΔΔG head: the deep path reads substitution descriptors, but none were given")
            }
            for (offset, descriptors) in [(0, forwardDescriptors), (rows, reverseDescriptors)] {
                for i in 0..<rows {
                    for j in 0..<deepDescriptorWidth {
                        x[(offset + i) * width + siteColumns + j] = descriptors[flat: i * deepDescriptorWidth + j]
                    }
                }
            }
        }
        let (g, deepCache) = try deep.forward(Tensor(shape: [2 * rows, width], values: x), training: training,
                                              generator: &generator)
        var both = g
        var wideCache: Linear.Cache? = nil
        if let wide {
            guard let forwardDescriptors, let reverseDescriptors else {
                throw ModelError.input("ΔΔG head: the wide path needs substitution descriptors")
            }
            let (w, cache) = try wide.forward(wideInput(Ops.concatenate([forwardDescriptors, reverseDescriptors], axis: 0)))
            both = try Ops.add(both, w)
            wideCache = cache
        }
        // ΔΔG = g(mutant, wild type) − g(wild type, mutant)
        let output = try Ops.subtract(Ops.slice(both, axis: 0, range: 0..<rows),
                                      Ops.slice(both, axis: 0, range: rows..<(2 * rows)))
        return (output, Cache(deep: deepCache, wide: wideCache, rows: rows))
    }

    /// Backward: ΔΔG = g(m, w) − g(w, m), X(a,b) = [z_a − z_b, z_a, z_b, …] ⇒
    /// dz_a = dX₀ + dX₁ from X(a,b), and −dX₀ + dX₂ from X(b,a); likewise for sites.
    public func backward(_ dOutput: Tensor, cache: Cache) throws -> (mutant: Side, wildType: Side) {
        let rows = cache.rows, wz = complexWidth, ws = siteWidth ?? 0
        let width = 3 * wz + 3 * ws + deepDescriptorWidth
        let dBoth = try Ops.concatenate([dOutput, Ops.scale(dOutput, by: -1)], axis: 0)  // [2N, 1]
        if let wide, let wideCache = cache.wide { _ = try wide.backward(dBoth, cache: wideCache) }
        let dX = try deep.backward(dBoth, cache: cache.deep)  // [2N, width]
        var dzM = [Float](repeating: 0, count: rows * wz), dzW = dzM
        var dsM = [Float](repeating: 0, count: rows * ws), dsW = dsM
        dX.withUnsafeBufferPointer { dx in
            func split(n: Int, start: Int, _ dA: inout [Float], _ dB: inout [Float]) {
                for i in 0..<rows {
                    let ab = i * width + start, ba = (rows + i) * width + start
                    for j in 0..<n {
                        // X(m, w): [z_m − z_w, z_m, z_w];  X(w, m): [z_w − z_m, z_w, z_m]
                        dA[i * n + j] += dx[ab + j] + dx[ab + n + j] - dx[ba + j] + dx[ba + 2 * n + j]
                        dB[i * n + j] += -dx[ab + j] + dx[ab + 2 * n + j] + dx[ba + j] + dx[ba + n + j]
                    }
                }
            }
            split(n: wz, start: 0, &dzM, &dzW)
            if ws > 0 { split(n: ws, start: 3 * wz, &dsM, &dsW) }
        }
        let mutant = Side(complex: try Tensor(shape: [rows, wz], values: dzM),
                          site: ws > 0 ? try Tensor(shape: [rows, ws], values: dsM) : nil)
        let wildType = Side(complex: try Tensor(shape: [rows, wz], values: dzW),
                            site: ws > 0 ? try Tensor(shape: [rows, ws], values: dsW) : nil)
        return (mutant, wildType)
    }
}
