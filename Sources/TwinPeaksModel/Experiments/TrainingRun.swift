// The `train` stage: an ensemble of networks trained on a dataset (or one fold's training side),
// each stopped early on a family-disjoint slice; writes member-k.h5, training-log.tsv, the trees
// and stack (TreesAndStackTraining) and provenance.json last. Members keep per-epoch checkpoints,
// so `resume` picks up a killed run.

import Foundation
import TwinPeaksSplit

public struct TrainingRun {
    public var samples: SampleSet
    public var familyLabels: [String: Set<String>]
    public var configuration: ModelConfiguration
    public var makeBuilder: () throws -> PartnerFeatureBuilder
    public var ensemble = 1
    public var seed: UInt64 = 1
    public var showProgress = true
    public var provenance: [String: String] = [:]
    /// Fit gradient-boosted trees per task beside the network (trees-ddG.json, trees-dG.json).
    public var fitTrees = true
    /// Inner folds for the stack of network and trees (0: no stack.json). Each costs one network training.
    public var stackFolds = 0

    public init(samples: SampleSet, familyLabels: [String: Set<String>], configuration: ModelConfiguration,
                makeBuilder: @escaping () throws -> PartnerFeatureBuilder) {
        self.samples = samples
        self.familyLabels = familyLabels
        self.configuration = configuration
        self.makeBuilder = makeBuilder
    }

    /// The model files of a trained model folder, in member order (see ModelFolderFiles).
    public static func memberFiles(in directory: String) throws -> [String] {
        try ModelFolderFiles(directory: directory).members
    }

    public func run(directory: String, resume: Bool) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Files the earlier run listed go first, so none of them outlives this run unlisted (members
        // of a larger --ensemble, trees before --no-trees); files it did not list are left alone.
        let earlier = try ModelFolderFiles.listedFiles(in: directory) ?? []
        try? manager.removeItem(atPath: directory + "/provenance.json")
        for name in earlier where name != "provenance.json" { try? manager.removeItem(atPath: directory + "/" + name) }
        let split = EarlyStoppingSplit(samples, training: samples.complexIDs, familyLabels: familyLabels,
                                       fraction: configuration.earlyStoppingFraction, seed: seed)
        let (fit, slice) = (split.fit, split.slice)
        if showProgress {
            FileHandle.standardError.write(Data(("training on \(fit.complexes.count) complexes / \(fit.mutants.count) mutant records; "
                + "early stopping on \(slice?.complexes.count ?? 0) complexes of other families "
                + "(\(split.sharingFamilies) of the fitting complexes share a family with it)\n").utf8))
        }
        var logTable = "member\tepoch\tloss\tseconds\tsamples_per_second\tearly_stopping_score\n"
        for member in 0..<ensemble {
            let memberSeed = seed &+ UInt64(member)
            let trainer = try Trainer(configuration: configuration, fit: fit, earlyStopping: slice,
                                      builder: try makeBuilder(), seed: memberSeed)
            trainer.showProgress = showProgress
            var metadata = provenance
            metadata["training.seed"] = String(memberSeed)
            metadata["training.fit_complexes"] = String(fit.complexes.count)
            metadata["training.early_stopping_complexes"] = String(slice?.complexes.count ?? 0)
            try trainer.train(checkpointDirectory: "\(directory)/checkpoints/member-\(member)", resume: resume,
                              extraMetadata: metadata)
            metadata["training.best_epoch"] = String(trainer.bestEpoch)
            // Without the timings (they stay in training-log.tsv) and with sorted keys (JSONEncoder's
            // order changes with each process's hash seed): the model file is reproducible byte for
            // byte, and a resumed run writes the file an uninterrupted one does.
            let untimed = trainer.log.map { EpochRecord(epoch: $0.epoch, loss: $0.loss, seconds: 0, samplesPerSecond: 0,
                                                        earlyStoppingScore: $0.earlyStoppingScore) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            metadata["training.log"] = String(decoding: try encoder.encode(untimed), as: UTF8.self)
            try ModelCheckpoint(network: trainer.network, assembler: trainer.assembler, extra: metadata)
                .save(trainer.network, to: "\(directory)/member-\(member).h5")
            for r in trainer.log {
                logTable += "\(member)\t\(r.epoch)\t\(String(format: "%.5f", r.loss))\t\(String(format: "%.1f", r.seconds))\t"
                    + "\(String(format: "%.1f", r.samplesPerSecond))\t\(r.earlyStoppingScore.map { String(format: "%.4f", $0) } ?? "")\n"
            }
        }
        try OutputFile.write(logTable, to: directory + "/training-log.tsv")
        if fitTrees {
            var network = FoldNetworkTrainer(samples: samples, familyLabels: familyLabels, configuration: configuration,
                                             makeBuilder: makeBuilder)
            network.showProgress = showProgress
            let lines = try TreesAndStackTraining(network: network, seed: seed, stackFolds: stackFolds).run(directory: directory)
            if showProgress { for line in lines { FileHandle.standardError.write(Data((line + "\n").utf8)) } }
        }
        var record = provenance
        record["configuration"] = configuration.json()
        record["ensemble"] = String(ensemble)
        record["trees"] = String(fitTrees)
        record["stack_folds"] = String(stackFolds)
        record["seed"] = String(seed)
        record["fit_complexes"] = String(fit.complexes.count)
        var object: [String: Any] = record
        object["files"] = writtenFiles(in: directory)
        try OutputFile.write(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted]),
                             to: directory + "/provenance.json")
    }

    /// The files this run wrote into the folder: what predict will load, and the next train remove.
    private func writtenFiles(in directory: String) -> [String] {
        var names = (0..<ensemble).map { "member-\($0).h5" } + ["training-log.tsv"]
        if fitTrees { names += ["trees-ddG.json", "trees-dG.json"] }
        if fitTrees && stackFolds > 0 { names += ["stack.json", "stack-out-of-fold.tsv"] }
        return names.filter { FileManager.default.fileExists(atPath: directory + "/" + $0) }
    }
}
