// The dual-head network: shared partner encoder → symmetric complex vector → ΔG head on every row,
// antisymmetric ΔΔG head on every mutant/wild-type pair. All parameters live in one store.

import TwinPeaksTensor

public final class TwinPeaksNetwork {
    public let configuration: ModelConfiguration
    /// Residue feature width the network reads (provider dimension + flag channels).
    public let featureWidth: Int
    public let partnerDescriptorWidth: Int?
    public let substitutionDescriptorWidth: Int?
    public let store = ParameterStore()
    public let trunk: PartnerEncoder
    public let deltaGHead: DeltaGHead
    public let deltaDeltaGHead: DeltaDeltaGHead
    /// Per-token interface logits (structure supervision), when `interfaceLossWeight` > 0.
    public let interfaceHead: InterfaceHead?
    /// ΔΔG += p · (v·d(wt→mut) − v·d(mut→wt)), p the predicted interface probability at the mutated
    /// windows: substitutions count for more where the network believes the partner is touched.
    public let interfaceGate: Linear?
    /// Window-pair contact logits (structure supervision of the two partners' tokens together),
    /// when `contactLossWeight` > 0.
    public let contactHead: ContactHead?
    /// Per-token burial logits (the window's relative burial on binding), when `burialLossWeight` > 0.
    public let burialHead: InterfaceHead?
    /// ΔΔG += m(forward) − m(reverse), an MLP of the substitution descriptors alone, when `descriptorPathWidth` > 0.
    public let descriptorPath: MirroredDescriptorPath?
    /// ΔG (standardised) += m(partner descriptors), an MLP of the descriptors alone, when `deltaGDescriptorPathWidth` > 0.
    public let deltaGDescriptorPath: DeltaGDescriptorPath?
    /// ΔG head output is standardised: ΔG = mean + std · output (kcal/mol), set from training data.
    public var deltaGMean: Float = -9.69
    public var deltaGStd: Float = 2.58

    public init(configuration: ModelConfiguration, featureWidth: Int, partnerDescriptorWidth: Int,
                substitutionDescriptorWidth: Int, seed: UInt64) throws {
        try configuration.validate()
        self.configuration = configuration
        self.featureWidth = featureWidth
        self.partnerDescriptorWidth = configuration.widePaths ? partnerDescriptorWidth : nil
        self.substitutionDescriptorWidth = configuration.widePaths ? substitutionDescriptorWidth : nil
        var generator = SeededGenerator(seed: seed)
        trunk = try PartnerEncoder(configuration: configuration, featureWidth: featureWidth, store: store,
                                   generator: &generator)
        deltaGHead = try DeltaGHead(complexWidth: 2 * configuration.width, hiddenWidth: configuration.headWidth,
                                    descriptorWidth: self.partnerDescriptorWidth,
                                    descriptorsInDeep: configuration.descriptorsInDeep,
                                    hinges: configuration.deltaGHinges, dropout: configuration.dropout,
                                    store: store, generator: &generator)
        deltaDeltaGHead = try DeltaDeltaGHead(
            complexWidth: 2 * configuration.width, siteWidth: configuration.siteInput ? configuration.width : nil,
            hiddenWidth: configuration.headWidth, descriptorWidth: self.substitutionDescriptorWidth,
            descriptorsInDeep: configuration.descriptorsInDeep, hinges: configuration.deltaDeltaGHinges,
            products: configuration.wideProducts ? .substitutions : .none,
            dropout: configuration.dropout, store: store, generator: &generator)
        // Created last, so switching them on leaves every other parameter's initial value unchanged.
        interfaceHead = configuration.interfaceLossWeight > 0
            ? try InterfaceHead(width: configuration.width, store: store, generator: &generator) : nil
        let gateWidth = configuration.interfaceGate && configuration.widePaths ? substitutionDescriptorWidth : nil
        if let gateWidth {
            interfaceGate = try Linear("ddg_head.interface_gate", inputWidth: gateWidth, outputWidth: 1, bias: false,
                                       initialization: .zeros, store: store, generator: &generator)
        } else {
            interfaceGate = nil
        }
        contactHead = configuration.contactLossWeight > 0
            ? try ContactHead(width: configuration.width, store: store, generator: &generator) : nil
        burialHead = configuration.burialLossWeight > 0
            ? try InterfaceHead("burial_head", width: configuration.width, store: store, generator: &generator) : nil
        if let width = self.substitutionDescriptorWidth, configuration.descriptorPathWidth > 0 {
            descriptorPath = try MirroredDescriptorPath(descriptorWidth: width, hiddenWidth: configuration.descriptorPathWidth,
                                                        knots: configuration.descriptorPathKnots, dropout: configuration.dropout, store: store, generator: &generator)
        } else {
            descriptorPath = nil
        }
        if let width = self.partnerDescriptorWidth, configuration.deltaGDescriptorPathWidth > 0 {
            deltaGDescriptorPath = try DeltaGDescriptorPath(descriptorWidth: width, hiddenWidth: configuration.deltaGDescriptorPathWidth,
                                                            dropout: configuration.dropout, store: store, generator: &generator)
        } else {
            deltaGDescriptorPath = nil
        }
    }

    public struct Prediction {
        /// ΔG per row in kcal/mol, and the head's standardised output.
        public var deltaG: [Float]
        public var deltaGStandardised: [Float]
        /// ΔΔG per pair in kcal/mol (positive = the mutation weakens binding).
        public var deltaDeltaG: [Float]
        /// Interface logits per token [B, T_p] of both partners (with the interface head).
        public var interfaceLogits: (Tensor, Tensor)?
        /// Contact logits per window pair [B, T1, T2] (with the contact head).
        public var contactLogits: Tensor?
        /// Burial logits per token [B, T_p] of both partners (with the burial head).
        public var burialLogits: (Tensor, Tensor)?
        /// Per pair: the mean interface (burial) probability over the mutated windows of the mutant
        /// and its wild type, the value the gate reads; nil without the head (0 for a pair whose
        /// mutations fall outside the crop). `treesReadStructure` gives these to the trees.
        public var siteInterface: [Float]?
        public var siteBurial: [Float]?
    }

    struct GateCache {
        let linear: Linear.Cache
        /// Per pair: the interface probability p, the gate's two directions' outputs, its site tokens.
        let probability: [Float]
        let forwardMinusReverse: [Float]
        let sites: [[TokenPooling.Site]]
    }

    public struct Cache {
        let trunk: PartnerEncoder.Cache
        let tokens: (Tensor, Tensor)
        let masks: (TokenMask, TokenMask)
        let pooled: (Tensor, Tensor)
        let deltaG: DeltaGHead.Cache
        let deltaDeltaG: DeltaDeltaGHead.Cache?
        let interface: InterfaceHead.Cache?
        let interfaceLogits: (Tensor, Tensor)?
        let contact: ContactHead.Cache?
        let burial: InterfaceHead.Cache?
        let burialLogits: (Tensor, Tensor)?
        let gate: GateCache?
        let descriptorPath: MirroredDescriptorPath.Cache?
        let deltaGDescriptorPath: HeadMLP.Cache?
        let sites: [[TokenPooling.Site]]
        let pairs: [MutantPair]
        let rows: Int
    }

    // MARK: Forward

    /// In evaluation mode the products are row-stable (`RowStableProducts`): a row's outputs do not
    /// depend on the other rows of the batch, to the bit.
    public func forward(_ batch: NetworkBatch, training: Bool, generator: inout SeededGenerator) throws
        -> (prediction: Prediction, cache: Cache) {
        if training { return try pass(batch, training: true, generator: &generator) }
        return try RowStableProducts.$enabled.withValue(true) { try pass(batch, training: false, generator: &generator) }
    }

    private func pass(_ batch: NetworkBatch, training: Bool, generator: inout SeededGenerator) throws
        -> (prediction: Prediction, cache: Cache) {
        guard !batch.rows.isEmpty else { throw ModelError.input("network: empty batch") }
        let partner1 = try pack(batch.rows.map { ($0.partner1, $0.length1) })
        let partner2 = try pack(batch.rows.map { ($0.partner2, $0.length2) })
        let (encoded, trunkCache) = try trunk.forward(partner1, partner2, training: training, generator: &generator)
        let p1 = try Ops.maskedMeanPool(encoded.tokens.0, mask: encoded.masks.0)
        let p2 = try Ops.maskedMeanPool(encoded.tokens.1, mask: encoded.masks.1)
        let z = try ComplexRepresentation.forward(p1, p2)
        let descriptors = try partnerDescriptorWidth.map { width in
            try Tensor(shape: [batch.rows.count, width], values: batch.rows.flatMap { row -> [Float] in
                guard let d = row.descriptors, d.count == width else {
                    throw ModelError.input("network: a row lacks the \(width) partner descriptors the ΔG wide path needs")
                }
                return d
            })
        }
        let (dgOut, dgCache) = try deltaGHead.forward(z, descriptors: descriptors, training: training,
                                                      generator: &generator)
        var deltaGStandardised = dgOut.values
        var deltaGPathCache: HeadMLP.Cache? = nil
        if let deltaGDescriptorPath, let descriptors {
            let (m, cache) = try deltaGDescriptorPath.forward(descriptors, training: training, generator: &generator)
            for i in deltaGStandardised.indices { deltaGStandardised[i] += m[i] }
            deltaGPathCache = cache
        }
        var prediction = Prediction(deltaG: deltaGStandardised.map { deltaGMean + deltaGStd * $0 },
                                    deltaGStandardised: deltaGStandardised, deltaDeltaG: [])
        let interface = try interfaceHead?.forward(encoded.tokens)
        prediction.interfaceLogits = interface?.logits
        let contact = try contactHead?.forward(encoded.tokens)
        prediction.contactLogits = contact?.logits
        let burial = try burialHead?.forward(encoded.tokens)
        prediction.burialLogits = burial?.logits
        var ddgCache: DeltaDeltaGHead.Cache? = nil
        var gateCache: GateCache? = nil
        var descriptorPathCache: MirroredDescriptorPath.Cache? = nil
        var sites: [[TokenPooling.Site]] = []
        if !batch.pairs.isEmpty {
            let (mutant, wildType, pairSites) = try pairSides(batch, z: z, tokens: encoded.tokens, masks: encoded.masks)
            sites = pairSites
            let descriptorWidth = substitutionDescriptorWidth ?? 0
            func stack(_ pick: (MutantPair) -> [Float]?) throws -> Tensor? {
                guard descriptorWidth > 0 else { return nil }
                return try Tensor(shape: [batch.pairs.count, descriptorWidth], values: batch.pairs.flatMap { pair in
                    guard let d = pick(pair), d.count == descriptorWidth else {
                        throw ModelError.input("network: a mutant pair lacks its \(descriptorWidth) substitution descriptors")
                    }
                    return d
                })
            }
            let forwardDescriptors = try stack(\.forwardDescriptors), reverseDescriptors = try stack(\.reverseDescriptors)
            let (ddgOut, cache) = try deltaDeltaGHead.forward(
                mutant: mutant, wildType: wildType, forwardDescriptors: forwardDescriptors,
                reverseDescriptors: reverseDescriptors, training: training, generator: &generator)
            prediction.deltaDeltaG = ddgOut.values
            ddgCache = cache
            let pairs = batch.pairs.count
            let mutatedSites = (0..<pairs).map { sites[$0] + sites[pairs + $0] }
            prediction.siteInterface = interface.map { head in mutatedSites.map { Self.meanProbability(head.logits, at: $0) } }
            prediction.siteBurial = burial.map { head in mutatedSites.map { Self.meanProbability(head.logits, at: $0) } }
            // [forward rows; reverse rows], stacked once for the gate and the descriptor path, when either is on.
            var bothDirections: Tensor? = nil
            if interfaceGate != nil || descriptorPath != nil, let forwardDescriptors, let reverseDescriptors {
                bothDirections = try Ops.concatenate([forwardDescriptors, reverseDescriptors], axis: 0)
            }
            if let interfaceGate, let bothDirections,
               let probability = configuration.gateOnBurial ? prediction.siteBurial : prediction.siteInterface {
                let (u, linearCache) = try interfaceGate.forward(bothDirections)
                let difference = (0..<pairs).map { u[flat: $0] - u[flat: pairs + $0] }
                for i in 0..<pairs { prediction.deltaDeltaG[i] += probability[i] * difference[i] }
                gateCache = GateCache(linear: linearCache, probability: probability, forwardMinusReverse: difference,
                                      sites: mutatedSites)
            }
            if let descriptorPath, let bothDirections {
                let (difference, cache) = try descriptorPath.forward(bothDirections, training: training, generator: &generator)
                for i in 0..<pairs { prediction.deltaDeltaG[i] += difference[i] }
                descriptorPathCache = cache
            }
        }
        return (prediction, Cache(trunk: trunkCache, tokens: encoded.tokens, masks: encoded.masks, pooled: (p1, p2),
                                  deltaG: dgCache, deltaDeltaG: ddgCache, interface: interface?.cache,
                                  interfaceLogits: interface?.logits, contact: contact?.cache,
                                  burial: burial?.cache, burialLogits: burial?.logits, gate: gateCache, descriptorPath: descriptorPathCache,
                                  deltaGDescriptorPath: deltaGPathCache, sites: sites, pairs: batch.pairs,
                                  rows: batch.rows.count))
    }

    /// The mean interface probability σ(logit) over `sites`; 0 without sites (mutations outside the crop).
    static func meanProbability(_ logits: (Tensor, Tensor), at sites: [TokenPooling.Site]) -> Float {
        guard !sites.isEmpty else { return 0 }
        return sites.reduce(Float(0)) { $0 + Logistic.sigmoid(logit(logits, $1)) } / Float(sites.count)
    }

    static func logitIndex(_ logits: (Tensor, Tensor), _ site: TokenPooling.Site) -> Int {
        let tokens = (site.partner == 0 ? logits.0 : logits.1).shape[1]
        return site.sample * tokens + site.token
    }

    static func logit(_ logits: (Tensor, Tensor), _ site: TokenPooling.Site) -> Float {
        (site.partner == 0 ? logits.0 : logits.1)[flat: logitIndex(logits, site)]
    }

    /// Zero-padded [R, Lmax, F] features and lengths.
    private func pack(_ partners: [([Float], Int)]) throws -> PartnerEncoder.PartnerResidues {
        let longest = max(partners.map(\.1).max() ?? 1, 1)
        var values = [Float](repeating: 0, count: partners.count * longest * featureWidth)
        for (r, (features, length)) in partners.enumerated() {
            guard length >= 1, features.count == length * featureWidth else {
                throw ModelError.input("network: partner of \(length) residues has \(features.count) feature values, "
                                       + "expected \(length) × \(featureWidth)")
            }
            let start = r * longest * featureWidth
            values.replaceSubrange(start..<(start + features.count), with: features)
        }
        return PartnerEncoder.PartnerResidues(features: try Tensor(shape: [partners.count, longest, featureWidth], values: values),
                                              lengths: partners.map(\.1))
    }

    private func pairSides(_ batch: NetworkBatch, z: Tensor, tokens: (Tensor, Tensor), masks: (TokenMask, TokenMask)) throws
        -> (DeltaDeltaGHead.Side, DeltaDeltaGHead.Side, [[TokenPooling.Site]]) {
        let zWidth = z.shape[1]
        var zMutant = [Float](), zWildType = [Float]()
        var mutantSites: [[TokenPooling.Site]] = [], wildTypeSites: [[TokenPooling.Site]] = []
        for pair in batch.pairs {
            guard batch.rows.indices.contains(pair.mutantRow), batch.rows.indices.contains(pair.wildTypeRow) else {
                throw ModelError.input("network: a pair refers to a row outside the batch")
            }
            zMutant += z.values[(pair.mutantRow * zWidth)..<((pair.mutantRow + 1) * zWidth)]
            zWildType += z.values[(pair.wildTypeRow * zWidth)..<((pair.wildTypeRow + 1) * zWidth)]
            var m: [TokenPooling.Site] = [], w: [TokenPooling.Site] = []
            for site in pair.sites {
                let row = batch.rows[pair.mutantRow]
                let length = site.partner == 0 ? row.length1 : row.length2
                guard site.partner == 0 || site.partner == 1, site.residue >= 0, site.residue < length else {
                    throw ModelError.input("network: mutated residue \(site.residue) outside partner \(site.partner + 1) of \(length) residues")
                }
                let tokenCount = configuration.tokenCount(residues: length)
                guard let range = WindowLabels.tokens(holding: site.residue, tokenCount: tokenCount,
                                                      configuration: configuration) else { continue }
                for t in range {
                    m.append(.init(sample: pair.mutantRow, partner: site.partner, token: t))
                    w.append(.init(sample: pair.wildTypeRow, partner: site.partner, token: t))
                }
            }
            mutantSites.append(m)
            wildTypeSites.append(w)
        }
        let rows = batch.pairs.count
        var siteMutant: Tensor? = nil, siteWildType: Tensor? = nil
        if configuration.siteInput {
            siteMutant = TokenPooling.siteMean(tokens, sites: mutantSites)
            siteWildType = TokenPooling.siteMean(tokens, sites: wildTypeSites)
        }
        return (DeltaDeltaGHead.Side(complex: try Tensor(shape: [rows, zWidth], values: zMutant), site: siteMutant),
                DeltaDeltaGHead.Side(complex: try Tensor(shape: [rows, zWidth], values: zWildType), site: siteWildType),
                mutantSites + wildTypeSites)
    }

    // MARK: Backward

    /// Adds every parameter's gradient for the given output gradients: `dDeltaGStandardised` per row
    /// (of the standardised ΔG output), `dDeltaDeltaG` per pair (kcal/mol) and, with the interface
    /// head, `dInterfaceLogits` per token [B, T_p] of both partners (nil: no interface loss), and with
    /// the contact head `dContactLogits` per window pair [B, T1, T2] (nil: no contact loss), and
    /// with the burial head `dBurialLogits` per token like the interface's (nil: no burial loss).
    public func backward(dDeltaGStandardised: Tensor, dDeltaDeltaG: Tensor?, dInterfaceLogits: (Tensor, Tensor)? = nil,
                         dContactLogits: Tensor? = nil, dBurialLogits: (Tensor, Tensor)? = nil, cache: Cache) throws {
        let rows = cache.rows
        // z gradient: from the ΔG head on every row, and from the ΔΔG head on the pairs' rows.
        var dZ = try deltaGHead.backward(dDeltaGStandardised.reshaped([rows, 1]), cache: cache.deltaG)
        if let pathCache = cache.deltaGDescriptorPath, let deltaGDescriptorPath {
            try deltaGDescriptorPath.backward(dDeltaGStandardised.values, cache: pathCache)
        }
        let width = configuration.width
        var dTokens = (Tensor(zeros: cache.tokens.0.shape), Tensor(zeros: cache.tokens.1.shape))
        if let ddgCache = cache.deltaDeltaG, let dDeltaDeltaG {
            let pairs = cache.pairs
            let (dMutant, dWildType) = try deltaDeltaGHead.backward(dDeltaDeltaG.reshaped([pairs.count, 1]), cache: ddgCache)
            let zWidth = 2 * width
            dZ.withUnsafeMutableBufferPointer { dz in
                for (i, pair) in pairs.enumerated() {
                    for j in 0..<zWidth {
                        dz[pair.mutantRow * zWidth + j] += dMutant.complex[flat: i * zWidth + j]
                        dz[pair.wildTypeRow * zWidth + j] += dWildType.complex[flat: i * zWidth + j]
                    }
                }
            }
            if let dSiteMutant = dMutant.site, let dSiteWildType = dWildType.site {
                let dSites = try Ops.concatenate([dSiteMutant, dSiteWildType], axis: 0)
                TokenPooling.siteMeanBackward(dSites, sites: cache.sites, into: &dTokens)
            }
        }
        var dInterface = cache.interfaceLogits.map { dInterfaceLogits ?? (Tensor(zeros: $0.0.shape), Tensor(zeros: $0.1.shape)) }
        var dBurial = cache.burialLogits.map { dBurialLogits ?? (Tensor(zeros: $0.0.shape), Tensor(zeros: $0.1.shape)) }
        if let descriptorPathCache = cache.descriptorPath, let descriptorPath, let dDeltaDeltaG {
            try descriptorPath.backward(dDeltaDeltaG.values, cache: descriptorPathCache)
        }
        if let gate = cache.gate, let interfaceGate, let dDeltaDeltaG,
           let logits = configuration.gateOnBurial ? cache.burialLogits : cache.interfaceLogits {
            // ΔΔG_i += p_i·(u_f,i − u_r,i): du_f = p·dΔΔG, du_r = −p·dΔΔG; dp = dΔΔG·(u_f − u_r),
            // spread over the pair's site tokens as d logit = dp / n · σ(1 − σ), into the head p reads.
            let pairs = gate.probability.count
            let dU = (0..<pairs).map { gate.probability[$0] * dDeltaDeltaG[flat: $0] }
            _ = try interfaceGate.backward(Tensor(shape: [2 * pairs, 1], values: dU + dU.map { -$0 }), cache: gate.linear)
            func accumulate(into dLogits: inout (Tensor, Tensor)) {
                for i in 0..<pairs where !gate.sites[i].isEmpty {
                    let dp = dDeltaDeltaG[flat: i] * gate.forwardMinusReverse[i] / Float(gate.sites[i].count)
                    for site in gate.sites[i] {
                        let s = Logistic.sigmoid(Self.logit(logits, site))
                        let index = Self.logitIndex(logits, site)
                        if site.partner == 0 {
                            dLogits.0.withUnsafeMutableBufferPointer { $0[index] += dp * s * (1 - s) }
                        } else {
                            dLogits.1.withUnsafeMutableBufferPointer { $0[index] += dp * s * (1 - s) }
                        }
                    }
                }
            }
            // The logits the gate read exist, so the gradient of their head does too.
            if configuration.gateOnBurial { accumulate(into: &dBurial!) } else { accumulate(into: &dInterface!) }
        }
        for (head, headCache, dLogits) in [(interfaceHead, cache.interface, dInterface), (burialHead, cache.burial, dBurial)] {
            guard let head, let headCache, let dLogits else { continue }
            let (d1, d2) = try head.backward(dLogits, cache: headCache)
            dTokens.0 = try Ops.add(dTokens.0, d1)
            dTokens.1 = try Ops.add(dTokens.1, d2)
        }
        if let contactHead, let contactCache = cache.contact, let dContactLogits {
            let (d1, d2) = try contactHead.backward(dContactLogits, cache: contactCache)
            dTokens.0 = try Ops.add(dTokens.0, d1)
            dTokens.1 = try Ops.add(dTokens.1, d2)
        }
        let (dP1, dP2) = try ComplexRepresentation.backward(dZ, cache.pooled.0, cache.pooled.1)
        dTokens.0 = try Ops.add(dTokens.0, Ops.maskedMeanPoolBackward(dP1, mask: cache.masks.0))
        dTokens.1 = try Ops.add(dTokens.1, Ops.maskedMeanPoolBackward(dP2, mask: cache.masks.1))
        try trunk.backward(dTokens.0, dTokens.1, cache: cache.trunk)
    }
}
