// Predictions of a trained model folder (one or more member-k.h5): ΔG and Kd of the wild-type
// pair, and ΔG of each mutant with its ΔΔG, as the ensemble mean with the members' spread.

import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding

public struct PredictionRow: Sendable {
    public var pairID: String
    public var length1: Int
    public var length2: Int
    /// "" for the wild type, else the mutation set as written.
    public var mutations: String
    public var deltaG: Double
    public var deltaGSpread: Double
    public var kdMolar: Double
    public var deltaDeltaG: Double?
    public var deltaDeltaGSpread: Double?
}

public final class EnsemblePredictor {
    public let members: [(network: TwinPeaksNetwork, assembler: ExampleAssembler)]
    public let modelDirectory: String

    /// Loads every member of a model folder; built-in descriptors are rebuilt from the recorded
    /// configuration, language-model features need `embeddings` (a store holding the chains).
    public init(modelDirectory: String, embeddings: String? = nil) throws {
        self.modelDirectory = modelDirectory
        members = try TrainingRun.memberFiles(in: modelDirectory).map { path in
            let (checkpoint, network, _) = try ModelCheckpoint.load(path)
            let provider: ResidueFeatureProvider
            if let embeddings {
                provider = try StoredEmbeddings(path: embeddings)
            } else if checkpoint.providerName == "descriptors" {
                provider = try DescriptorProvider(configuration: checkpoint.providerConfiguration)
            } else {
                throw ModelError.checkpoint("\(path) was trained on \(checkpoint.providerName) embeddings; give --embeddings with a store that holds your chains (twinpeaks embed)")
            }
            return (network, try checkpoint.assembler(provider: provider))
        }
    }

    private static func meanAndSpread(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        return (mean, (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot())
    }

    /// A pair made ready for prediction: its samples, and each member's crop centres, which follow
    /// the median mutated position over *all* the pair's mutation sets, so a block of them predicts
    /// exactly what the whole list would.
    public struct PreparedPair {
        public let pair: PredictionPair
        let complex: ComplexSample
        let mutants: [MutantSample]
        let samples: SampleSet
        let cropCenters: [[String: [Int?]]]
    }

    public func prepare(_ pair: PredictionPair) throws -> PreparedPair {
        let complex = ComplexSample(id: pair.id, partners: pair.partners, deltaG: nil)
        let mutants = pair.mutationSets.enumerated().map {
            MutantSample(id: "\(pair.id):\($0.offset)", complexID: pair.id, mutations: $0.element, deltaDeltaG: nil)
        }
        let samples = try SampleSet(complexes: [complex], mutants: mutants)
        let centers = try members.map { member in
            try member.assembler.setCropCenters(from: samples)
            return member.assembler.cropCenters
        }
        return PreparedPair(pair: pair, complex: complex, mutants: mutants, samples: samples, cropCenters: centers)
    }

    /// Mutation sets per block of a sharded run: a multiple of every member's batch size, so a block
    /// is batched as the whole list would be and its numbers are bit-identical.
    public var mutationBlockSize: Int {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let lcm = members.map { $0.network.configuration.batchSize }.reduce(1) { $0 / gcd($0, $1) * $1 }
        return lcm * max(1, 256 / lcm)
    }

    /// One row for the wild type and one per mutation set.
    public func predict(_ pair: PredictionPair) throws -> [PredictionRow] {
        try predict(prepare(pair), mutationSets: 0..<pair.mutationSets.count, includingWildType: true)
    }

    /// Rows of mutation sets `range` of a prepared pair, after its wild-type row when `includingWildType`.
    public func predict(_ prepared: PreparedPair, mutationSets range: Range<Int>, includingWildType: Bool) throws -> [PredictionRow] {
        let pair = prepared.pair
        let mutants = Array(prepared.mutants[range])
        var deltaG: [Double] = [], deltaDeltaG: [[Double]] = []
        for (member, centers) in zip(members, prepared.cropCenters) {
            member.assembler.cropCenters = centers
            let predictor = Predictor(network: member.network, assembler: member.assembler)
            deltaG.append(Double(try predictor.deltaG([prepared.complex])[0]))
            deltaDeltaG.append(mutants.isEmpty ? [] : try predictor.deltaDeltaG(mutants, in: prepared.samples).map(Double.init))
        }
        let lengths = pair.partners.partners.map { $0.reduce(0) { $0 + $1.residues.count } }
        let (g, gSpread) = Self.meanAndSpread(deltaG)
        var rows: [PredictionRow] = []
        if includingWildType {
            rows.append(PredictionRow(pairID: pair.id, length1: lengths[0], length2: lengths[1], mutations: "", deltaG: g,
                                      deltaGSpread: gSpread, kdMolar: Thermodynamics.kdMolar(deltaGKcalPerMol: g)))
        }
        for (i, text) in pair.mutationTexts[range].enumerated() {
            let (dd, ddSpread) = Self.meanAndSpread(deltaDeltaG.map { $0[i] })
            // ΔG(mutant) = ΔG(wild type) + ΔΔG, member by member.
            let (gm, gmSpread) = Self.meanAndSpread(zip(deltaG, deltaDeltaG.map { $0[i] }).map { $0 + $1 })
            rows.append(PredictionRow(pairID: pair.id, length1: lengths[0], length2: lengths[1], mutations: text, deltaG: gm,
                                      deltaGSpread: gmSpread, kdMolar: Thermodynamics.kdMolar(deltaGKcalPerMol: gm),
                                      deltaDeltaG: dd, deltaDeltaGSpread: ddSpread))
        }
        return rows
    }
}
