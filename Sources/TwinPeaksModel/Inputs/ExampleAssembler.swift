// Turns complexes and mutant records into network batches: per-residue features of both partners
// (cropped to PartnerCrop's tiles, with flags), standardised explicit descriptors, and the mutated
// sites. A mutant group is one complex's wild type on one tile plus mutants that read that tile, so
// the wild-type pass is shared.

import TwinPeaksBio

public final class ExampleAssembler {
    public let configuration: ModelConfiguration
    public let builder: PartnerFeatureBuilder
    public let partnerStandardizer: DescriptorStandardizer
    public let substitutionStandardizer: DescriptorStandardizer

    public init(configuration: ModelConfiguration, builder: PartnerFeatureBuilder,
                partnerStandardizer: DescriptorStandardizer, substitutionStandardizer: DescriptorStandardizer) {
        self.configuration = configuration
        self.builder = builder
        self.partnerStandardizer = partnerStandardizer
        self.substitutionStandardizer = substitutionStandardizer
    }

    /// Fits both standardisers on training samples (substitution descriptors in both directions).
    public static func fitStandardizers(_ samples: SampleSet) throws -> (partner: DescriptorStandardizer,
                                                                         substitution: DescriptorStandardizer) {
        let partnerRows = samples.complexIDs.map { PartnerDescriptors.features(of: samples.complexes[$0]!.partners) }
        var substitutionRows: [[Double]] = []
        for mutant in samples.mutants {
            let partners = samples.complexes[mutant.complexID]!.partners
            substitutionRows.append(try SubstitutionDescriptors.features(of: mutant, on: partners, direction: .forward))
            substitutionRows.append(try SubstitutionDescriptors.features(of: mutant, on: partners, direction: .reverse))
        }
        let width = samples.substitutionFeatureWidth
        if substitutionRows.isEmpty { substitutionRows = [[Double](repeating: 0, count: width)] }
        return (try DescriptorStandardizer(fitting: partnerRows, width: PartnerDescriptors.count),
                try DescriptorStandardizer(fitting: substitutionRows, width: width))
    }

    /// Where each mutation sits: partner (0/1) and 0-based position in the joined partner.
    public static func joinedPositions(_ mutations: MutationSet, on partners: PartnerSequences, record: String) throws
        -> [MutatedResidue] {
        try mutations.mutations.map { m in
            guard let (side, chain) = partners.locate(chain: m.chain) else {
                throw InputError(record, "mutation \(m): no chain \(m.chain) in the complex")
            }
            var offset = 0
            for c in partners.partners[side] {
                if c.id == chain.id { break }
                offset += c.residues.count
            }
            return MutatedResidue(partner: side, residue: offset + m.residueNumber - 1)
        }
    }

    /// The residue range each partner is cropped to for `mutations` (nil: the wild type's ΔG):
    /// PartnerCrop's tile for the set's own positions on that partner, so it never depends on what
    /// else is predicted or trained alongside.
    public func crops(_ partners: PartnerSequences, mutations: MutationSet?, record: String) throws -> [Range<Int>] {
        let sites = try mutations.map { try Self.joinedPositions($0, on: partners, record: record) } ?? []
        return (0..<2).map { side in
            let length = partners.partners[side].reduce(0) { $0 + $1.residues.count }
            return PartnerCrop.window(length: length, mutatedPositions: sites.filter { $0.partner == side }.map(\.residue),
                                      maxResidues: configuration.maxResidues)
        }
    }

    /// `indices` into `mutants` (all of `complex`) grouped by the tiles they read, groups in order
    /// of their first member and members in the order given: each group is one `mutantGroup`.
    public func tileGroups(_ indices: [Int], of mutants: [MutantSample], complex: ComplexSample) throws -> [[Int]] {
        var groups: [[Int]] = [], position: [[Range<Int>]: Int] = [:]
        for i in indices {
            let key = try crops(complex.partners, mutations: mutants[i].mutations, record: mutants[i].id)
            if let g = position[key] { groups[g].append(i) } else {
                position[key] = groups.count
                groups.append([i])
            }
        }
        return groups
    }

    private func input(_ partners: PartnerSequences, crops: [Range<Int>], mutated: [MutatedResidue]) throws -> ComplexInput {
        let features = try (0..<2).map { side in
            try builder.features(chains: partners.partners[side].map(\.residues), crop: crops[side],
                                 mutated: Set(mutated.filter { $0.partner == side }.map(\.residue)))
        }
        let descriptors = configuration.widePaths
            ? standardisedPartnerDescriptors(of: partners) : nil
        return ComplexInput(partner1: features[0], length1: crops[0].count, partner2: features[1], length2: crops[1].count,
                            descriptors: descriptors)
    }

    /// Per partner and token of the cropped wild type, the fraction of the window's residues that
    /// are at the interface; nil without structure labels.
    func interfaceTargets(_ complex: ComplexSample, crops: [Range<Int>]) -> [[Float]]? {
        guard let interface = complex.interface else { return nil }
        return (0..<2).map { side in
            let flags = interface.interfaceFlags(partner: side)[crops[side]]
            return WindowLabels.tokenFractions(Array(flags), configuration: configuration)
        }
    }

    /// Per partner and token of the cropped wild type, the mean relative burial on binding of the
    /// window's residues; nil without the burial head or without buried areas.
    func burialTargets(_ complex: ComplexSample, crops: [Range<Int>]) -> [[Float]]? {
        guard configuration.burialLossWeight > 0, let interface = complex.interface else { return nil }
        let burial = (0..<2).map { side in
            interface.relativeBurial(partner: side, residues: complex.partners.partners[side].flatMap { $0.residues.map(\.oneLetter) })
        }
        guard let burial1 = burial[0], let burial2 = burial[1] else { return nil }
        return [burial1, burial2].enumerated().map { side, values in
            WindowLabels.tokenFractions(Array(values[crops[side]]), configuration: configuration)
        }
    }

    /// Interface, contact and burial targets of the cropped wild type `row` of `complex`.
    func labelWildType(_ row: inout ComplexInput, _ complex: ComplexSample, crops: [Range<Int>]) {
        row.interfaceTargets = interfaceTargets(complex, crops: crops)
        row.contactTargets = contactTargets(complex, crops: crops)
        row.burialTargets = burialTargets(complex, crops: crops)
    }

    /// The window contact map of the cropped wild type (contacts with both residues inside the
    /// crops); nil without structure labels or without the contact head.
    func contactTargets(_ complex: ComplexSample, crops: [Range<Int>]) -> ContactTargets? {
        guard configuration.contactLossWeight > 0, let interface = complex.interface else { return nil }
        let inside = interface.contacts.compactMap { c -> (Int, Int)? in
            crops[0].contains(c.position1) && crops[1].contains(c.position2)
                ? (c.position1 - crops[0].lowerBound, c.position2 - crops[1].lowerBound) : nil
        }
        return WindowLabels.contactMap(inside, lengths: (crops[0].count, crops[1].count), configuration: configuration)
    }

    /// A batch of complexes for ΔG (no pairs).
    public func deltaGBatch(_ complexes: [ComplexSample]) throws -> NetworkBatch {
        NetworkBatch(rows: try complexes.map { complex in
            let tiles = try crops(complex.partners, mutations: nil, record: complex.id)
            var row = try input(complex.partners, crops: tiles, mutated: [])
            labelWildType(&row, complex, crops: tiles)
            return row
        })
    }

    /// The residue range of each partner the network reads for `complex`'s ΔG (its centre tiles).
    public func cropRanges(_ complex: ComplexSample) throws -> [Range<Int>] {
        try crops(complex.partners, mutations: nil, record: complex.id)
    }

    /// Row 0: the wild type of `complex` on the mutants' tiles; rows 1...n: its mutants; one pair per
    /// mutant. The mutants must read one tile pair (group them with `tileGroups`).
    public func mutantGroup(_ complex: ComplexSample, mutants: [MutantSample]) throws -> NetworkBatch {
        let perMutant = try mutants.map { try crops(complex.partners, mutations: $0.mutations, record: $0.id) }
        let tiles = try perMutant.first ?? crops(complex.partners, mutations: nil, record: complex.id)
        if let other = zip(mutants, perMutant).first(where: { $0.1 != tiles }) {
            throw ModelError.input("complex \(complex.id): mutant \(other.0.id) reads tiles \(other.1), not \(tiles) as the "
                                   + "rest of its group; expected mutants grouped by ExampleAssembler.tileGroups")
        }
        var rows = [try input(complex.partners, crops: tiles, mutated: [])]
        labelWildType(&rows[0], complex, crops: tiles)
        var pairs: [MutantPair] = []
        for mutant in mutants {
            let mutated = try complex.partners.applying(mutant.mutations, record: mutant.id)
            let sites = try Self.joinedPositions(mutant.mutations, on: complex.partners, record: mutant.id)
            rows.append(try input(mutated, crops: tiles, mutated: sites))
            let cropped = sites.compactMap { site -> MutatedResidue? in
                let crop = tiles[site.partner]
                return crop.contains(site.residue) ? MutatedResidue(partner: site.partner, residue: site.residue - crop.lowerBound) : nil
            }
            var pair = MutantPair(mutantRow: rows.count - 1, wildTypeRow: 0, sites: cropped)
            if configuration.widePaths {
                (pair.forwardDescriptors, pair.reverseDescriptors) = try standardisedDescriptors(of: mutant, on: complex.partners)
            }
            pairs.append(pair)
        }
        return NetworkBatch(rows: rows, pairs: pairs)
    }

    /// A complex's 67 partner descriptors, standardised as the ΔG wide and descriptor paths read them.
    public func standardisedPartnerDescriptors(of partners: PartnerSequences) -> [Float] {
        partnerStandardizer.apply(PartnerDescriptors.features(of: partners))
    }

    /// A mutant's substitution descriptors in both directions (wild type → mutant on the wild-type
    /// sequences, mutant → wild type on the mutant's), standardised as the wide and descriptor paths read them.
    public func standardisedDescriptors(of mutant: MutantSample, on partners: PartnerSequences) throws
        -> (forward: [Float], reverse: [Float]) {
        (substitutionStandardizer.apply(try SubstitutionDescriptors.features(of: mutant, on: partners, direction: .forward)),
         substitutionStandardizer.apply(try SubstitutionDescriptors.features(of: mutant, on: partners, direction: .reverse)))
    }
}
