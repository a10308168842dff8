// `twinpeaks select`: choose, per task, the predictor a model folder answers with (network, trees
// or stack) from an evaluation's metrics, and record the choice in the folder's metrics.json.
import ArgumentParser
import Foundation
import TwinPeaksModel

struct Select: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select",
        abstract: "Choose the network, the trees or the stack per task from evaluation metrics.",
        discussion: """
        Reads the metrics.json of `twinpeaks evaluate` (run with --stack-folds to measure the stack) \
        and picks, for ΔΔG and for ΔG, the predictor with the best pooled Pearson averaged over that \
        task's splits, among those the model folder holds (member-k.h5 for the network, trees-TASK.json \
        for the trees, stack.json for the stack). Writes MODEL/metrics.json: the evaluation's metrics \
        with "shipped": {"ddG": …, "dG": …}; `twinpeaks predict --model MODEL` then follows it.
        """)

    @Option(help: "The trained model folder (written by `twinpeaks train`).")
    var model: String = "work/model"

    @Option(help: "A metrics.json written by `twinpeaks evaluate` (repeatable: splits evaluated in separate runs are pooled into one report; default work/evaluation/metrics.json).")
    var metrics: [String] = []

    @OptionGroup var unrecognized: UnrecognizedArguments

    func run() throws {
        let manager = FileManager.default
        var available: Set<PredictorChoice> = []
        if (try? TrainingRun.memberFiles(in: model)) != nil { available.insert(.network) }
        let hasTrees = [MetricsReport.Task.ddG, .dG].allSatisfy { manager.fileExists(atPath: StackFile.treesPath(in: model, task: $0)) }
        if hasTrees { available.insert(.trees) }
        if hasTrees, manager.fileExists(atPath: StackFile.path(in: model)) { available.insert(.stack) }
        guard !available.isEmpty else {
            throw ModelError.checkpoint("\(model): holds no member-k.h5 model files and no trees; expected a model folder written by `twinpeaks train`")
        }
        let paths = metrics.isEmpty ? ["work/evaluation/metrics.json"] : metrics
        let reports = try paths.map { path in
            guard let data = manager.contents(atPath: path) else {
                throw ModelError.input("\(path): cannot read the file; expected the metrics.json of `twinpeaks evaluate`")
            }
            return try MetricsReport(jsonData: data, source: path)
        }
        var seen: Set<String> = []
        for (path, r) in zip(paths, reports) {
            for e in r.evaluations where !seen.insert("\(e.split)/\(e.task.rawValue)").inserted {
                throw ValidationError("\(path): split \(e.split) (\(e.task.rawValue)) is already in an earlier --metrics file; give each split once")
            }
        }
        let report = MetricsReport(model: reports[0].model, features: reports[0].features, evaluations: reports.flatMap(\.evaluations))
        let selection = try PredictorSelection(report: report, available: available)
        var shipped = report
        shipped.shipped = Dictionary(uniqueKeysWithValues: selection.chosen.map { ($0.key.rawValue, $0.value.rawValue) })
        try shipped.write(to: URL(fileURLWithPath: model + "/metrics.json"))
        for (task, candidates) in selection.candidates.sorted(by: { $0.key.rawValue > $1.key.rawValue }) {
            let scores = candidates.map { c in
                "\(c.choice.rawValue) \(String(format: "%.3f", c.mean)) (" + c.pearson.map { String(format: "%.3f", $0) }.joined(separator: ", ") + ")"
            }
            print("\(task.rawValue): \(selection.chosen[task]!.rawValue) — mean pooled Pearson: \(scores.joined(separator: "; "))")
        }
        FileHandle.standardError.write(Data("wrote \(model)/metrics.json with the shipped choice\n".utf8))
    }
}
