// `twinpeaks evaluate`: train and score one network configuration on family-disjoint splits,
// beside the mean, per-substitution, ridge and gradient-boosted-trees baselines fitted on the same
// training folds, and (--stack-folds) the stack of network and trees.
import ArgumentParser
import Foundation
import TwinPeaksBio
import TwinPeaksModel
import TwinPeaksSplit

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Train on each fold of each split and report out-of-fold metrics beside simple baselines.",
        discussion: """
        Each --split is NAME=FOLDFILE (a folds table written by `twinpeaks split`). Names starting with \
        family-disjoint are scored on ΔG, the others on ΔΔG (end the path with :dG or :ddG to say \
        otherwise). Per fold, a family-disjoint slice of the training complexes is held out for early \
        stopping (never the validation fold); the validation predictions of all folds are pooled. \
        Baselines: mean, per-substitution mean (ΔΔG), ridge and gbm (XGBoost trees on the network's \
        wide-path descriptors, settings chosen by grouped inner cross-validation on the training part), \
        and with --esm2-scores the zero-shot ESM-2 masked marginal. \
        With --stack-folds K each fold also fits a stack (non-negative blend of network and trees) on \
        K-fold out-of-fold predictions of its training part and reports it beside the network. \
        Writes OUTPUT/metrics.json, report.md, an SVG scatter and a predictions table per split, and \
        provenance.json last. ΔΔG = ΔG(mutant) − ΔG(wild type) in kcal/mol; positive = weaker binding. \
        On a cluster, one fold per task: --list-folds numbers the folds of all splits, --fold-number K \
        (or --fold NAME) trains and predicts only that fold into OUTPUT/folds/SPLIT/FOLD.tsv, and \
        --collect (same options) pools every fold into the outputs above, refusing while folds are missing.
        """)

    @Option(help: "The dataset folder written by `twinpeaks prepare`.")
    var dataset: String = "work/dataset"

    @Option(name: .customLong("split"), help: "NAME=FOLDFILE[:dG|:ddG], repeatable, e.g. skempi-cath-holdout=work/splits/cath-holdout.tsv.")
    var splits: [String] = []

    @Option(help: "The families table of `twinpeaks split` (complex → domain families), for family-disjoint early stopping. Without it each complex is its own family.")
    var families: String?

    @Option(name: .customLong("stop-by-complex"), help: ArgumentHelp(
        "A --split NAME (repeatable) whose early-stopping slice is drawn by complex, not by family.",
        discussion: "For splits whose validation complexes may share families with training (e.g. skempi-rde-3fold, 3-fold by complex): the slice is then held out the way the split holds out its validation. The other splits keep the family-disjoint slice of --families."))
    var stopByComplex: [String] = []

    @OptionGroup var features: FeatureOptions

    @Option(help: "ESM-2 masked-marginal scores of the dataset's mutant records (the table of `twinpeaks score-esm2`): reported as the zero-shot baseline esm2_masked_marginal, and read by the ridge, the trees and the network's wide path as an 85th substitution descriptor.")
    var esm2Scores: String?
    @OptionGroup var network: NetworkOptions

    @Option(help: "Output folder.")
    var output: String = "work/evaluation"

    @Option(help: "Name of the model in the report (default: the preset or the config file name).")
    var name: String?

    @Option(help: "Train and predict only this fold (its name, or SPLIT/FOLD) into OUTPUT/folds/SPLIT/FOLD.tsv.")
    var fold: String?

    @Option(help: "Train and predict only the K-th fold (1-based) of --list-folds: one SLURM array task per fold.")
    var foldNumber: Int?

    @Flag(help: "Pool the fold files of per-fold runs into metrics.json, report.md, plots and predictions; refuses, naming them, while folds are missing.")
    var collect = false

    @Flag(help: "Print the folds of the splits, one 'number<TAB>split<TAB>fold' line each, and exit (the array size is the last number).")
    var listFolds = false

    @OptionGroup var unrecognized: UnrecognizedArguments

    func validate() throws {
        try unrecognized.validate()
        guard !splits.isEmpty else { throw ValidationError("give at least one --split NAME=FOLDFILE") }
        let modes = [fold != nil, foldNumber != nil, collect, listFolds].filter { $0 }.count
        guard modes <= 1 else { throw ValidationError("--fold, --fold-number, --collect and --list-folds exclude each other") }
        if let foldNumber, foldNumber < 1 { throw ValidationError("--fold-number is 1-based: at least 1") }
    }

    func run() throws {
        try network.configureThreads()
        // The configuration first: a bad key or value stops the run before the dataset is read.
        let configuration = try network.configuration()
        if configuration.treesReadStructure && network.stackFolds == 0 {
            throw ValidationError("treesReadStructure: the trees read out-of-fold structure predictions, which only a stack's "
                                  + "inner folds make; add --stack-folds 3 (or more)")
        }
        var specs = try splits.map(EvaluationRun.SplitSpec.init(parsing:))
        try EvaluationRun.checkDistinct(specs)
        for name in stopByComplex {
            guard let index = specs.firstIndex(where: { $0.name == name }) else {
                throw ModelError.input("--stop-by-complex \(name): no --split of that name; expected one of \(specs.map(\.name).joined(separator: ", "))")
            }
            specs[index].earlyStoppingByComplex = true
        }
        if listFolds {
            for task in try EvaluationRun.foldTasks(specs) { print("\(task.number)\t\(task.spec.name)\t\(task.fold.name)") }
            return
        }
        var data = try SampleSet(dataset: Dataset.load(from: dataset))
        var featuresName = features.summary
        if let esm2Scores {
            let scores = try MaskedMarginalScores(path: esm2Scores)
            data = try data.withMaskedMarginals(scores, source: esm2Scores)
            // Part of the features' name, so per-fold runs with and without the scores never pool.
            featuresName += " + esm2 masked marginal (\(scores.model); \(esm2Scores) md5 \(MD5.hex(try Data(contentsOf: URL(fileURLWithPath: esm2Scores)))))"
        }
        let labels = try families.map { try ComplexFamilyTable.load($0).labels } ?? [:]
        let features = self.features
        var evaluator = SplitEvaluator(samples: data, familyLabels: labels, configuration: configuration,
                                       makeBuilder: { PartnerFeatureBuilder(provider: try features.provider()) })
        evaluator.ensemble = network.ensemble
        evaluator.seed = network.seed
        evaluator.stackFolds = network.stackFolds
        let modelName = name ?? network.config.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent } ?? network.preset
        var run = EvaluationRun(evaluator: evaluator, modelName: modelName, featuresName: featuresName)
        run.provenance = ["version": TwinPeaks.version, "dataset": dataset, "families": families ?? "",
                          "early_stopping_by_complex": stopByComplex.sorted().joined(separator: ","),
                          "dataset_provenance_md5": datasetProvenanceMD5(dataset)]
        if fold != nil || foldNumber != nil {
            let path = try run.runFold(specs, name: fold, number: foldNumber, directory: output)
            FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
            return
        }
        let report = try collect ? run.collect(specs, directory: output) : run.run(specs, directory: output)
        for e in report.evaluations {
            let m = e.metrics
            var line = "\(e.split) \(e.task.rawValue): n \(m.n), Pearson \(format(m.pearson)), Spearman \(format(m.spearman)), RMSE \(format(m.rmse))"
            if let pc = m.perComplexSpearman { line += ", per-complex Spearman \(format(pc))" }
            if let stack = e.stack { line += " | stack \(format(stack.pearson))" }
            line += " | " + e.baselines.sorted { $0.key < $1.key }.map { "\($0.key) \(format($0.value.pearson))" }.joined(separator: ", ")
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        FileHandle.standardError.write(Data("wrote \(output)/metrics.json, report.md, plots and predictions\n".utf8))
    }

    private func format(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "–" }
}
