// Cross-validation one fold per task: training each fold in its own run and collecting the fold
// files gives the metrics and predictions of one `evaluate` run; a missing fold is refused by name.

import Foundation
import Testing
import TwinPeaksBio
import TwinPeaksEmbedding
@testable import TwinPeaksModel

private func evaluationRun(stackFolds: Int = 0) throws -> EvaluationRun {
    let samples = try SyntheticData.samples(complexes: 9, mutantsPerComplex: 6, seed: 7)
    var evaluator = SplitEvaluator(samples: samples, familyLabels: [:], configuration: SyntheticData.configuration(epochs: 2),
                                   makeBuilder: { PartnerFeatureBuilder(provider: try DescriptorProvider()) })
    evaluator.showProgress = false
    evaluator.stackFolds = stackFolds
    return EvaluationRun(evaluator: evaluator, modelName: "tiny", featuresName: "descriptors")
}

/// A temporary folder holding `folds.tsv` of `writeFolds`, and its split; `remove()` deletes it.
private struct FoldScratch {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-folds-\(UUID().uuidString)").path
    let splits: [EvaluationRun.SplitSpec]
    init() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try writeFolds(directory + "/folds.tsv")
        splits = [EvaluationRun.SplitSpec(name: "synthetic", foldFile: directory + "/folds.tsv", task: .ddG)]
    }
    func remove() { try? FileManager.default.removeItem(atPath: directory) }
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
    let scratch = try FoldScratch()
    defer { scratch.remove() }
    let (directory, splits) = (scratch.directory, scratch.splits)
    // With the stack on, each fold file also carries the blend fitted inside its training part.
    let run = try evaluationRun(stackFolds: 2)
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
    #expect(collected.evaluations[0].stack?.n == 54 && collected.evaluations[0].baselines["gbm"]?.n == 54)
    for file in ["metrics.json", "predictions-synthetic-ddG.tsv"] {
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(perFold)/\(file)")) == Data(contentsOf: URL(fileURLWithPath: "\(directory)/whole/\(file)")), "\(file)")
    }
    #expect(FileManager.default.fileExists(atPath: perFold + "/provenance.json"))
}

@Test func theSameFoldRunTwiceWritesTheSameBytes() throws {
    // No wall-clock time in a fold file: a rerun of a fold (a resubmitted array task) writes the same file.
    let scratch = try FoldScratch()
    defer { scratch.remove() }
    let (directory, splits) = (scratch.directory, scratch.splits)
    let run = try evaluationRun(stackFolds: 2)
    let first = try Data(contentsOf: URL(fileURLWithPath: try run.runFold(splits, number: 2, directory: directory + "/a")))
    let second = try Data(contentsOf: URL(fileURLWithPath: try run.runFold(splits, number: 2, directory: directory + "/b")))
    #expect(first == second)
    #expect(!String(decoding: first, as: UTF8.self).contains("seconds"))
}

@Test func aFoldMadeWithAnotherConfigurationIsRefused() throws {
    let scratch = try FoldScratch()
    defer { scratch.remove() }
    let (directory, splits) = (scratch.directory, scratch.splits)
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

@Test func earlyStoppingByComplexDropsTheFamiliesOfItsSplitOnlyAndKeysItsFoldFiles() throws {
    let scratch = try FoldScratch()
    defer { scratch.remove() }
    let directory = scratch.directory
    var run = try evaluationRun()
    run.evaluator.familyLabels = Dictionary(uniqueKeysWithValues: (0..<9).map { ("C\($0)", Set(["family-\($0 / 2)"])) })
    let byFamily = scratch.splits[0]
    var byComplex = byFamily
    byComplex.earlyStoppingByComplex = true
    #expect(run.evaluator(for: byFamily).familyLabels.count == 9)
    #expect(run.evaluator(for: byComplex).familyLabels.isEmpty)
    // Fold files made one way are not pooled the other way.
    #expect(try run.runKey(byFamily) != run.runKey(byComplex))
    for number in 1...3 { try run.runFold([byComplex], number: number, directory: directory) }
    do {
        try run.collect([byFamily], directory: directory)
        Issue.record("collect pooled folds whose early stopping went by complex as family-disjoint ones")
    } catch let error as InputError {
        #expect(error.problem.contains("made by another run"), "\(error)")
    }
    #expect(try run.collect([byComplex], directory: directory).evaluations[0].metrics.n == 54)
}

/// A fold file's text with `edit` applied to its rows, read back: the error it gives.
private func foldFileError(_ edit: (String) -> String) -> String {
    let rows = [SplitEvaluator.PredictedRow(id: "r1", complexID: "c1", fold: "f", measured: 1.5, predicted: 0.25, spread: 0.5),
                SplitEvaluator.PredictedRow(id: "r2", complexID: "c1", fold: "f", measured: -0.5, predicted: 0.75, spread: 0.125)]
    let text = edit(FoldPrediction(split: "s", task: .ddG, fold: "f", rows: rows, epochs: [1], trainingSeconds: 1).text(runKey: "k"))
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tp-fold-\(UUID().uuidString).tsv").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    do {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        _ = try FoldPrediction(reading: path, split: "s", task: .ddG, fold: "f", runKey: "k")
    } catch { return "\(error)" }
    return "no error"
}

@Test func anEditedCutOrPaddedFoldFileIsRefusedByItsChecksum() throws {
    #expect(foldFileError { $0 } == "no error")
    let edited = foldFileError { $0.replacingOccurrences(of: "\t0.25\t", with: "\t2.25\t") }
    #expect(edited.contains("do not match the file's checksum"), "\(edited)")
    let duplicated = foldFileError { text in
        let line = text.split(separator: "\n").first { $0.hasPrefix("r1\t") }!
        return text.replacingOccurrences(of: line + "\n", with: line + "\n" + line + "\n")
    }
    #expect(duplicated.contains("checksum"), "\(duplicated)")
    let cut = foldFileError { String($0.split(separator: "\n").dropLast().joined(separator: "\n") + "\n") }
    #expect(cut.contains("an unfinished or cut fold file"), "\(cut)")
}

@Test func aFoldFileWithANaNSpreadOrADuplicatedRowIsRefusedEvenWithAMatchingChecksum() throws {
    // Re-signed after the edit, as a careless tool would: the rows themselves are still checked.
    func resigned(_ replace: @escaping (String) -> String) -> (String) -> String {
        { text in
            let lines = text.split(separator: "\n").map(String.init)
            let header = lines.firstIndex { $0.hasPrefix("id\t") }!
            let rows = replace(lines[(header + 1)..<(lines.count - 1)].map { $0 + "\n" }.joined())
            return lines[...header].map { $0 + "\n" }.joined() + rows + "# rows_md5\t\(MD5.hex(rows))\n"
        }
    }
    let nan = foldFileError(resigned { $0.replacingOccurrences(of: "\t0.5\n", with: "\tnan\n") })
    #expect(nan.contains("row r1") && nan.contains("spread nan"), "\(nan)")
    let twice = foldFileError(resigned { $0 + $0.split(separator: "\n")[0] + "\n" })
    #expect(twice.contains("row r1 appears twice"), "\(twice)")
}

@Test func aFoldFileKeepsItsInterfaceAndContactAUROCsAndRefusesABadOne() throws {
    let rows = [SplitEvaluator.PredictedRow(id: "r1", complexID: "c1", fold: "f", measured: 1.5, predicted: 0.25, spread: 0.5)]
    var fold = FoldPrediction(split: "s", task: .ddG, fold: "f", rows: rows, epochs: [1], trainingSeconds: 1)
    fold.interfaceAUROC = (0.625, 40)
    fold.contactAUROC = (0.75, 300)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tp-fold-\(UUID().uuidString).tsv").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try fold.text(runKey: "k").write(toFile: path, atomically: true, encoding: .utf8)
    let back = try FoldPrediction(reading: path, split: "s", task: .ddG, fold: "f", runKey: "k")
    #expect(back.interfaceAUROC?.value == 0.625 && back.interfaceAUROC?.residues == 40)
    #expect(back.contactAUROC?.value == 0.75 && back.contactAUROC?.residues == 300)
    // Pooled over folds, each weighted by what it scored.
    #expect(SplitEvaluator.weightedMean([(0.5, 100), (1.0, 300)]) == 0.875)
    #expect(SplitEvaluator.weightedMean([]) == nil)
    // An AUROC above 1 names the line and the field.
    try fold.text(runKey: "k").replacingOccurrences(of: "contact_auroc\t0.75", with: "contact_auroc\t1.75")
        .write(toFile: path, atomically: true, encoding: .utf8)
    let error = #expect(throws: InputError.self) { try FoldPrediction(reading: path, split: "s", task: .ddG, fold: "f", runKey: "k") }
    #expect(error.map { "\($0)".contains(":6") && "\($0)".contains("contact_auroc") } == true, "\(String(describing: error))")
}
