// The metrics JSON layout (exact keys, round trip, null for undefined), the Markdown report, the SVG
// scatter plot (well-formed XML, one circle per row, deterministic), and pooled out-of-fold baselines.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TwinPeaksBio
@testable import TwinPeaksModel

private func sampleReport() throws -> MetricsReport {
    let measured = [1.0, -0.5, 2.0, 0.0, 3.5, 1.2, 0.3, -1.0, 2.2, 0.8, 1.5, 0.1]
    let predicted = [0.8, 0.1, 1.5, 0.2, 2.0, 1.0, 0.5, -0.2, 1.9, 0.4, 1.1, 0.0]
    let ids = Array(repeating: "1ABC_A_B", count: 10) + ["2XYZ_H_L", "2XYZ_H_L"]
    let ddg = try MetricsReport.Evaluation(
        split: MetricsReport.skempiRDE3Fold, task: .ddG, measuredKcalPerMol: measured, predictedKcalPerMol: predicted,
        complexIDs: ids, baselinePredictions: ["mean": Array(repeating: 0.9, count: 12), "ridge": predicted.map { $0 * 0.5 }])
    let dg = try MetricsReport.Evaluation(
        split: MetricsReport.familyDisjoint, task: .dG, measuredKcalPerMol: measured.map { $0 - 10 },
        predictedKcalPerMol: predicted.map { $0 - 9 }, complexIDs: ids, baselinePredictions: [:])
    return MetricsReport(model: "twinpeaks-test", features: "descriptors", evaluations: [ddg, dg])
}

@Test func metricsJSONHasExactlyTheAgreedKeys() throws {
    let object = try JSONSerialization.jsonObject(with: try sampleReport().jsonData()) as! [String: Any]
    #expect(Set(object.keys) == ["model", "features", "evaluations"])
    let metricKeys: Set<String> = ["n", "pearson", "spearman", "rmse", "mae", "per_complex_spearman", "auroc"]
    for evaluation in object["evaluations"] as! [[String: Any]] {
        #expect(Set(evaluation.keys) == metricKeys.union(["split", "task", "baselines"]))
        for (_, baseline) in evaluation["baselines"] as! [String: [String: Any]] { #expect(Set(baseline.keys) == metricKeys) }
    }
    let ddg = (object["evaluations"] as! [[String: Any]])[0]
    #expect(ddg["task"] as? String == "ddG" && ddg["split"] as? String == "skempi-rde-3fold")
    // The mean baseline is constant: Pearson undefined, written as null rather than left out.
    let mean = (ddg["baselines"] as! [String: [String: Any]])["mean"]!
    #expect(mean["pearson"] is NSNull)
    #expect((object["evaluations"] as! [[String: Any]])[1]["auroc"] is NSNull)
}

@Test func metricsJSONRoundTripsAndIsByteStable() throws {
    let report = try sampleReport()
    let data = try report.jsonData()
    let decoded = try MetricsReport(jsonData: data)
    #expect(try decoded.jsonData() == data)
    #expect(decoded.evaluations[0].metrics.pearson == report.evaluations[0].metrics.pearson)
    #expect(decoded.evaluations[0].baselines.keys.sorted() == ["mean", "ridge"])
    #expect(throws: InputError.self) { try MetricsReport(jsonData: Data("{\"model\": 1}".utf8)) }
}

@Test func markdownReportHasATablePerEvaluationWithTheBaselines() throws {
    let text = MarkdownReport.render(try sampleReport(), plots: ["skempi-rde-3fold/ddG": "rde_ddg.svg"])
    #expect(text.contains("## skempi-rde-3fold, ΔΔG (n = 12)"))
    #expect(text.contains("| model | n | Pearson | Spearman | RMSE | MAE | per-complex Spearman | AUROC |"))
    #expect(text.contains("| baseline: mean | 12 | – | – |"))
    #expect(text.contains("## family-disjoint, ΔG (n = 12)"))
    #expect(text.contains("![skempi-rde-3fold ΔΔG](rde_ddg.svg)"))
}

private final class SVGCounter: NSObject, XMLParserDelegate {
    var circles = 0, root = ""
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root.isEmpty { root = name }
        if name == "circle" { circles += 1 }
    }
}

@Test func scatterPlotIsWellFormedSVGWithOneCirclePerRow() throws {
    let plot = try ScatterPlot(title: "CATH <hold-out> & co", quantity: "ΔΔG",
                               measuredKcalPerMol: [1, -0.5, 2, 0, 3.5, 1.2, 0.3],
                               predictedKcalPerMol: [0.8, 0.1, 1.5, 0.2, 2, 1, 0.5])
    let svg = plot.svg()
    let parser = XMLParser(data: Data(svg.utf8))
    let counter = SVGCounter()
    parser.delegate = counter
    #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    #expect(counter.root == "svg" && counter.circles == 7)
    #expect(svg.contains("n = 7") && svg.contains("(kcal/mol)") && svg.contains("&lt;hold-out&gt; &amp; co"))
    #expect(try ScatterPlot(title: "CATH <hold-out> & co", quantity: "ΔΔG", measuredKcalPerMol: plot.measuredKcalPerMol,
                            predictedKcalPerMol: plot.predictedKcalPerMol).svg() == svg)
    #expect(throws: InputError.self) { try ScatterPlot(title: "x", quantity: "ΔG", measuredKcalPerMol: [], predictedKcalPerMol: []) }
}

@Test func ticksAreRoundNumbersCoveringTheRange() {
    let (values, step) = ScatterPlot.ticks(low: -1.7, high: 8.3)
    #expect(step == 2 && values == [-2, 0, 2, 4, 6, 8, 10])
}

@Test func baselinesArePooledOverFoldsAndFittedOnTrainingRowsOnly() throws {
    // Four complexes, single mutations; fold label per complex. Test rows of fold k never enter its fit.
    var samples: [BaselineSample] = [], foldOfRow: [Int?] = []
    let letters: [Character] = ["A", "L", "G", "V", "E"]
    for c in 0..<4 {
        for i in 0..<5 {
            let m = try MutationSet(parsing: "KA\(i + 1)\(letters[i])")
            samples.append(BaselineSample(complexID: "C\(c)", features: [Double(i), Double(c)], targetKcalPerMol: Double(c * 10 + i), mutations: m))
            foldOfRow.append(c == 3 ? nil : c)
        }
    }
    let folds = EvaluationFold.crossValidation(foldOfRow: foldOfRow)
    #expect(folds.count == 3 && folds[0].train.count == 10 && folds[0].test == Array(0..<5))
    let result = try BaselinePredictions(task: .ddG, samples: samples, folds: folds)
    #expect(result.rows == Array(0..<15))
    // Mean baseline of fold 0 = mean of complexes 1 and 2 = (10..14, 20..24) → 17.
    #expect(result.predictions["mean"]![0] == 17 && result.predictions["mean"]![5] == 12)
    #expect(result.predictions.keys.sorted() == ["gbm", "gbm_forward", "mean", "per_substitution_mean", "ridge"])
    #expect(result.ridgeAlphas.count == 3 && result.gbmParameters.count == 3)
    #expect(throws: InputError.self) {
        try BaselinePredictions(task: .ddG, samples: samples, folds: [folds[0], EvaluationFold(train: [10], test: [0])])
    }
    // The model's out-of-fold predictions are scored on the same pooled rows as the baselines.
    let model = Dictionary(uniqueKeysWithValues: result.rows.map { ($0, samples[$0].targetKcalPerMol) })
    let evaluation = try result.evaluation(split: "toy", task: .ddG, samples: samples, modelPredictions: model)
    #expect(evaluation.metrics.n == 15 && evaluation.metrics.pearson == 1 && evaluation.metrics.rmse == 0)
    #expect(evaluation.baselines["mean"]!.rmse! > 0)
    #expect(throws: InputError.self) {
        try result.evaluation(split: "toy", task: .ddG, samples: samples, modelPredictions: [0: 1])
    }
}
