// The stack's training data: the network's and the trees' predictions for every labelled row of a
// set of training complexes, each made by models that never saw that row's complex (inner grouped
// k-fold), and the blend fitted on them. Only training complexes are touched, so a stack fitted
// inside an evaluation fold never sees that fold's validation complexes.

import Foundation

struct OutOfFoldStack {
    /// One out-of-fold row.
    struct Row: Sendable {
        var id: String
        var complexID: String
        var measured: Double
        var network: Double
        var trees: Double
    }

    /// Per task: the fitted blend and the rows it was fitted on (in labelled-row order).
    var stacks: [MetricsReport.Task: LinearStack] = [:]
    var rows: [MetricsReport.Task: [Row]] = [:]

    /// Trains `folds` networks (one per inner fold, on the other folds' complexes) and the trees with
    /// fixed `treeParameters` on the same inner folds; complexes are assigned by grouped k-fold,
    /// balanced by their labelled rows.
    init(network: FoldNetworkTrainer, training: [String], tasks: [MetricsReport.Task],
         treeParameters: [MetricsReport.Task: BoostingParameters], folds: Int, seed: UInt64, label: String) throws {
        let trainingSet = network.samples.restricted(to: Set(training))
        var labelled: [MetricsReport.Task: [SampleSet.LabelledRow]] = [:]
        for task in tasks { labelled[task] = try trainingSet.labelledRows(task) }
        // Every training complex once, plus once per labelled row, so folds balance by rows.
        let groups = training + tasks.flatMap { labelled[$0]!.map(\.sample.complexID) }
        let assignment = try GroupKFold.assign(groups: groups, folds: folds)
        var foldOfComplex: [String: Int] = [:]
        for (complex, fold) in zip(groups, assignment) { foldOfComplex[complex] = fold }

        var networkByID: [MetricsReport.Task: [String: Double]] = [:]
        var treesByID: [MetricsReport.Task: [String: Double]] = [:]
        for k in 0..<folds {
            let inner = training.filter { foldOfComplex[$0] != k }
            let heldOutIDs = Set(training.filter { foldOfComplex[$0] == k })
            let heldOut = network.samples.restricted(to: heldOutIDs)
            let trainer = try network.train(training: inner, seed: seed, label: "\(label), stack fold \(k + 1)/\(folds)")
            for task in tasks {
                networkByID[task, default: [:]].merge(try FoldNetworkTrainer.predict(trainer, task: task, heldOut: heldOut)) { a, _ in a }
                guard let parameters = treeParameters[task] else {
                    throw ModelError.input("\(label): no tree parameters for \(task.rawValue)")
                }
                let fitRows = labelled[task]!.filter { !heldOutIDs.contains($0.sample.complexID) }
                let testRows = labelled[task]!.filter { heldOutIDs.contains($0.sample.complexID) }
                guard !fitRows.isEmpty, !testRows.isEmpty else { continue }
                let trees = try GradientBoostedTrees(fitting: fitRows.map(\.sample.features),
                                                     targets: fitRows.map(\.sample.targetKcalPerMol), parameters: parameters)
                for (row, value) in zip(testRows, try trees.predict(testRows.map(\.sample.features))) {
                    treesByID[task, default: [:]][row.id] = value
                }
            }
        }
        for task in tasks {
            let taskRows = try labelled[task]!.map { row -> Row in
                guard let n = networkByID[task]?[row.id], let t = treesByID[task]?[row.id] else {
                    throw ModelError.input("\(label): row \(row.id) got no out-of-fold prediction; expected one per labelled row")
                }
                return Row(id: row.id, complexID: row.sample.complexID, measured: row.sample.targetKcalPerMol, network: n, trees: t)
            }
            rows[task] = taskRows
            stacks[task] = try LinearStack(fittingNetwork: taskRows.map(\.network), trees: taskRows.map(\.trees),
                                           measured: taskRows.map(\.measured), place: "\(label) \(task.rawValue) stack")
        }
    }
}
