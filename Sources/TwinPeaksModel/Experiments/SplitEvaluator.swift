// Honest evaluation of one split: for every fold, carve a family-disjoint early-stopping slice out
// of the training complexes, train (an ensemble of seeds), predict the validation complexes; pool
// the out-of-fold predictions and score them beside baselines fitted on the same training folds.

import Foundation
import TwinPeaksSplit

public struct SplitEvaluator {
    public var samples: SampleSet
    /// Family labels per complex (from the split stage's families table), for the early-stopping carve-out.
    public var familyLabels: [String: Set<String>]
    public var configuration: ModelConfiguration
    public var makeBuilder: () throws -> PartnerFeatureBuilder
    public var ensemble = 1
    public var seed: UInt64 = 1
    public var showProgress = true
    /// Where each fold's training checkpoints go (nil: none).
    public var checkpointDirectory: String? = nil

    public init(samples: SampleSet, familyLabels: [String: Set<String>], configuration: ModelConfiguration,
                makeBuilder: @escaping () throws -> PartnerFeatureBuilder) {
        self.samples = samples
        self.familyLabels = familyLabels
        self.configuration = configuration
        self.makeBuilder = makeBuilder
    }

    /// One evaluated row: its complex, measured and predicted value, and the ensemble's spread.
    public struct PredictedRow: Sendable {
        public var id: String
        public var complexID: String
        public var fold: String
        public var measured: Double
        public var predicted: Double
        public var spread: Double
    }

    public struct Result {
        public var evaluation: MetricsReport.Evaluation
        public var rows: [PredictedRow]
        public var epochs: [String: [Int]]
        public var trainingSeconds: Double
    }

    /// Rows that count for `task`, with their record ids: exact labels only (censored values are
    /// bounds, not numbers to correlate).
    func evaluationRows(_ task: MetricsReport.Task) throws -> [(id: String, sample: BaselineSample)] {
        switch task {
        case .ddG:
            return try samples.mutants.compactMap { m in
                guard let label = m.deltaDeltaG, label.kind == .exact else { return nil }
                let partners = samples.complexes[m.complexID]!.partners
                let features = try SubstitutionDescriptors.features(of: m.mutations, on: partners, record: m.id)
                return (m.id, BaselineSample(complexID: m.complexID, features: features,
                                             targetKcalPerMol: Double(label.valueKcalPerMol), mutations: m.mutations))
            }
        case .dG:
            return samples.complexIDs.compactMap { id in
                let c = samples.complexes[id]!
                guard let label = c.deltaG, label.kind == .exact else { return nil }
                return (id, BaselineSample(complexID: id, features: PartnerDescriptors.features(of: c.partners),
                                           targetKcalPerMol: Double(label.valueKcalPerMol)))
            }
        }
    }

    /// Trains and evaluates every fold of `folds` on `task`; `trainTasks` says which labels train.
    public func run(split: String, task: MetricsReport.Task, folds: [Fold], trainDeltaG: Bool, trainDeltaDeltaG: Bool) throws -> Result {
        let start = Date()
        let predictions = try folds.compactMap { fold in
            try predictFold(fold, split: split, task: task, trainDeltaG: trainDeltaG, trainDeltaDeltaG: trainDeltaDeltaG)
        }
        return try score(split: split, task: task, folds: folds, predictions: predictions,
                         trainingSeconds: Date().timeIntervalSince(start))
    }

    /// One fold: trains on its training complexes (an ensemble of seeds) and predicts its scored
    /// validation rows; nil when it validates none. A SLURM array runs one of these per task.
    public func predictFold(_ fold: Fold, split: String, task: MetricsReport.Task, trainDeltaG: Bool,
                            trainDeltaDeltaG: Bool) throws -> FoldPrediction? {
        let start = Date()
        let valSet = Set(fold.validation)
        let val = samples.restricted(to: valSet)
        let valMutants = val.mutants.filter { $0.deltaDeltaG?.kind == .exact }
        let valComplexes = val.complexIDs.compactMap { val.complexes[$0] }.filter { $0.deltaG?.kind == .exact }
        guard task == .ddG ? !valMutants.isEmpty : !valComplexes.isEmpty else { return nil }
        let trainIDs = fold.train.filter { samples.complexes[$0] != nil }.sorted()
        let earlyStopping = EarlyStoppingSplit(samples, training: trainIDs, familyLabels: familyLabels,
                                               fraction: configuration.earlyStoppingFraction, seed: seed)
        let (fit, slice) = (earlyStopping.fit, earlyStopping.slice)
        if showProgress {
            FileHandle.standardError.write(Data(("\(split) fold \(fold.name): fit \(fit.complexes.count) complexes / "
                + "\(fit.mutants.count) mutants, early-stopping slice \(slice?.complexes.count ?? 0), "
                + "validation \(val.complexes.count)\n").utf8))
        }
        var memberPredictions: [[Double]] = []
        var epochs: [Int] = []
        for member in 0..<ensemble {
            let trainer = try Trainer(configuration: configuration, fit: fit, earlyStopping: slice,
                                      builder: try makeBuilder(), seed: seed &+ UInt64(member))
            trainer.showProgress = showProgress
            trainer.trainDeltaG = trainDeltaG
            trainer.trainDeltaDeltaG = trainDeltaDeltaG
            try trainer.train(checkpointDirectory: checkpointDirectory.map { "\($0)/\(split)/\(fold.name)/member-\(member)" })
            epochs.append(trainer.bestEpoch)
            try trainer.assembler.setCropCenters(from: val, merging: true)
            let predictor = Predictor(network: trainer.network, assembler: trainer.assembler)
            switch task {
            case .ddG: memberPredictions.append(try predictor.deltaDeltaG(valMutants, in: val).map(Double.init))
            case .dG: memberPredictions.append(try predictor.deltaG(valComplexes).map(Double.init))
            }
        }
        let ids = task == .ddG ? valMutants.map(\.id) : valComplexes.map(\.id)
        let complexIDs = task == .ddG ? valMutants.map(\.complexID) : valComplexes.map(\.id)
        let measured = task == .ddG ? valMutants.map { Double($0.deltaDeltaG!.valueKcalPerMol) }
            : valComplexes.map { Double($0.deltaG!.valueKcalPerMol) }
        var rows: [PredictedRow] = []
        for (i, id) in ids.enumerated() {
            let values = memberPredictions.map { $0[i] }
            let mean = values.reduce(0, +) / Double(values.count)
            let spread = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
            rows.append(PredictedRow(id: id, complexID: complexIDs[i], fold: fold.name, measured: measured[i],
                                     predicted: mean, spread: spread))
        }
        return FoldPrediction(split: split, task: task, fold: fold.name, rows: rows, epochs: epochs,
                              trainingSeconds: Date().timeIntervalSince(start))
    }

    /// Pools the folds' predictions and scores them beside the baselines fitted on the same training
    /// folds: the end of `run`, and the collect step of a run made one fold per task.
    public func score(split: String, task: MetricsReport.Task, folds: [Fold], predictions: [FoldPrediction],
                      trainingSeconds: Double) throws -> Result {
        let rows = try evaluationRows(task)
        let baselineSamples = rows.map(\.sample)
        var rowOfID: [String: Int] = [:]
        for (i, row) in rows.enumerated() { rowOfID[row.id] = i }
        var evaluationFolds: [EvaluationFold] = []
        for fold in folds {
            let trainSet = Set(fold.train), valSet = Set(fold.validation)
            let trainRows = baselineSamples.indices.filter { trainSet.contains(baselineSamples[$0].complexID) }
            let valRows = baselineSamples.indices.filter { valSet.contains(baselineSamples[$0].complexID) }
            if !valRows.isEmpty { evaluationFolds.append(EvaluationFold(train: trainRows, test: valRows)) }
        }
        var modelPredictions: [Int: Double] = [:]
        var epochs: [String: [Int]] = [:]
        for prediction in predictions {
            for row in prediction.rows { if let index = rowOfID[row.id] { modelPredictions[index] = row.predicted } }
            epochs[prediction.fold, default: []] += prediction.epochs
        }
        let baselines = try BaselinePredictions(task: task, samples: baselineSamples, folds: evaluationFolds)
        let evaluation = try baselines.evaluation(split: split, task: task, samples: baselineSamples,
                                                  modelPredictions: modelPredictions)
        return Result(evaluation: evaluation, rows: predictions.flatMap(\.rows), epochs: epochs,
                      trainingSeconds: trainingSeconds)
    }
}
