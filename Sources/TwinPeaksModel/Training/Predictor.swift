// Inference in evaluation mode: ΔG for complexes and ΔΔG for mutant records, batched (mutants of
// one complex that read one tile share the wild-type pass). Results follow the input order.

import TwinPeaksTensor

public struct Predictor {
    public let network: TwinPeaksNetwork
    public let assembler: ExampleAssembler

    public init(network: TwinPeaksNetwork, assembler: ExampleAssembler) {
        self.network = network
        self.assembler = assembler
    }

    /// ΔG (kcal/mol) of each complex.
    public func deltaG(_ complexes: [ComplexSample]) throws -> [Float] {
        var out: [Float] = []
        var generator = SeededGenerator(seed: 0)  // unused in evaluation mode
        let batchSize = network.configuration.batchSize
        for start in stride(from: 0, to: complexes.count, by: batchSize) {
            let batch = try assembler.deltaGBatch(Array(complexes[start..<min(start + batchSize, complexes.count)]))
            out += try network.forward(batch, training: false, generator: &generator).prediction.deltaG
        }
        return out
    }

    /// Mutants per forward pass at most (the wild type is re-read per pass, and its unmutated
    /// partner encoded once per pass, `RepeatedRows`). Any number gives the same bits: the network's products are
    /// row-stable in evaluation mode (`RowStableProducts`), so a lone mutant needs no padding.
    static let mutantsPerPass = 32

    /// ΔΔG (kcal/mol, positive = weaker binding) of each mutant record of `samples`.
    public func deltaDeltaG(_ mutants: [MutantSample], in samples: SampleSet) throws -> [Float] {
        try mutantPredictions(mutants, in: samples).deltaDeltaG
    }

    /// What the network says about each mutant, from its own passes (the mutant's own tile).
    public struct MutantPredictions {
        public var deltaDeltaG: [Float]
        /// The interface (burial) head's mean probability at the mutated windows; nil without the head.
        public var siteInterface: [Float]?
        public var siteBurial: [Float]?
    }

    public func mutantPredictions(_ mutants: [MutantSample], in samples: SampleSet) throws -> MutantPredictions {
        var byComplex: [String: [Int]] = [:]
        for (i, m) in mutants.enumerated() { byComplex[m.complexID, default: []].append(i) }
        let blank = [Float](repeating: .nan, count: mutants.count)
        var out = MutantPredictions(deltaDeltaG: blank, siteInterface: network.interfaceHead.map { _ in blank },
                                    siteBurial: network.burialHead.map { _ in blank })
        var generator = SeededGenerator(seed: 0)
        for complexID in byComplex.keys.sorted() {
            guard let complex = samples.complexes[complexID] else {
                throw ModelError.input("prediction: complex \(complexID) is not in the sample set")
            }
            for indices in try assembler.tileGroups(byComplex[complexID]!, of: mutants, complex: complex) {
                for start in stride(from: 0, to: indices.count, by: Self.mutantsPerPass) {
                    let chunk = Array(indices[start..<min(start + Self.mutantsPerPass, indices.count)])
                    let batch = try assembler.mutantGroup(complex, mutants: chunk.map { mutants[$0] })
                    let predicted = try network.forward(batch, training: false, generator: &generator).prediction
                    for (k, i) in chunk.enumerated() {
                        out.deltaDeltaG[i] = predicted.deltaDeltaG[k]
                        if let site = predicted.siteInterface { out.siteInterface![i] = site[k] }
                        if let site = predicted.siteBurial { out.siteBurial![i] = site[k] }
                    }
                }
            }
        }
        return out
    }
}

extension Predictor {
    /// What the structure heads say about a complex's wild type, from one forward pass.
    public struct WildTypeStructure {
        /// Each partner's crop (residues of the joined partner the network reads).
        public var crops: [Range<Int>]
        /// Per partner, the interface probability of each residue of its crop (the mean over the
        /// windows that hold it); nil without an interface head.
        public var interface: [[Float]]?
        /// The contact head's probability for every window pair, row-major [tokens1, tokens2], and the
        /// structure's window contact map; nil without a contact head or a structure.
        public var contact: [Float]?
        public var contactTruth: ContactTargets?
    }

    public func wildTypeStructure(_ complex: ComplexSample) throws -> WildTypeStructure {
        let crops = try assembler.cropRanges(complex)
        var structure = WildTypeStructure(crops: crops)
        guard network.interfaceHead != nil || network.contactHead != nil else { return structure }
        var generator = SeededGenerator(seed: 0)
        let batch = try assembler.deltaGBatch([complex])
        let prediction = try network.forward(batch, training: false, generator: &generator).prediction
        if let logits = prediction.interfaceLogits {
            structure.interface = [logits.0, logits.1].enumerated().map { side, tensor in
                WindowLabels.residueMeans(tensor.values.map(Logistic.sigmoid), length: crops[side].count,
                                          configuration: network.configuration)
            }
        }
        // One row: the logits are exactly the map's size.
        if let truth = batch.rows[0].contactTargets, let logits = prediction.contactLogits {
            structure.contact = logits.values.map(Logistic.sigmoid)
            structure.contactTruth = truth
        }
        return structure
    }
}
