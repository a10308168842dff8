// Cross-validation one fold per task: training each fold in its own run and collecting the fold
// files gives the metrics and predictions of one `evaluate` run; a missing fold is refused by name.

import Foundation
import Testing
import TwinPeaksBio
import TwinPeaksEmbedding
@testable import TwinPeaksModel

private func evaluationRun() throws -> EvaluationRun {
    let samples = try SyntheticData.samples(complexes: 9, mutantsPerComplex: 6, seed: 7)
    var evaluator = SplitEvaluator(samples: samples, familyLabels: [:], configuration: SyntheticData.configuration(epochs: 2),
                                   makeBuilder: { PartnerFeatureBuilder(provider: try DescriptorProvider()) })
    evaluator.showProgress = false
    return EvaluationRun(evaluator: evaluator, modelName: "tiny", featuresName: "descriptors")
}

/// Three folds of three complexes each (C0…C8), every complex validated once.
private func writeFolds(_ path: String) throws {
    var text = "fold\tcomplex_id\trole\n"
    for fold in 0..<3 {
        for c in 0..<9 { text += "f\(fold)\tC\(c)\t\(c / 3 == fold ? "val" : "train")\n" }
    }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

@Test func collectingPerFoldRunsGivesTheMetricsOfOneRun() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-folds-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try writeFolds(directory + "/folds.tsv")
    let splits = [EvaluationRun.SplitSpec(name: "synthetic", foldFile: directory + "/folds.tsv", task: .ddG)]
    let run = try evaluationRun()
    let whole = try run.run(splits, directory: directory + "/whole")

    let perFold = directory + "/per-fold"
    try run.runFold(splits, name: "f1", directory: perFold)
    try run.runFold(splits, number: 3, directory: perFold)
    do {
        try run.collect(splits, directory: perFold)
        Issue.record("collect went ahead with fold f0 missing")
    } catch let error as InputError {
        #expect(error.problem.contains("1 of 3 folds are missing or unfinished: task 1 (synthetic fold f0: \(perFold)/folds/synthetic/f0.tsv)"), "\(error)")
    }
    #expect(!FileManager.default.fileExists(atPath: perFold + "/metrics.json"))
    try run.runFold(splits, number: 1, directory: perFold)
    let collected = try run.collect(splits, directory: perFold)

    #expect(collected == whole)
    #expect(collected.evaluations[0].metrics.n == 54)
    for file in ["metrics.json", "predictions-synthetic-ddG.tsv"] {
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(perFold)/\(file)")) == Data(contentsOf: URL(fileURLWithPath: "\(directory)/whole/\(file)")), "\(file)")
    }
    #expect(FileManager.default.fileExists(atPath: perFold + "/provenance.json"))
}

@Test func aFoldMadeWithAnotherConfigurationIsRefused() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-folds-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try writeFolds(directory + "/folds.tsv")
    let splits = [EvaluationRun.SplitSpec(name: "synthetic", foldFile: directory + "/folds.tsv", task: .ddG)]
    var run = try evaluationRun()
    for number in 1...3 { try run.runFold(splits, number: number, directory: directory) }
    run.evaluator.seed = 2
    do {
        try run.collect(splits, directory: directory)
        Issue.record("collect pooled folds made with another seed")
    } catch let error as InputError {
        #expect(error.problem.contains("made by another run"), "\(error)")
    }
}
