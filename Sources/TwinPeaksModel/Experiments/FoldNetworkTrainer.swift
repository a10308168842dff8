// One network trained on a fold's training complexes and asked about held-out ones: the step that
// evaluation folds, the stack's inner folds and the train stage all repeat. Early stopping always
// uses a family-disjoint slice of the training complexes, never the held-out ones.

import Foundation

struct FoldNetworkTrainer {
    var samples: SampleSet
    var familyLabels: [String: Set<String>]
    var configuration: ModelConfiguration
    var makeBuilder: () throws -> PartnerFeatureBuilder
    var trainDeltaG = true
    var trainDeltaDeltaG = true
    var showProgress = true

    /// Trains one member on `training` (complex ids) with `seed`; checkpoints per epoch when given a folder.
    func train(training: [String], seed: UInt64, checkpointDirectory: String? = nil, label: String) throws -> Trainer {
        let split = EarlyStoppingSplit(samples, training: training, familyLabels: familyLabels,
                                       fraction: configuration.earlyStoppingFraction, seed: seed)
        note("\(label): fit \(split.fit.complexes.count) complexes / \(split.fit.mutants.count) mutants, "
             + "early-stopping slice \(split.slice?.complexes.count ?? 0)")
        var fit = split.fit
        if configuration.treeTeacherBlend > 0 {
            let tasks: [MetricsReport.Task] = (trainDeltaDeltaG ? [.ddG] : []) + (trainDeltaG ? [.dG] : [])
            let start = Date()
            fit = try TreeTeacher(fit: fit, tasks: tasks, seed: seed, place: label).blended(fit, blend: configuration.treeTeacherBlend)
            note("\(label): tree teacher (\(tasks.map(\.rawValue).joined(separator: ", "))) fitted in "
                 + "\(ProgressLine.duration(Date().timeIntervalSince(start))); labels blended \(configuration.treeTeacherBlend)")
        }
        let trainer = try Trainer(configuration: configuration, fit: fit, earlyStopping: split.slice,
                                  builder: try makeBuilder(), seed: seed)
        trainer.showProgress = showProgress
        trainer.trainDeltaG = trainDeltaG
        trainer.trainDeltaDeltaG = trainDeltaDeltaG
        try trainer.train(checkpointDirectory: checkpointDirectory)
        return trainer
    }

    /// One line on stderr when progress is shown.
    private func note(_ line: String) {
        if showProgress { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    /// The trained network's predictions for the labelled rows of `task` among `heldOut` (complex ids),
    /// keyed by row id (mutant id for ΔΔG, complex id for ΔG).
    static func predict(_ trainer: Trainer, task: MetricsReport.Task, heldOut: SampleSet) throws -> [String: Double] {
        let predictor = Predictor(network: trainer.network, assembler: trainer.assembler)
        switch task {
        case .ddG:
            let mutants = heldOut.mutants.filter { $0.deltaDeltaG?.kind == .exact }
            let values = try predictor.deltaDeltaG(mutants, in: heldOut)
            return Dictionary(uniqueKeysWithValues: zip(mutants.map(\.id), values.map(Double.init)))
        case .dG:
            let complexes = heldOut.complexesWithExactDeltaG
            let values = try predictor.deltaG(complexes)
            return Dictionary(uniqueKeysWithValues: zip(complexes.map(\.id), values.map(Double.init)))
        }
    }
}
