// The train stage's classical half: gradient-boosted trees per task on every training complex
// (settings chosen by grouped inner cross-validation), and, when asked, the stack fitted on
// out-of-fold predictions of networks and trees trained on inner folds of the same complexes.

import Foundation
import TwinPeaksSplit

struct TreesAndStackTraining {
    var network: FoldNetworkTrainer
    var seed: UInt64
    var stackFolds: Int

    /// Writes trees-ddG.json, trees-dG.json and, with stackFolds > 0, stack.json and
    /// stack-out-of-fold.tsv into `directory`; returns one summary line per file.
    func run(directory: String) throws -> [String] {
        var summary: [String] = []
        var parameters: [MetricsReport.Task: BoostingParameters] = [:]
        let tasks: [MetricsReport.Task] = [.ddG, .dG]
        for task in tasks {
            let rows = try network.samples.labelledRows(task)
            guard rows.count >= 10 else { continue }
            let gbm = try GBMBaseline(fitting: rows.map(\.sample), seed: seed, grid: .forTask(task), place: "trees \(task.rawValue)")
            try gbm.model.save(to: StackFile.treesPath(in: directory, task: task))
            parameters[task] = gbm.parameters
            summary.append("trees-\(task.rawValue).json: \(rows.count) rows, \(gbm.parameters.rounds) trees of ≤ \(gbm.parameters.maxLeaves) leaves")
        }
        guard stackFolds > 0 else { return summary }
        let fitted = Array(parameters.keys).sorted { $0.rawValue > $1.rawValue }
        let outOfFold = try OutOfFoldStack(network: network, training: network.samples.complexIDs, tasks: fitted,
                                           treeParameters: parameters, folds: stackFolds, seed: seed, label: "stack")
        var table = "task\tid\tcomplex_id\tmeasured_kcal_per_mol\tnetwork_kcal_per_mol\ttrees_kcal_per_mol\tstack_kcal_per_mol\n"
        var pearson: [String: [String: Double]] = [:]
        for task in fitted {
            let rows = outOfFold.rows[task]!, stack = outOfFold.stacks[task]!
            let stacked = rows.map { stack.predict(network: $0.network, trees: $0.trees) }
            for (row, value) in zip(rows, stacked) {
                table += "\(task.rawValue)\t\(row.id)\t\(row.complexID)\t" + [row.measured, row.network, row.trees, value]
                    .map { String(format: "%.4f", $0) }.joined(separator: "\t") + "\n"
            }
            let measured = rows.map(\.measured)
            pearson[task.rawValue] = ["network": Correlation.pearson(measured, rows.map(\.network)),
                                      "trees": Correlation.pearson(measured, rows.map(\.trees)),
                                      "stack": Correlation.pearson(measured, stacked)].compactMapValues { $0 }
            summary.append(String(format: "stack %@: %.3f + %.3f·network + %.3f·trees on %d out-of-fold rows", task.rawValue,
                                  stack.intercept, stack.networkWeight, stack.treesWeight, stack.rows))
        }
        try OutputFile.write(table, to: directory + "/stack-out-of-fold.tsv")
        try StackFile(stacks: Dictionary(uniqueKeysWithValues: fitted.map { ($0.rawValue, outOfFold.stacks[$0]!) }),
                      folds: stackFolds, seed: seed, outOfFoldPearson: pearson).write(to: StackFile.path(in: directory))
        return summary
    }
}
