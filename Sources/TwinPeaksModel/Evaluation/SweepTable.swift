// The table of a configuration sweep: one row per configuration and split, read from each
// configuration's evaluation folder (metrics.json, with provenance.json as its "done" marker).

import Foundation
import TwinPeaksBio

public enum SweepTable {
    public static let columns = ["configuration", "split", "task", "n", "pearson", "spearman", "rmse", "mae",
                                 "per_complex_spearman", "auroc", "ridge_pearson", "mean_pearson", "per_substitution_mean_pearson",
                                 "gbm_pearson"]

    /// TSV of `configurations` (name, evaluation folder), in the given order. Refuses, naming every
    /// configuration whose evaluation has not finished (no provenance.json).
    public static func text(_ configurations: [(name: String, directory: String)]) throws -> String {
        let unfinished = configurations.filter { !FileManager.default.fileExists(atPath: $0.directory + "/provenance.json") }
        guard unfinished.isEmpty else {
            throw InputError("sweep", "cannot tabulate: \(unfinished.count) of \(configurations.count) configurations have not finished: "
                             + unfinished.map { "\($0.name) (\($0.directory)/provenance.json)" }.joined(separator: ", "))
        }
        func number(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "" }
        var text = columns.joined(separator: "\t") + "\n"
        for configuration in configurations {
            let path = configuration.directory + "/metrics.json"
            let report = try MetricsReport(jsonData: Data(contentsOf: URL(fileURLWithPath: path)), source: path)
            for e in report.evaluations {
                let m = e.metrics
                let fields = [configuration.name, e.split, e.task.rawValue, String(m.n), number(m.pearson), number(m.spearman),
                              number(m.rmse), number(m.mae), number(m.perComplexSpearman), number(m.auroc),
                              number(e.baselines[BaselinePredictions.ridge]?.pearson), number(e.baselines[BaselinePredictions.mean]?.pearson),
                              number(e.baselines[BaselinePredictions.perSubstitutionMean]?.pearson),
                              number(e.baselines[BaselinePredictions.gbm]?.pearson)]
                text += fields.joined(separator: "\t") + "\n"
            }
        }
        return text
    }
}
