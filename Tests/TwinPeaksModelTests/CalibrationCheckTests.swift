// Calibration check (calibration.md §1.5): the per-substitution and ridge baselines on the real SKEMPI rows
// and the published CATH hold-out and RDE 3-fold splits must land near the Python figures.
// Runs only when TWINPEAKS_DATASET_DIR names a dataset made by `twinpeaks prepare` (make data: work/dataset).
// TODO: read the folds with FoldFile.load (work/splits) once branch split lands; until then the published tables.

import Foundation
import Testing
import TwinPeaksBio
@testable import TwinPeaksModel

private let environment = ProcessInfo.processInfo.environment
private let datasetDirectory = environment["TWINPEAKS_DATASET_DIR"]
private let splitsDirectory = environment["TWINPEAKS_SPLITS_DIR"] ?? "/work/shared/data/splits"

/// Rows of a published split table (TSV with a header), as dictionaries keyed by column name.
private func readTSV(_ path: String) throws -> [[String: String]] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    let header = lines[0].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    return lines.dropFirst().map { line in
        Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)))
    }
}

private struct CalibrationData {
    var samples: [BaselineSample] = []

    /// The SKEMPI rows the calibration kept: wild type and mutant measured, ΔΔG a number, not censored.
    init(dataset: Dataset) throws {
        var partners: [String: PartnerSequences] = [:]
        for complex in dataset.complexes where complex.source == .skempi { partners[complex.complexID] = try PartnerSequences(complex) }
        for record in dataset.mutations {
            guard record.status == .measured, record.wildTypeStatus == .measured,
                  let ddg = record.deltaDeltaG, !ddg.isCensored, let complex = partners[record.complexID] else { continue }
            let features = try SubstitutionDescriptors.features(of: record.mutations, on: complex, record: record.recordID)
            samples.append(BaselineSample(complexID: record.complexID, features: features, targetKcalPerMol: ddg.value,
                                          mutations: record.mutations))
        }
    }

    /// Fold label per row from a split table's complex column and label column (`val`/`train` or 0/1/2).
    func folds(table: String, complexColumn: String, labelColumn: String, label: (String) -> Int?) throws -> [EvaluationFold] {
        var labelOf: [String: Int] = [:]
        for row in try readTSV("\(splitsDirectory)/\(table)") { labelOf[row[complexColumn]!] = label(row[labelColumn]!) }
        return EvaluationFold.crossValidation(foldOfRow: samples.map { labelOf[$0.complexID] ?? nil })
    }

    /// The baselines' metrics; with TWINPEAKS_CALIBRATION_OUT set, also a report in which the ridge
    /// stands in for the model (metrics JSON, Markdown, scatter plot), to look at.
    func evaluate(_ split: String, _ folds: [EvaluationFold]) throws -> [String: MetricSet] {
        let baselines = try BaselinePredictions(task: .ddG, samples: samples, folds: folds)
        let measured = baselines.rows.map { samples[$0].targetKcalPerMol }
        let ids = baselines.rows.map { samples[$0].complexID }
        if let out = environment["TWINPEAKS_CALIBRATION_OUT"] {
            let directory = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let ridge = baselines.predictions[BaselinePredictions.ridge]!
            let evaluation = try MetricsReport.Evaluation(split: split, task: .ddG, measuredKcalPerMol: measured,
                                                          predictedKcalPerMol: ridge, complexIDs: ids,
                                                          baselinePredictions: baselines.predictions)
            let report = MetricsReport(model: "ridge (stand-in)", features: "substitution descriptors", evaluations: [evaluation])
            try report.write(to: directory.appendingPathComponent("\(split).json"))
            try Data(MarkdownReport.render(report, plots: ["\(split)/ddG": "\(split).svg"]).utf8)
                .write(to: directory.appendingPathComponent("\(split).md"))
            try ScatterPlot(title: "\(split) ridge", quantity: "ΔΔG", measuredKcalPerMol: measured, predictedKcalPerMol: ridge)
                .write(to: directory.appendingPathComponent("\(split).svg"))
        }
        var result: [String: MetricSet] = [:]
        for (name, predicted) in baselines.predictions.sorted(by: { $0.key < $1.key }) {
            let m = try MetricSet(measuredDDG: measured, predictedDDG: predicted, complexIDs: ids)
            result[name] = m
            print("calibration \(split) \(name): n \(m.n) Pearson \(m.pearson ?? .nan) Spearman \(m.spearman ?? .nan) RMSE \(m.rmse!) per-complex \(m.perComplexSpearman ?? .nan) (\(m.perComplexCount!)) AUROC \(m.auroc ?? .nan)")
        }
        print("calibration \(split) ridge α per fold: \(baselines.ridgeAlphas)")
        return result
    }
}

@Test(.enabled(if: datasetDirectory != nil, "set TWINPEAKS_DATASET_DIR to run the calibration check"))
func baselinesLandNearTheCalibrationFigures() throws {
    let data = try CalibrationData(dataset: Dataset.load(from: datasetDirectory!))
    print("calibration: \(data.samples.count) rows")
    // CATH hold-out: fold 0 tests `val` and trains on `train`; complexes with other labels are unused.
    let cath = try data.folds(table: "uspddg_cathddg_skempi_complex_splits.tsv", complexColumn: "complex_PPI", labelColumn: "cath_fold") {
        $0 == "val" ? 0 : ($0 == "train" ? 1 : nil)
    }
    let cathMetrics = try data.evaluate(MetricsReport.skempiCATHHoldout, [cath[0]])
    let rde = try data.folds(table: "skempi_rde_net_3fold_bycplx.tsv", complexColumn: "complex", labelColumn: "val_fold") { Int($0) }
    let rdeMetrics = try data.evaluate(MetricsReport.skempiRDE3Fold, rde)
    // calibration.md §1.5: CATH per-substitution 0.296, ridge 0.356; RDE per-substitution 0.263, ridge 0.346.
    // Measured here (6,610 rows): CATH 0.296 / 0.360, RDE 0.262 / 0.336. The ridge gap on RDE comes from the
    // partner-symmetric features (numpy with the calibration's 84 features gives 0.346, with ours 0.3358, equal
    // to this Swift result to 1e-12), and is within the α-selection noise.
    #expect(cathMetrics["per_substitution_mean"]!.n >= 800 && rdeMetrics["ridge"]!.n >= 6500)
    #expect(abs(cathMetrics["per_substitution_mean"]!.pearson! - 0.296) < 0.03)
    #expect(abs(cathMetrics["ridge"]!.pearson! - 0.356) < 0.05)
    #expect(abs(rdeMetrics["per_substitution_mean"]!.pearson! - 0.263) < 0.03)
    #expect(abs(rdeMetrics["ridge"]!.pearson! - 0.346) < 0.05)
}

/// ΔG: ridge on the partner descriptors in random 5-fold CV over complexes (calibration §2.5 D: 0.365 on 2,028
/// complexes, mean of 3 seeds). A check of the descriptors on real data, not of a family-disjoint figure:
/// that one (ridge 0.121) needs the strict hold-outs of `twinpeaks split`.
@Test(.enabled(if: datasetDirectory != nil, "set TWINPEAKS_DATASET_DIR to run the calibration check"))
func deltaGRidgeOnRandomFoldsLandsNearTheCalibrationFigure() throws {
    let dataset = try Dataset.load(from: datasetDirectory!)
    var samples: [BaselineSample] = []
    for complex in dataset.complexes where complex.hasExactEquilibriumDeltaG {
        samples.append(BaselineSample(complexID: complex.complexID, features: PartnerDescriptors.features(of: try PartnerSequences(complex)),
                                      targetKcalPerMol: complex.deltaG!.value))
    }
    var pearsons: [Double] = []
    for seed in [UInt64(1), 2, 3] {
        var state = seed
        let order = samples.indices.map { index -> (UInt64, Int) in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (state, index)
        }.sorted { $0.0 < $1.0 }
        var fold = [Int?](repeating: nil, count: samples.count)
        for (rank, entry) in order.enumerated() { fold[entry.1] = rank % 5 }
        let baselines = try BaselinePredictions(task: .dG, samples: samples, folds: EvaluationFold.crossValidation(foldOfRow: fold))
        let m = try MetricSet(measuredDG: baselines.rows.map { samples[$0].targetKcalPerMol },
                              predictedDG: baselines.predictions[BaselinePredictions.ridge]!)
        print("calibration ΔG random 5-fold seed \(seed) ridge: n \(m.n) Pearson \(m.pearson!) RMSE \(m.rmse!) α \(baselines.ridgeAlphas)")
        pearsons.append(m.pearson!)
    }
    #expect(abs(pearsons.reduce(0, +) / 3 - 0.365) < 0.06)
}
