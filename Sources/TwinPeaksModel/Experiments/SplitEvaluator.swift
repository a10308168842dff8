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
        /// The trees (gbm baseline) fitted on the same training fold; filled in when the folds are scored.
        public var trees: Double? = nil
        /// The stack's blend of network and trees, when the evaluation fits one.
        public var stacked: Double? = nil
        /// With `treesReadStructure`: the trees that read the descriptors plus the structure heads'
        /// predictions (the outer ensemble's for this row), fitted on the fold's training rows with
        /// out-of-fold structure descriptors. The stack blends these instead of `trees`.
        public var structureTrees: Double? = nil
    }

    public struct Result {
        public var evaluation: MetricsReport.Evaluation
        public var rows: [PredictedRow]
        public var epochs: [String: [Int]]
        /// Fold name → the stack fitted on that fold's training part (empty without stacking).
        public var stacks: [String: LinearStack]
        /// Fold name → what the baselines chose on it by inner cross-validation (ridge α, trees' settings).
        public var baselineSettings: [String: String]
        public var trainingSeconds: Double
    }

    private func foldNetwork(trainDeltaG: Bool, trainDeltaDeltaG: Bool) -> FoldNetworkTrainer {
        var network = FoldNetworkTrainer(samples: samples, familyLabels: familyLabels, configuration: configuration,
                                         makeBuilder: makeBuilder)
        network.trainDeltaG = trainDeltaG
        network.trainDeltaDeltaG = trainDeltaDeltaG
        network.showProgress = showProgress
        return network
    }

    /// Trains and evaluates every fold of `folds` on `task`; `trainDeltaG`/`trainDeltaDeltaG` say which labels train.
    public func run(split: String, task: MetricsReport.Task, folds: [Fold], trainDeltaG: Bool, trainDeltaDeltaG: Bool) throws -> Result {
        let start = Date()
        let predictions = try folds.compactMap { fold in
            try predictFold(fold, split: split, task: task, trainDeltaG: trainDeltaG, trainDeltaDeltaG: trainDeltaDeltaG)
        }
        return try score(split: split, task: task, folds: folds, predictions: predictions,
                         trainingSeconds: Date().timeIntervalSince(start))
    }

    /// One fold: trains on its training complexes (an ensemble of seeds) and predicts its scored
    /// validation rows; with `stackFolds` > 0 also fits the stack on out-of-fold predictions of the
    /// training complexes (trees tuned on them as the gbm baseline is). Nil when the fold validates
    /// no scored row. A SLURM array runs one of these per task.
    public func predictFold(_ fold: Fold, split: String, task: MetricsReport.Task, trainDeltaG: Bool,
                            trainDeltaDeltaG: Bool) throws -> FoldPrediction? {
        let start = Date()
        let val = samples.restricted(to: Set(fold.validation))
        let valRows = try val.labelledRows(task)
        guard !valRows.isEmpty else { return nil }
        let trainIDs = fold.train.filter { samples.complexes[$0] != nil }.sorted()
        let network = foldNetwork(trainDeltaG: trainDeltaG, trainDeltaDeltaG: trainDeltaDeltaG)
        var memberPredictions: [[String: Double]] = []
        var epochs: [Int] = []
        var predictors: [Predictor] = []
        for member in 0..<ensemble {
            let trainer = try network.train(training: trainIDs, seed: seed &+ UInt64(member),
                                            checkpointDirectory: checkpointDirectory.map { "\($0)/\(split)/\(fold.name)/member-\(member)" },
                                            label: "\(split) fold \(fold.name) member \(member), validation \(val.complexes.count) complexes")
            epochs.append(trainer.bestEpoch)
            memberPredictions.append(try FoldNetworkTrainer.predict(trainer, task: task, heldOut: val))
            predictors.append(Predictor(network: trainer.network, assembler: trainer.assembler))
        }
        let (interface, contact) = try StructureScores.score(predictors, complexes: val.complexIDs.compactMap { val.complexes[$0] })
        var rows = try valRows.map { row -> PredictedRow in
            let values = try memberPredictions.map { member -> Double in
                guard let value = member[row.id] else { throw ModelError.input("\(split) fold \(fold.name): no network prediction for \(row.id)") }
                return value
            }
            let (mean, spread) = EnsemblePredictor.meanAndSpread(values)
            return PredictedRow(id: row.id, complexID: row.sample.complexID, fold: fold.name,
                                measured: row.sample.targetKcalPerMol, predicted: mean, spread: spread)
        }
        var stack: LinearStack?
        if stackFolds > 0 && configuration.treesReadStructure {
            let place = "\(split) fold \(fold.name)"
            let outOfFold = try OutOfFoldStack(network: network, training: trainIDs, tasks: [task], treeParameters: [:],
                                               folds: stackFolds, seed: seed, label: place, treesReadStructure: true)
            stack = outOfFold.stacks[task]
            let features = try StructureDescriptors.features(predictors, task: task, heldOut: val)
            let trees = try outOfFold.structureTrees[task]!.predict(StructureDescriptors.augmented(valRows, with: features, place: place))
            for i in rows.indices { rows[i].structureTrees = trees[i] }
        } else if stackFolds > 0 {
            let training = try samples.restricted(to: Set(trainIDs)).labelledRows(task)
            let trees = try GBMBaseline(fitting: training.map(\.sample), seed: seed, grid: .forTask(task),
                                        place: "\(split) fold \(fold.name)")
            stack = try OutOfFoldStack(network: network, training: trainIDs, tasks: [task], treeParameters: [task: trees.parameters],
                                       folds: stackFolds, seed: seed, label: "\(split) fold \(fold.name)").stacks[task]
        }
        var prediction = FoldPrediction(split: split, task: task, fold: fold.name, rows: rows, epochs: epochs, stack: stack,
                                        trainingSeconds: Date().timeIntervalSince(start))
        prediction.interfaceAUROC = interface.auroc.map { ($0, interface.labels.count) }
        prediction.contactAUROC = contact.auroc.map { ($0, contact.labels.count) }
        return prediction
    }

    /// Pools the folds' predictions and scores them beside the baselines fitted on the same training
    /// folds (the trees among them) and, when every fold fitted one, the stack: the end of `run`, and
    /// the collect step of a run made one fold per task.
    public func score(split: String, task: MetricsReport.Task, folds: [Fold], predictions: [FoldPrediction],
                      trainingSeconds: Double) throws -> Result {
        let rows = try samples.labelledRows(task)
        let baselineSamples = rows.map(\.sample)
        var rowOfID: [String: Int] = [:]
        for (i, row) in rows.enumerated() { rowOfID[row.id] = i }
        var evaluationFolds: [EvaluationFold] = [], foldNames: [String] = []
        for fold in folds {
            let trainSet = Set(fold.train), valSet = Set(fold.validation)
            let trainRows = baselineSamples.indices.filter { trainSet.contains(baselineSamples[$0].complexID) }
            let valRows = baselineSamples.indices.filter { valSet.contains(baselineSamples[$0].complexID) }
            if !valRows.isEmpty {
                evaluationFolds.append(EvaluationFold(train: trainRows, test: valRows))
                foldNames.append(fold.name)
            }
        }
        let baselines = try BaselinePredictions(task: task, samples: baselineSamples, folds: evaluationFolds, seed: seed)
        var settings: [String: String] = [:]
        for (k, name) in foldNames.enumerated() {
            let trees = baselines.gbmParameters[k]
            settings[name] = "ridge α \(baselines.ridgeAlphas[k]); trees \(trees.rounds) rounds of ≤ \(trees.maxLeaves) leaves, "
                + "min child weight \(trees.minChildWeight)"
        }
        var treesOfRow: [Int: Double] = [:]
        for (i, row) in baselines.rows.enumerated() { treesOfRow[row] = baselines.predictions[BaselinePredictions.gbm]![i] }

        var modelPredictions: [Int: Double] = [:], stackPredictions: [Int: Double] = [:], structureTrees: [Int: Double] = [:]
        var scoredRows: [PredictedRow] = []
        var epochs: [String: [Int]] = [:]
        var stacks: [String: LinearStack] = [:]
        for prediction in predictions {
            epochs[prediction.fold, default: []] += prediction.epochs
            if let stack = prediction.stack { stacks[prediction.fold] = stack }
            for var row in prediction.rows {
                guard let index = rowOfID[row.id], let trees = treesOfRow[index] else {
                    throw ModelError.input("\(split) fold \(prediction.fold): row \(row.id) is not a scored validation row of this dataset and split")
                }
                modelPredictions[index] = row.predicted
                row.trees = trees
                if let value = row.structureTrees { structureTrees[index] = value }
                if let stack = prediction.stack {
                    row.stacked = stack.predict(network: row.predicted, trees: row.structureTrees ?? trees)
                    stackPredictions[index] = row.stacked
                }
                scoredRows.append(row)
            }
        }
        let stacked = !predictions.isEmpty && predictions.allSatisfy { $0.stack != nil }
        var evaluation = try baselines.evaluation(split: split, task: task, samples: baselineSamples,
                                                  modelPredictions: modelPredictions,
                                                  stackPredictions: stacked ? stackPredictions : nil,
                                                  extraBaselines: structureTrees.isEmpty ? [:] : [Self.structureTreesBaseline: structureTrees])
        evaluation.interfaceAUROC = Self.weightedMean(predictions.compactMap(\.interfaceAUROC))
        evaluation.contactAUROC = Self.weightedMean(predictions.compactMap(\.contactAUROC))
        return Result(evaluation: evaluation, rows: scoredRows, epochs: epochs, stacks: stacks, baselineSettings: settings,
                      trainingSeconds: trainingSeconds)
    }

    /// The baseline name of the trees that read the structure heads' predictions (`treesReadStructure`).
    public static let structureTreesBaseline = "gbm_structure"

    /// The folds' AUROCs pooled, each weighted by what it scored; nil without any.
    static func weightedMean(_ folds: [(value: Double, residues: Int)]) -> Double? {
        let count = folds.reduce(0) { $0 + $1.residues }
        return count > 0 ? folds.reduce(0) { $0 + $1.value * Double($1.residues) } / Double(count) : nil
    }
}
