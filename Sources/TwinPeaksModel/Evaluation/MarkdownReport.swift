// A short Markdown report of a `MetricsReport`: one table per split and task, the model beside its
// baselines, with the sign convention and the per-complex rule stated once.

import Foundation

/// Renders a metrics report as Markdown.
public enum MarkdownReport {
    /// `plots` maps "split/task" (e.g. `skempi-rde-3fold/ddG`) to an image path to link under that table.
    public static func render(_ report: MetricsReport, plots: [String: String] = [:]) -> String {
        var s = "# Evaluation: \(report.model)\n\n"
        s += "Features: \(report.features). ΔG and ΔΔG in kcal/mol; ΔΔG = ΔG(mutant) − ΔG(wild type), positive = the "
        s += "mutation weakens binding. Baselines are fitted on the same training folds as the model. Per-complex "
        s += "Spearman: mean over complexes with ≥ 10 rows (constant prediction counts 0, constant target skipped). "
        s += "AUROC: of the sign, measured ΔΔG > 0 positive. – means undefined.\n"
        if report.evaluations.contains(where: { $0.baselines[BaselinePredictions.esm2MaskedMarginal] != nil }) {
            s += "\nBaseline \(BaselinePredictions.esm2MaskedMarginal): zero-shot, nothing fitted — Σ log p(wild type) − log p(mutant) "
            s += "at the mutated positions (masked together) from the ESM-2 language-model head, in nats, positive = "
            s += "the mutant is less likely; its RMSE and MAE are undefined (not kcal/mol). With these scores the ridge, the "
            s += "trees and the network's wide path also read the score as an 85th substitution descriptor.\n"
        }
        if let shipped = report.shipped, !shipped.isEmpty {
            s += "\nShipped predictor per task: " + shipped.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(separator: ", ") + ".\n"
        }
        for evaluation in report.evaluations {
            let symbol = evaluation.task == .ddG ? "ΔΔG" : "ΔG"
            s += "\n## \(evaluation.split), \(symbol) (n = \(evaluation.metrics.n))\n\n"
            var columns = ["model", "n", "Pearson", "Spearman", "RMSE", "MAE"]
            if evaluation.task == .ddG { columns += ["per-complex Spearman", "AUROC"] }
            s += "| " + columns.joined(separator: " | ") + " |\n"
            s += "|" + columns.map { $0 == "model" ? "---" : "---:" }.joined(separator: "|") + "|\n"
            s += row(report.model, evaluation.metrics, evaluation.task)
            if let stack = evaluation.stack { s += row("stack: network + trees", stack, evaluation.task) }
            for name in evaluation.baselines.keys.sorted() {
                s += row("baseline: \(name)", evaluation.baselines[name]!, evaluation.task)
            }
            if let auroc = evaluation.interfaceAUROC {
                s += "\nInterface head on the validation complexes' structures (residues within 5 Å of the partner): "
                s += String(format: "AUROC %.3f (0.5 is chance).\n", auroc)
            }
            if let auroc = evaluation.contactAUROC {
                s += "\nContact head on the same structures (window pairs holding a residue pair within 5 Å): "
                s += String(format: "AUROC %.3f.\n", auroc)
            }
            if let plot = plots["\(evaluation.split)/\(evaluation.task.rawValue)"] {
                s += "\n![\(evaluation.split) \(symbol)](\(plot))\n"
            }
        }
        return s
    }

    private static func row(_ name: String, _ m: MetricSet, _ task: MetricsReport.Task) -> String {
        func f(_ v: Double?, _ digits: Int = 3) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "–" }
        var cells = [name, "\(m.n)", f(m.pearson), f(m.spearman), f(m.rmse, 2), f(m.mae, 2)]
        if task == .ddG {
            let count = m.perComplexCount.map { " (\($0))" } ?? ""
            cells += [f(m.perComplexSpearman) + count, f(m.auroc)]
        }
        return "| " + cells.joined(separator: " | ") + " |\n"
    }
}
