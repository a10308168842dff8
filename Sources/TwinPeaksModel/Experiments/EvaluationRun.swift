// The `evaluate` stage: one network configuration trained and scored on every named split, beside
// its baselines; writes metrics.json, report.md, one SVG scatter and one predictions table per
// split (network, trees and stack side by side), and provenance.json last (the "done" marker).

import Foundation
import TwinPeaksSplit

public struct EvaluationRun {
    /// A split to evaluate: its metrics name, fold file and task.
    public struct SplitSpec: Sendable {
        public var name: String
        public var foldFile: String
        public var task: MetricsReport.Task
        /// Early stopping on a slice of training complexes drawn complex by complex, ignoring the
        /// families: for a split whose validation complexes may share families with training (RDE's
        /// 3-fold by complex), so the slice is held out the way the split holds out its validation.
        public var earlyStoppingByComplex = false
        public init(name: String, foldFile: String, task: MetricsReport.Task) {
            self.name = name
            self.foldFile = foldFile
            self.task = task
        }

        /// `name=path`; the task follows from the name (`family-disjoint…` → ΔG, else ΔΔG) unless `:dG`/`:ddG` ends it.
        public init(parsing text: String) throws {
            guard let equals = text.firstIndex(of: "=") else {
                throw ModelError.input("split '\(text)': expected NAME=FOLDFILE, e.g. skempi-cath-holdout=work/splits/cath.tsv")
            }
            name = String(text[..<equals])
            var path = String(text[text.index(after: equals)...])
            if path.hasSuffix(":dG") { task = .dG; path.removeLast(3) }
            else if path.hasSuffix(":ddG") { task = .ddG; path.removeLast(4) }
            else if let colon = path.lastIndex(of: ":"), !FileManager.default.fileExists(atPath: path) {
                throw ModelError.input("split '\(text)': task '\(path[path.index(after: colon)...])' after ':' is not dG or ddG; "
                                       + "expected NAME=FOLDFILE, NAME=FOLDFILE:dG or NAME=FOLDFILE:ddG")
            } else { task = name.hasPrefix("family-disjoint") ? .dG : .ddG }
            guard !name.isEmpty, !path.isEmpty else {
                throw ModelError.input("split '\(text)': expected NAME=FOLDFILE with both parts non-empty")
            }
            // The name becomes a folder under --output (folds/NAME/): it must not climb out of it.
            guard !name.contains("/"), !name.contains(".."), !name.hasPrefix(".") else {
                throw ModelError.input("split '\(text)': name '\(name)' cannot name a folder under --output; expected no '/', no '..' and no leading '.'")
            }
            foldFile = path
        }
    }

    /// Refuses two splits of one name: their metrics, plots and fold files would overwrite each other.
    public static func checkDistinct(_ specs: [SplitSpec]) throws {
        var seen = Set<String>()
        for spec in specs where !seen.insert(spec.name).inserted {
            throw ModelError.input("split name '\(spec.name)' is given twice; expected one --split per name")
        }
    }

    public var evaluator: SplitEvaluator
    public var modelName: String

    /// The evaluator of one split: without family labels when its early stopping goes by complex.
    func evaluator(for spec: SplitSpec) -> SplitEvaluator {
        var split = evaluator
        if spec.earlyStoppingByComplex { split.familyLabels = [:] }
        return split
    }

    public var featuresName: String
    public var provenance: [String: String] = [:]

    public init(evaluator: SplitEvaluator, modelName: String, featuresName: String) {
        self.evaluator = evaluator
        self.modelName = modelName
        self.featuresName = featuresName
    }

    /// Runs every split and writes the outputs into `directory`. ΔΔG splits train on both labels of
    /// their SKEMPI complexes (ΔG of the wild types is cheap and shares the trunk); ΔG splits train on
    /// ΔG only, since a ΔΔG pass per mutant would multiply their cost by ten for an auxiliary task.
    @discardableResult
    public func run(_ splits: [SplitSpec], directory: String) throws -> MetricsReport {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: directory + "/provenance.json")
        let results = try splits.map { spec in
            try evaluator(for: spec).run(split: spec.name, task: spec.task, folds: FoldFile.load(spec.foldFile).folds,
                              trainDeltaG: true, trainDeltaDeltaG: spec.task == .ddG || evaluator.configuration.jointTasks)
        }
        return try write(splits, results: results, directory: directory)
    }

    /// Writes metrics.json, report.md, a scatter plot and a predictions table per split, and
    /// provenance.json last.
    func write(_ splits: [SplitSpec], results: [SplitEvaluator.Result], directory: String) throws -> MetricsReport {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var plots: [String: String] = [:]
        for (spec, result) in zip(splits, results) {
            let quantity = spec.task == .ddG ? "ΔΔG" : "ΔG"
            let plotName = "\(spec.name)-\(spec.task.rawValue).svg"
            try ScatterPlot(title: "\(modelName): \(spec.name)", quantity: quantity,
                            measuredKcalPerMol: result.rows.map(\.measured), predictedKcalPerMol: result.rows.map(\.predicted))
                .write(to: URL(fileURLWithPath: directory + "/" + plotName))
            plots["\(spec.name)/\(spec.task.rawValue)"] = plotName
            let stacked = result.rows.compactMap(\.stacked)
            if stacked.count == result.rows.count, !stacked.isEmpty {
                try ScatterPlot(title: "stack (network + trees): \(spec.name)", quantity: quantity,
                                measuredKcalPerMol: result.rows.map(\.measured), predictedKcalPerMol: stacked)
                    .write(to: URL(fileURLWithPath: "\(directory)/\(spec.name)-\(spec.task.rawValue)-stack.svg"))
            }
            var table = "# \(spec.task == .ddG ? "ΔΔG = ΔG(mutant) − ΔG(wild type), kcal/mol; positive = the mutation weakens binding" : "ΔG in kcal/mol (negative = binding)")\n"
            table += "id\tcomplex_id\tfold\tmeasured_kcal_per_mol\tpredicted_kcal_per_mol\tensemble_spread\ttrees_kcal_per_mol\tstack_kcal_per_mol\n"
            for row in result.rows {
                table += "\(row.id)\t\(row.complexID)\t\(row.fold)\t\(String(format: "%.4f", row.measured))\t"
                    + "\(String(format: "%.4f", row.predicted))\t\(String(format: "%.4f", row.spread))\t"
                    + "\(row.trees.map { String(format: "%.4f", $0) } ?? "")\t\(row.stacked.map { String(format: "%.4f", $0) } ?? "")\n"
            }
            try OutputFile.write(table, to: "\(directory)/predictions-\(spec.name)-\(spec.task.rawValue).tsv")
        }
        let report = MetricsReport(model: modelName, features: featuresName, evaluations: results.map(\.evaluation))
        try report.write(to: URL(fileURLWithPath: directory + "/metrics.json"))
        var markdown = MarkdownReport.render(report, plots: plots)
        // No wall-clock time in the report: the same run must write the same bytes (DeterminismTests);
        // the training time goes to stderr instead.
        markdown += "\n## Training\n\n| split | best epoch per fold and member |\n|---|---|\n"
        for (spec, result) in zip(splits, results) {
            let perFold = result.epochs.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.map(String.init).joined(separator: ","))" }
            markdown += "| \(spec.name) | \(perFold.joined(separator: "; ")) |\n"
            // Folds collected from their files carry no time (each fold's run printed its own).
            if evaluator.showProgress, result.trainingSeconds > 0 {
                FileHandle.standardError.write(Data("\(spec.name): trained in \(ProgressLine.duration(result.trainingSeconds))\n".utf8))
            }
        }
        markdown += "\n## Baselines' settings\n\nChosen per fold by grouped inner cross-validation on its training rows.\n\n| split | fold | settings |\n|---|---|---|\n"
        for (spec, result) in zip(splits, results) {
            for (fold, text) in result.baselineSettings.sorted(by: { $0.key < $1.key }) { markdown += "| \(spec.name) | \(fold) | \(text) |\n" }
        }
        if evaluator.stackFolds > 0 {
            markdown += "\n## Stack\n\nFitted per fold on \(evaluator.stackFolds)-fold out-of-fold predictions of its training part: "
            markdown += "intercept + w_network · network + w_trees · trees, weights ≥ 0.\n\n| split | fold | rows | intercept | w_network | w_trees |\n|---|---|---:|---:|---:|---:|\n"
            for (spec, result) in zip(splits, results) {
                for (fold, stack) in result.stacks.sorted(by: { $0.key < $1.key }) {
                    markdown += "| \(spec.name) | \(fold) | \(stack.rows) | " + [stack.intercept, stack.networkWeight, stack.treesWeight]
                        .map { String(format: "%.3f", $0) }.joined(separator: " | ") + " |\n"
                }
            }
        }
        try OutputFile.write(markdown, to: directory + "/report.md")
        var record = provenance
        record["configuration"] = evaluator.configuration.json()
        record["ensemble"] = String(evaluator.ensemble)
        record["stack_folds"] = String(evaluator.stackFolds)
        record["seed"] = String(evaluator.seed)
        record["splits"] = splits.map { "\($0.name)=\($0.foldFile):\($0.task.rawValue)" }.joined(separator: ";")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try OutputFile.write(try encoder.encode(record), to: directory + "/provenance.json")
        return report
    }
}
