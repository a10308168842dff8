// Honest evaluation of one split: for every fold, carve a family-disjoint early-stopping slice out
// of the training complexes, train (an ensemble of seeds), predict the validation complexes; pool
// the out-of-fold predictions and score them beside baselines fitted on the same training folds,
// and (optionally) beside a stack of network and trees fitted inside each fold's training part.

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
    /// Inner folds for the stacked model (0: no stack). Each costs one more network training per fold.
    public var stackFolds = 0

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
        /// The trees (gbm baseline) fitted on the same training fold.
        public var trees: Double
        /// The stack's blend of the two, when the evaluation fits one.
        public var stacked: Double?
    }

    public struct Result {
        public var evaluation: MetricsReport.Evaluation
        public var rows: [PredictedRow]
        public var epochs: [String: [Int]]
        /// Fold name → the stack fitted on that fold's training part (empty without stacking).
        public var stacks: [String: LinearStack]
        public var trainingSeconds: Double
    }

    /// Trains and evaluates every fold of `folds` on `task`; `trainDeltaG`/`trainDeltaDeltaG` say which
    /// labels train. The baselines (trees included) are fitted first, on the same training rows; with
    /// `stackFolds` > 0 each fold also fits a stack on out-of-fold predictions of its training part.
    public func run(split: String, task: MetricsReport.Task, folds: [Fold], trainDeltaG: Bool, trainDeltaDeltaG: Bool) throws -> Result {
        let rows = try samples.labelledRows(task)
        let baselineSamples = rows.map(\.sample)
        var evaluated: [(fold: Fold, rows: EvaluationFold)] = []
        for fold in folds {
            let trainSet = Set(fold.train), valSet = Set(fold.validation)
            let trainRows = baselineSamples.indices.filter { trainSet.contains(baselineSamples[$0].complexID) }
            let valRows = baselineSamples.indices.filter { valSet.contains(baselineSamples[$0].complexID) }
            if !valRows.isEmpty { evaluated.append((fold, EvaluationFold(train: trainRows, test: valRows))) }
        }
        let start = Date()
        let baselines = try BaselinePredictions(task: task, samples: baselineSamples, folds: evaluated.map(\.rows), seed: seed)
        var treesOfRow: [Int: Double] = [:]
        for (i, row) in baselines.rows.enumerated() { treesOfRow[row] = baselines.predictions[BaselinePredictions.gbm]![i] }

        var network = FoldNetworkTrainer(samples: samples, familyLabels: familyLabels, configuration: configuration,
                                         makeBuilder: makeBuilder)
        network.trainDeltaG = trainDeltaG
        network.trainDeltaDeltaG = trainDeltaDeltaG
        network.showProgress = showProgress
        var modelPredictions: [Int: Double] = [:]
        var stackPredictions: [Int: Double] = [:]
        var predictedRows: [PredictedRow] = []
        var epochs: [String: [Int]] = [:]
        var stacks: [String: LinearStack] = [:]
        for (k, (fold, foldRows)) in evaluated.enumerated() {
            let trainIDs = fold.train.filter { samples.complexes[$0] != nil }.sorted()
            let val = samples.restricted(to: Set(fold.validation))
            var memberPredictions: [[String: Double]] = []
            for member in 0..<ensemble {
                let trainer = try network.train(training: trainIDs, seed: seed &+ UInt64(member),
                                                checkpointDirectory: checkpointDirectory.map { "\($0)/\(split)/\(fold.name)/member-\(member)" },
                                                label: "\(split) fold \(fold.name) member \(member)")
                epochs[fold.name, default: []].append(trainer.bestEpoch)
                memberPredictions.append(try FoldNetworkTrainer.predict(trainer, task: task, heldOut: val))
            }
            var stack: LinearStack?
            if stackFolds > 0 {
                let outOfFold = try OutOfFoldStack(network: network, training: trainIDs, tasks: [task],
                                                   treeParameters: [task: baselines.gbmParameters[k]], folds: stackFolds,
                                                   seed: seed, label: "\(split) fold \(fold.name)")
                stack = outOfFold.stacks[task]
                stacks[fold.name] = stack
            }
            for row in foldRows.test {
                let id = rows[row].id
                let values = try memberPredictions.map { member -> Double in
                    guard let value = member[id] else { throw ModelError.input("\(split) fold \(fold.name): no network prediction for \(id)") }
                    return value
                }
                let mean = values.reduce(0, +) / Double(values.count)
                let spread = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
                modelPredictions[row] = mean
                let stacked = stack.map { $0.predict(network: mean, trees: treesOfRow[row]!) }
                if let stacked { stackPredictions[row] = stacked }
                predictedRows.append(PredictedRow(id: id, complexID: rows[row].sample.complexID, fold: fold.name,
                                                  measured: rows[row].sample.targetKcalPerMol, predicted: mean, spread: spread,
                                                  trees: treesOfRow[row]!, stacked: stacked))
            }
        }
        let evaluation = try baselines.evaluation(split: split, task: task, samples: baselineSamples,
                                                  modelPredictions: modelPredictions,
                                                  stackPredictions: stackFolds > 0 ? stackPredictions : nil)
        return Result(evaluation: evaluation, rows: predictedRows, epochs: epochs, stacks: stacks,
                      trainingSeconds: Date().timeIntervalSince(start))
    }
}
