// `twinpeaks select` on a copy of the shipped reference model: the best mean pooled Pearson per task
// among network, trees and stack is written into the folder's metrics.json, `predict` follows it,
// and a split given twice is refused by name.

import Foundation
import Testing
import TwinPeaksModel

private let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
private func reference(_ path: String) -> String { packageRoot.appendingPathComponent("Reference/" + path).path }

private func metrics(_ split: String, _ task: MetricsReport.Task, network: Double, trees: Double, stack: Double) -> MetricsReport.Evaluation {
    func set(_ r: Double) -> MetricSet { MetricSet(n: 100, pearson: r, spearman: r, rmse: 2, mae: 1.5) }
    return MetricsReport.Evaluation(split: split, task: task, metrics: set(network), baselines: ["gbm": set(trees), "ridge": set(0.99)],
                                    stack: set(stack))
}

@Test func selectRecordsTheBestPredictorPerTaskAndPredictFollowsIt() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-select-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.copyItem(atPath: reference("models/twinpeaks-descriptors"), toPath: directory + "/model")
    try? FileManager.default.removeItem(atPath: directory + "/model/metrics.json")
    let ddg = MetricsReport(model: "full", features: "descriptors", evaluations: [
        metrics("skempi-cath-holdout", .ddG, network: 0.42, trees: 0.36, stack: 0.44),
        metrics("skempi-rde-3fold", .ddG, network: 0.35, trees: 0.43, stack: 0.41),
    ])
    let dg = MetricsReport(model: "full", features: "descriptors", evaluations: [metrics("family-disjoint", .dG, network: 0.17, trees: 0.26, stack: 0.25)])
    try ddg.write(to: URL(fileURLWithPath: directory + "/ddg.json"))
    try dg.write(to: URL(fileURLWithPath: directory + "/dg.json"))

    let result = try runTwinPeaks(["select", "--model", directory + "/model", "--metrics", directory + "/ddg.json", "--metrics", directory + "/dg.json"])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    // ΔΔG: stack mean 0.425 beats trees 0.395 and network 0.385 (ridge is never shipped); ΔG: trees.
    #expect(result.stdout.contains("ddG: stack") && result.stdout.contains("dG: trees"), "\(result.stdout)")
    let written = try MetricsReport(jsonData: Data(contentsOf: URL(fileURLWithPath: directory + "/model/metrics.json")))
    #expect(written.shipped == ["ddG": "stack", "dG": "trees"])
    #expect(written.evaluations.count == 3)

    let input = ["--partner1", reference("examples/partner1.fasta"), "--partner2", reference("examples/partner2.fasta"),
                 "--mutations", reference("examples/mutations.tsv")]
    let followed = try runTwinPeaks(["predict", "--model", directory + "/model"] + input)
    let stack = try runTwinPeaks(["predict", "--model", directory + "/model", "--use", "stack"] + input)
    let trees = try runTwinPeaks(["predict", "--model", directory + "/model", "--use", "trees"] + input)
    #expect(followed.status == 0 && stack.status == 0 && trees.status == 0, "\(followed.stderr)")
    func columns(_ table: String) -> [[String]] {
        table.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }
    let (f, s, t) = (columns(followed.stdout), columns(stack.stdout), columns(trees.stdout))
    #expect(f.count == 12 && s.count == 12 && t.count == 12)
    // Wild-type rows carry ΔG from the trees; mutant rows carry ΔΔG from the stack.
    for i in f.indices where f[i][3] == "WT" { #expect(f[i][4] == t[i][4] && f[i][5] == "0.000") }
    for i in f.indices where f[i][3] != "WT" { #expect(f[i][7] == s[i][7] && f[i][7] != t[i][7]) }

    let twice = try runTwinPeaks(["select", "--model", directory + "/model", "--metrics", directory + "/ddg.json", "--metrics", directory + "/ddg.json"])
    #expect(twice.status != 0 && twice.stderr.contains("skempi-cath-holdout (ddG) is already in an earlier --metrics file"), "\(twice.stderr)")
}
