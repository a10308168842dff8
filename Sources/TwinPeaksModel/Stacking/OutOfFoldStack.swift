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
    /// With `treesReadStructure`: per task, the trees tuned and refitted on every training row's
    /// descriptors plus its out-of-fold structure descriptors (the stack blends these trees).
    var structureTrees: [MetricsReport.Task: GBMBaseline] = [:]

    /// Trains `folds` networks (one per inner fold, on the other folds' complexes) and the trees on
    /// the same inner folds; complexes are assigned by grouped k-fold, balanced by their labelled
    /// rows. The trees use `treeParameters`, or with `treesReadStructure` are tuned here on the
    /// descriptors plus the inner networks' out-of-fold structure descriptors.
    init(network: FoldNetworkTrainer, training: [String], tasks: [MetricsReport.Task],
         treeParameters: [MetricsReport.Task: BoostingParameters], folds: Int, seed: UInt64, label: String,
         treesReadStructure: Bool = false) throws {
        let trainingSet = network.samples.restricted(to: Set(training))
        var labelled: [MetricsReport.Task: [SampleSet.LabelledRow]] = [:]
        for task in tasks { labelled[task] = try trainingSet.labelledRows(task) }
        // Every training complex once, plus once per labelled row, so folds balance by rows.
        let groups = training + tasks.flatMap { labelled[$0]!.map(\.sample.complexID) }
        let assignment = try GroupKFold.assign(groups: groups, folds: folds)
        var foldOfComplex: [String: Int] = [:]
        for (complex, fold) in zip(groups, assignment) { foldOfComplex[complex] = fold }

        var networkByID: [MetricsReport.Task: [String: Double]] = [:]
        var structureByID: [MetricsReport.Task: [String: [Double]]] = [:]
        for k in 0..<folds {
            let inner = training.filter { foldOfComplex[$0] != k }
            let heldOut = network.samples.restricted(to: Set(training.filter { foldOfComplex[$0] == k }))
            let trainer = try network.train(training: inner, seed: seed, label: "\(label), stack fold \(k + 1)/\(folds)")
            for task in tasks {
                networkByID[task, default: [:]].merge(try FoldNetworkTrainer.predict(trainer, task: task, heldOut: heldOut)) { a, _ in a }
                if treesReadStructure {
                    let predictor = Predictor(network: trainer.network, assembler: trainer.assembler)
                    structureByID[task, default: [:]].merge(try StructureDescriptors.features([predictor], task: task, heldOut: heldOut)) { a, _ in a }
                }
            }
        }
        var treesByID: [MetricsReport.Task: [String: Double]] = [:]
        for task in tasks {
            let rowsOfTask = labelled[task]!
            let features = treesReadStructure
                ? try StructureDescriptors.augmented(rowsOfTask, with: structureByID[task] ?? [:], place: "\(label) \(task.rawValue)")
                : rowsOfTask.map(\.sample.treeFeatures)
            var parameters = treeParameters[task]
            if treesReadStructure {
                let tuned = try GBMBaseline(fitting: features, targets: rowsOfTask.map(\.sample.targetKcalPerMol),
                                            groups: rowsOfTask.map(\.sample.complexID), seed: seed, grid: .forTask(task),
                                            mirroredWidth: rowsOfTask.map(\.sample).mirroredWidth(place: "\(label) \(task.rawValue)"))
                structureTrees[task] = tuned
                parameters = tuned.parameters
            }
            guard let parameters else { throw ModelError.input("\(label): no tree parameters for \(task.rawValue)") }
            for k in 0..<folds {
                let fit = rowsOfTask.indices.filter { foldOfComplex[rowsOfTask[$0].sample.complexID] != k }
                let test = rowsOfTask.indices.filter { foldOfComplex[rowsOfTask[$0].sample.complexID] == k }
                guard !fit.isEmpty, !test.isEmpty else { continue }
                let trees = try GradientBoostedTrees(fitting: fit.map { features[$0] },
                                                     targets: fit.map { rowsOfTask[$0].sample.targetKcalPerMol }, parameters: parameters)
                for (i, value) in zip(test, try trees.predict(test.map { features[$0] })) {
                    treesByID[task, default: [:]][rowsOfTask[i].id] = value
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
