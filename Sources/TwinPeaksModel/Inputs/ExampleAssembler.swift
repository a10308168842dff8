// Turns complexes and mutant records into network batches: per-residue features of both partners
// (cropped, with flags), standardised explicit descriptors, and the mutated sites. A mutant group is
// one complex's wild type plus some of its mutants, so the wild-type pass is shared.

import TwinPeaksBio

public final class ExampleAssembler {
    public let configuration: ModelConfiguration
    public let builder: PartnerFeatureBuilder
    public let partnerStandardizer: DescriptorStandardizer
    public let substitutionStandardizer: DescriptorStandardizer
    /// Crop centres (0-based joined positions) per complex and partner, from its mutant records.
    var cropCenters: [String: [Int?]] = [:]

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
            substitutionRows.append(try SubstitutionDescriptors.features(of: mutant.mutations, on: partners, direction: .forward, record: mutant.id))
            substitutionRows.append(try SubstitutionDescriptors.features(of: mutant.mutations, on: partners, direction: .reverse, record: mutant.id))
        }
        if substitutionRows.isEmpty { substitutionRows = [[Double](repeating: 0, count: SubstitutionDescriptors.count)] }
        return (try DescriptorStandardizer(fitting: partnerRows, width: PartnerDescriptors.count),
                try DescriptorStandardizer(fitting: substitutionRows, width: SubstitutionDescriptors.count))
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

    /// Records the crop centres of every complex from the mutant records that will be assembled
    /// (keeping those of other complexes when `merging`).
    public func setCropCenters(from samples: SampleSet, merging: Bool = false) throws {
        var positions: [String: [[Int]]] = [:]
        for mutant in samples.mutants {
            let partners = samples.complexes[mutant.complexID]!.partners
            var lists = positions[mutant.complexID] ?? [[], []]
            for site in try Self.joinedPositions(mutant.mutations, on: partners, record: mutant.id) {
                lists[site.partner].append(site.residue)
            }
            positions[mutant.complexID] = lists
        }
        let centers = positions.mapValues { $0.map { PartnerCrop.center(ofMutatedPositions: $0) } }
        cropCenters = merging ? cropCenters.merging(centers) { $1 } : centers
    }

    private func crops(_ complexID: String, _ partners: PartnerSequences) -> [Range<Int>] {
        let centers = cropCenters[complexID] ?? [nil, nil]
        return (0..<2).map { side in
            let length = partners.partners[side].reduce(0) { $0 + $1.residues.count }
            return PartnerCrop.window(length: length, center: centers[side], maxResidues: configuration.maxResidues)
        }
    }

    private func input(_ partners: PartnerSequences, crops: [Range<Int>], mutated: [MutatedResidue]) throws -> ComplexInput {
        let features = try (0..<2).map { side in
            try builder.features(chains: partners.partners[side].map(\.residues), crop: crops[side],
                                 mutated: Set(mutated.filter { $0.partner == side }.map(\.residue)))
        }
        let descriptors = configuration.widePaths
            ? partnerStandardizer.apply(PartnerDescriptors.features(of: partners)) : nil
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

    /// A batch of complexes for ΔG (no pairs).
    public func deltaGBatch(_ complexes: [ComplexSample]) throws -> NetworkBatch {
        NetworkBatch(rows: try complexes.map { complex in
            let crops = crops(complex.id, complex.partners)
            var row = try input(complex.partners, crops: crops, mutated: [])
            row.interfaceTargets = interfaceTargets(complex, crops: crops)
            return row
        })
    }

    /// The residue range of each partner the network reads for `complex` (its crop).
    public func cropRanges(_ complex: ComplexSample) -> [Range<Int>] { crops(complex.id, complex.partners) }

    /// Row 0: the wild type of `complex`; rows 1...n: its mutants; one pair per mutant.
    public func mutantGroup(_ complex: ComplexSample, mutants: [MutantSample]) throws -> NetworkBatch {
        let crops = crops(complex.id, complex.partners)
        var rows = [try input(complex.partners, crops: crops, mutated: [])]
        rows[0].interfaceTargets = interfaceTargets(complex, crops: crops)
        var pairs: [MutantPair] = []
        for mutant in mutants {
            let mutated = try complex.partners.applying(mutant.mutations, record: mutant.id)
            let sites = try Self.joinedPositions(mutant.mutations, on: complex.partners, record: mutant.id)
            rows.append(try input(mutated, crops: crops, mutated: sites))
            let cropped = sites.compactMap { site -> MutatedResidue? in
                let crop = crops[site.partner]
                return crop.contains(site.residue) ? MutatedResidue(partner: site.partner, residue: site.residue - crop.lowerBound) : nil
            }
            var pair = MutantPair(mutantRow: rows.count - 1, wildTypeRow: 0, sites: cropped)
            if configuration.widePaths {
                pair.forwardDescriptors = substitutionStandardizer.apply(
                    try SubstitutionDescriptors.features(of: mutant.mutations, on: complex.partners, direction: .forward, record: mutant.id))
                pair.reverseDescriptors = substitutionStandardizer.apply(
                    try SubstitutionDescriptors.features(of: mutant.mutations, on: complex.partners, direction: .reverse, record: mutant.id))
            }
            pairs.append(pair)
        }
        return NetworkBatch(rows: rows, pairs: pairs)
    }
}
