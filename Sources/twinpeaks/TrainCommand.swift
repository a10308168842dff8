// `twinpeaks train`: train the dual-head network (an ensemble of seeds) on the prepared dataset.
import ArgumentParser
import Foundation
import TwinPeaksBio
import TwinPeaksModel
import TwinPeaksSplit

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the network on every complex of the dataset (or one fold's training side).",
        discussion: """
        Trains on ΔG (SKEMPI wild types, PDBbind Kd/Ki) and ΔΔG (SKEMPI mutants) together; censored \
        values are bounds. A slice of the training complexes that shares no domain family with the \
        rest (--families) is held out for early stopping. Writes OUTPUT/member-k.h5 (one model file per \
        ensemble member: weights, configuration, descriptor scaling, provenance), training-log.tsv, \
        gradient-boosted trees per task on the same descriptors the network's wide paths read \
        (trees-ddG.json, trees-dG.json; XGBoost, settings by grouped inner cross-validation), with \
        --stack-folds K the stack of network and trees (stack.json, stack-out-of-fold.tsv), and \
        provenance.json last. Each epoch is checkpointed; --resume continues a killed run.
        """)

    @Option(help: "The dataset folder written by `twinpeaks prepare`.")
    var dataset: String = "work/dataset"

    @Option(help: "The families table of `twinpeaks split`, for family-disjoint early stopping.")
    var families: String?

    @Option(help: "Train only on the training side of this fold of --folds (default: every complex).")
    var fold: String?

    @Option(help: "A folds table written by `twinpeaks split` (with --fold).")
    var folds: String?

    @OptionGroup var features: FeatureOptions
    @OptionGroup var network: NetworkOptions

    @Flag(name: .customLong("no-trees"), help: "Skip the gradient-boosted trees (trees-ddG.json, trees-dG.json) and the stack.")
    var noTrees = false

    @Flag(help: "Continue from the per-epoch checkpoints of an interrupted run in OUTPUT.")
    var resume = false

    @Option(help: "Output folder for the model.")
    var output: String = "work/model"

    @OptionGroup var unrecognized: UnrecognizedArguments

    func validate() throws {
        try unrecognized.validate()
        if (fold == nil) != (folds == nil) { throw ValidationError("--fold and --folds go together") }
    }

    func run() throws {
        try network.configureThreads()
        // The configuration first: a bad key or value stops the run before the dataset is read.
        let configuration = try network.configuration()
        if configuration.treesReadStructure {
            throw ValidationError("treesReadStructure is measured by `twinpeaks evaluate --stack-folds` only: the shipped "
                                  + "trees and `predict` do not read structure predictions yet; train without it")
        }
        let loaded = try Dataset.load(from: dataset)
        var samples = try SampleSet(dataset: loaded)
        if let folds, let fold {
            guard let chosen = try FoldFile.load(folds).fold(named: fold) else {
                throw ValidationError("\(folds): no fold named \(fold)")
            }
            // Folds of another dataset would train on whatever happens to overlap, without a word.
            let known = Set(loaded.complexes.map(\.complexID))
            let unknown = Set(chosen.train + chosen.validation + chosen.dropped).subtracting(known).sorted()
            guard unknown.isEmpty else {
                throw InputError(folds, "fold \(fold) names \(unknown.count) complex id(s) not in \(dataset): "
                                 + unknown.prefix(20).joined(separator: ", ") + (unknown.count > 20 ? ", …" : "")
                                 + "; expected folds made from this dataset (twinpeaks split)")
            }
            samples = samples.restricted(to: Set(chosen.train))
        }
        let features = self.features
        var run = TrainingRun(samples: samples, familyLabels: try families.map { try ComplexFamilyTable.load($0).labels } ?? [:],
                              configuration: configuration,
                              makeBuilder: { PartnerFeatureBuilder(provider: try features.provider()) })
        run.ensemble = network.ensemble
        run.seed = network.seed
        run.fitTrees = !noTrees
        run.stackFolds = noTrees ? 0 : network.stackFolds
        run.provenance = ["version": TwinPeaks.version, "dataset": dataset, "features": features.summary,
                          "dataset_provenance_md5": datasetProvenanceMD5(dataset),
                          "fold": fold.map { "\(folds!):\($0)" } ?? "all complexes"]
        try run.run(directory: output, resume: resume)
        FileHandle.standardError.write(Data("wrote \(network.ensemble) model file(s) to \(output)\n".utf8))
    }
}
