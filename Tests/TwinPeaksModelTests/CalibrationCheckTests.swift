// Calibration check (calibration.md §1.5): the per-substitution and ridge baselines on the real SKEMPI rows
// and the published CATH hold-out and RDE 3-fold splits must land near the Python figures.
// Runs only when TWINPEAKS_CALIBRATION_DIR names a folder with complexes.tsv and mutations.tsv (dataset columns
// complex_id, partner{1,2}_chains, partner{1,2}_sequence; record_id, complex_id, mutations_seq, ddg_kcal_per_mol).
// TODO: read `work/dataset` with Dataset.load and the folds with FoldFile.load once branches bio and split land.

import Foundation
import Testing
import TwinPeaksBio
@testable import TwinPeaksModel

private let environment = ProcessInfo.processInfo.environment
private let calibrationDirectory = environment["TWINPEAKS_CALIBRATION_DIR"]
private let splitsDirectory = environment["TWINPEAKS_SPLITS_DIR"] ?? "/work/shared/data/splits"

/// Rows of a TSV with a header, as dictionaries keyed by column name.
private func readTSV(_ path: String) throws -> [[String: String]] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    let header = lines[0].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    return lines.dropFirst().map { line in
        Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)))
    }
}

private struct CalibrationData {
    var samples: [BaselineSample] = []
    var skipped: [String] = []

    init(directory: String) throws {
        var partners: [String: PartnerSequences] = [:]
        for row in try readTSV("\(directory)/complexes.tsv") {
            let id = row["complex_id"]!
            partners[id] = try PartnerSequences(partner1Chains: row["partner1_chains"]!, partner1Sequence: row["partner1_sequence"]!,
                                                partner2Chains: row["partner2_chains"]!, partner2Sequence: row["partner2_sequence"]!, record: id)
        }
        for row in try readTSV("\(directory)/mutations.tsv") {
            guard let complex = partners[row["complex_id"]!], let ddg = Double(row["ddg_kcal_per_mol"]!) else { continue }
            // SKEMPI has two records that name one site twice (2C5D: KA34E,…,KA34E); they are skipped.
            guard let set = try? MutationSet(parsing: row["mutations_seq"]!) else { skipped.append(row["record_id"]!); continue }
            let features = try SubstitutionDescriptors.features(of: set, on: complex, record: row["record_id"]!)
            samples.append(BaselineSample(complexID: row["complex_id"]!, features: features, targetKcalPerMol: ddg, mutations: set))
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

@Test(.enabled(if: calibrationDirectory != nil, "set TWINPEAKS_CALIBRATION_DIR to run the calibration check"))
func baselinesLandNearTheCalibrationFigures() throws {
    let data = try CalibrationData(directory: calibrationDirectory!)
    print("calibration: \(data.samples.count) rows; skipped \(data.skipped)")
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
