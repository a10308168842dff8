// The evaluate stage cut one fold per task, for a SLURM array: each task trains and predicts one
// fold into OUTPUT/folds/SPLIT/FOLD.tsv; the collect step pools them, fits the (cheap) baselines
// on every fold, and writes what a one-process `evaluate` writes.

import Foundation
import TwinPeaksBio
import TwinPeaksSplit

extension EvaluationRun {
    /// One fold of one split: task number `number` (1-based) of the array over all folds.
    public struct FoldTask {
        public var number: Int
        public var spec: SplitSpec
        public var fold: Fold
    }

    /// Every fold of every split, in split order then fold-file order: task k of the array is the
    /// k-th.
    public static func foldTasks(_ splits: [SplitSpec]) throws -> [FoldTask] {
        var tasks: [FoldTask] = []
        for spec in splits {
            for fold in try FoldFile.load(spec.foldFile).folds {
                tasks.append(FoldTask(number: tasks.count + 1, spec: spec, fold: fold))
            }
        }
        return tasks
    }

    /// What makes fold files poolable: the network configuration, seed, ensemble, stack folds,
    /// features, dataset and fold file, hashed. A fold made differently is refused at collect time.
    func runKey(_ spec: SplitSpec) throws -> String {
        let folds = try Data(contentsOf: URL(fileURLWithPath: spec.foldFile))
        var parts = [evaluator.configuration.json(), String(evaluator.seed), String(evaluator.ensemble),
                     "stack folds \(evaluator.stackFolds)", featuresName,
                     provenance["dataset_provenance_md5"] ?? "", spec.task.rawValue, MD5.hex(folds)]
        if spec.earlyStoppingByComplex { parts.append("early stopping by complex") }
        return MD5.hex(parts.joined(separator: "\n"))
    }

    /// Trains and predicts one fold, by name or by task number, into its fold file (temporary name,
    /// then rename, so a killed task leaves none). A fold that validates no scored row gets a file
    /// without rows. Returns the file's path.
    @discardableResult
    public func runFold(_ splits: [SplitSpec], name: String? = nil, number: Int? = nil, directory: String) throws -> String {
        let tasks = try Self.foldTasks(splits)
        let matching = tasks.filter { task in
            if let number { return task.number == number }
            return task.fold.name == name || "\(task.spec.name)/\(task.fold.name)" == name
        }
        let wanted = number.map { "fold number \($0)" } ?? "fold '\(name ?? "")'"
        guard matching.count == 1, let task = matching.first else {
            let known = tasks.map { "\($0.number) \($0.spec.name)/\($0.fold.name)" }.joined(separator: ", ")
            throw InputError(wanted, matching.isEmpty ? "not among the folds of the splits (\(known))"
                             : "in several splits; name it SPLIT/FOLD or by number (\(known))")
        }
        let spec = task.spec
        let prediction = try evaluator(for: spec).predictFold(task.fold, split: spec.name, task: spec.task, trainDeltaG: true,
                                                   trainDeltaDeltaG: spec.task == .ddG)
            ?? FoldPrediction(split: spec.name, task: spec.task, fold: task.fold.name, rows: [], epochs: [], trainingSeconds: 0)
        let path = try FoldPrediction.path(directory: directory, split: spec.name, fold: task.fold.name)
        try OutputFile.write(prediction.text(runKey: try runKey(spec)), to: path)
        if evaluator.showProgress {
            let time = ProgressLine.duration(prediction.trainingSeconds)
            FileHandle.standardError.write(Data("\(spec.name)/\(task.fold.name): trained in \(time)\n".utf8))
        }
        return path
    }

    /// Pools the fold files of every split into metrics.json, report.md, plots and predictions, as
    /// `run` writes them. Refuses, naming each missing fold with its task number and file, unless
    /// all are there.
    @discardableResult
    public func collect(_ splits: [SplitSpec], directory: String) throws -> MetricsReport {
        let tasks = try Self.foldTasks(splits)
        let missing = try tasks.filter {
            !FileManager.default.fileExists(atPath: try FoldPrediction.path(directory: directory, split: $0.spec.name, fold: $0.fold.name))
        }
        guard missing.isEmpty else {
            let named = try missing.map { "task \($0.number) (\($0.spec.name) fold \($0.fold.name): "
                + "\(try FoldPrediction.path(directory: directory, split: $0.spec.name, fold: $0.fold.name)))" }
            throw InputError(directory, "cannot collect: \(missing.count) of \(tasks.count) folds are missing or unfinished: "
                             + named.joined(separator: ", ") + "; rerun them (sbatch --array=\(missing.map { String($0.number) }.joined(separator: ",")) …, "
                             + "or twinpeaks evaluate … --fold-number N) and collect again")
        }
        try? FileManager.default.removeItem(atPath: directory + "/provenance.json")
        let results = try splits.map { spec in
            let key = try runKey(spec)
            let folds = tasks.filter { $0.spec.name == spec.name }.map(\.fold)
            let predictions = try folds.map { fold in
                try FoldPrediction(reading: FoldPrediction.path(directory: directory, split: spec.name, fold: fold.name),
                                   split: spec.name, task: spec.task, fold: fold.name, runKey: key)
            }.filter { !($0.rows.isEmpty && $0.epochs.isEmpty) }  // folds that validate nothing were never trained
            // A record is validated in one fold only: the same row in two fold files would count twice.
            var holder: [String: String] = [:]
            for prediction in predictions {
                for row in prediction.rows {
                    if let other = holder.updateValue(prediction.fold, forKey: row.id) {
                        throw InputError(directory, "split \(spec.name): row \(row.id) is in folds \(other) and \(prediction.fold); "
                                         + "each record belongs to one validation fold")
                    }
                }
            }
            return try evaluator.score(split: spec.name, task: spec.task, folds: folds, predictions: predictions,
                                       trainingSeconds: predictions.reduce(0) { $0 + $1.trainingSeconds })
        }
        return try write(splits, results: results, directory: directory)
    }
}
