// Predictions of a trained model folder (one or more member-k.h5, and the trees and stack when
// present): ΔG and Kd of the wild-type pair, and ΔG of each mutant with its ΔΔG, as the mean over
// members with their spread. Per task the answer comes from the network, the trees or the stack,
// as the folder's metrics.json records ("shipped") or the caller asks.

import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksTensor

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
    /// The predictor answering each task.
    public let choice: [MetricsReport.Task: PredictorChoice]
    let trees: [MetricsReport.Task: GradientBoostedTrees]
    let stacks: [MetricsReport.Task: LinearStack]

    /// Loads every member of a model folder; built-in descriptors are rebuilt from the recorded
    /// configuration, language-model features need `embeddings` (a store holding the chains).
    /// `use` overrides the folder's shipped choice for both tasks.
    public init(modelDirectory: String, embeddings: String? = nil, use: PredictorChoice? = nil) throws {
        self.modelDirectory = modelDirectory
        var choice: [MetricsReport.Task: PredictorChoice] = [.ddG: .network, .dG: .network]
        let metricsPath = modelDirectory + "/metrics.json"
        if use == nil, FileManager.default.fileExists(atPath: metricsPath) {
            let report = try MetricsReport(jsonData: Data(contentsOf: URL(fileURLWithPath: metricsPath)), source: metricsPath)
            for (task, name) in report.shipped ?? [:] {
                guard let t = MetricsReport.Task(rawValue: task), let c = PredictorChoice(rawValue: name) else {
                    throw ModelError.checkpoint("\(metricsPath): shipped \(task) → \(name); expected ddG or dG → network, trees or stack")
                }
                choice[t] = c
            }
        } else if let use {
            choice = [.ddG: use, .dG: use]
        }
        let folder = try ModelFolderFiles(directory: modelDirectory)
        var trees: [MetricsReport.Task: GradientBoostedTrees] = [:], stacks: [MetricsReport.Task: LinearStack] = [:]
        let stackPath = StackFile.path(in: modelDirectory)
        if choice.values.contains(.stack) { try folder.requireListed(stackPath) }
        let stackFile = choice.values.contains(.stack) ? try StackFile.load(stackPath) : nil
        for (task, c) in choice where c != .network {
            let path = StackFile.treesPath(in: modelDirectory, task: task)
            guard FileManager.default.fileExists(atPath: path) else {
                throw ModelError.checkpoint("\(path) is missing; the \(c.rawValue) predictor for \(task.rawValue) needs the trees `twinpeaks train` writes")
            }
            try folder.requireListed(path)
            trees[task] = try GradientBoostedTrees.loadingCached(path)
            if c == .stack {
                guard let stack = stackFile?.stacks[task.rawValue] else {
                    throw ModelError.checkpoint("\(stackPath) has no \(task.rawValue) stack; train with --stack-folds or predict with --use network")
                }
                stacks[task] = stack
            }
        }
        self.choice = choice
        self.trees = trees
        self.stacks = stacks
        // One check of every member together (HDF5Guard: in the executable, a child process that
        // libhdf5 may crash in) rather than one per member as each opens.
        try HDF5Guard.require(folder.members)
        members = try folder.members.map { path in
            let (checkpoint, network, _) = try ModelCheckpoint.load(path)
            let provider: ResidueFeatureProvider
            if let embeddings {
                provider = try StoredEmbeddings(path: embeddings)
            } else if checkpoint.providerName == "descriptors" {
                provider = try DescriptorProvider(configuration: checkpoint.providerConfiguration)
            } else {
                throw ModelError.checkpoint("\(path) was trained on \(checkpoint.providerName) embeddings; give --embeddings with a store that holds your chains (twinpeaks embed)")
            }
            let assembler = try checkpoint.assembler(provider: provider)
            // A pair's wild-type chains recur in every mutant row; each mutant chain is built once.
            assembler.builder.cacheLimit = Self.featureCacheChains
            return (network, assembler)
        }
    }

    /// Chains a member's feature cache keeps while predicting (see PartnerFeatureBuilder.cacheLimit).
    static let featureCacheChains = 16

    /// The members' mean and their spread (population standard deviation); evaluation reports the same pair.
    static func meanAndSpread(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        return (mean, (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot())
    }

    /// The chosen predictor's value from one member's network value; the trees' value is shared.
    private func answer(_ task: MetricsReport.Task, network: Double, trees: Double?) -> Double {
        switch choice[task] ?? .network {
        case .network: return network
        case .trees: return trees!
        case .stack: return stacks[task]!.predict(network: network, trees: trees!)
        }
    }

    /// A pair made ready for prediction: its samples and the wild type's ΔG per member (on the
    /// centre tiles, PartnerCrop), computed once here and shared by every block of the pair. Each
    /// mutation set reads the tiles of its own positions, so no block or request changes a number.
    public struct PreparedPair {
        public let pair: PredictionPair
        let complex: ComplexSample
        let mutants: [MutantSample]
        let samples: SampleSet
        /// Each member's answer for the wild type's ΔG (kcal/mol).
        let wildTypeDeltaG: [Double]
    }

    public func prepare(_ pair: PredictionPair) throws -> PreparedPair {
        let complex = ComplexSample(id: pair.id, partners: pair.partners, deltaG: nil)
        let mutants = pair.mutationSets.enumerated().map {
            MutantSample(id: "\(pair.id):\($0.offset)", complexID: pair.id, mutations: $0.element, deltaDeltaG: nil)
        }
        let samples = try SampleSet(complexes: [complex], mutants: mutants)
        // The trees read the explicit descriptors of the whole (uncropped) pair, as in training.
        let treesDeltaG = try trees[.dG]?.predict([PartnerDescriptors.features(of: pair.partners)])[0]
        var wildTypeDeltaG: [Double] = []
        if choice[.dG] == .trees, let treesDeltaG {
            // The answer does not read the network: no pass, each member's value is the trees'.
            wildTypeDeltaG = Array(repeating: treesDeltaG, count: members.count)
        } else {
            for member in members {
                let network = try Predictor(network: member.network, assembler: member.assembler).deltaG([complex])[0]
                wildTypeDeltaG.append(answer(.dG, network: Double(network), trees: treesDeltaG))
            }
        }
        return PreparedPair(pair: pair, complex: complex, mutants: mutants, samples: samples, wildTypeDeltaG: wildTypeDeltaG)
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
        let treesDeltaDeltaG = try trees[.ddG].map { model in
            try model.predict(try mutants.map { mutant in
                let forward = try SubstitutionDescriptors.features(of: mutant.mutations, on: pair.partners, record: pair.id)
                // Mirrored trees (fitted since session 14) also read the reverse; earlier models the forward alone.
                guard model.parameters.mirroredWidth != nil else { return forward }
                return forward + (try SubstitutionDescriptors.features(of: mutant.mutations, on: pair.partners, direction: .reverse, record: pair.id))
            })
        }
        let deltaG = prepared.wildTypeDeltaG
        var deltaDeltaG: [[Double]] = []
        if choice[.ddG] == .trees, let treesDeltaDeltaG {
            // As for ΔG: the trees answer alone, so the members' passes (most of a scan's time) are skipped.
            deltaDeltaG = Array(repeating: treesDeltaDeltaG, count: members.count)
        } else {
            for member in members {
                let predictor = Predictor(network: member.network, assembler: member.assembler)
                let networkDDG = mutants.isEmpty ? [] : try predictor.deltaDeltaG(mutants, in: prepared.samples).map(Double.init)
                deltaDeltaG.append(networkDDG.enumerated().map { answer(.ddG, network: $0.element, trees: treesDeltaDeltaG?[$0.offset]) })
            }
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
        // A number that is not finite is never written: the pair is reported instead.
        for row in rows {
            let numbers = [row.deltaG, row.deltaGSpread, row.kdMolar] + [row.deltaDeltaG, row.deltaDeltaGSpread].compactMap { $0 }
            guard numbers.allSatisfy(\.isFinite) else {
                throw ModelError.input("pair \(pair.id)\(row.mutations.isEmpty ? "" : ", mutation set \(row.mutations)"): "
                                       + "the prediction is not a finite number (ΔG \(row.deltaG), Kd \(row.kdMolar) M); expected finite ΔG and Kd")
            }
        }
        return rows
    }
}
