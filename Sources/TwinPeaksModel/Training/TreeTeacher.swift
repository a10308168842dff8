// Distillation targets for the network (`treeTeacherBlend`): for every exact training row of a task,
// the tuned trees' inner out-of-fold prediction (GBMBaseline's chosen grid point), keyed by row id
// (mutant id for ΔΔG, complex id for ΔG), blended into the labels before anything is fitted on
// them, so the ridge start, the descriptor paths' fits and every epoch read the same targets.
// Out-of-fold and not in-sample: trees refitted on all rows reproduce the labels they saw, noise
// included, so their in-sample predictions would teach the network nothing the labels do not.
// Fitted on the network's own fit complexes only, so neither the early-stopping slice nor any
// validation complex informs what the network learns. Why at all: the stack of network and trees
// puts almost no weight on the network (README), so the network's own errors are mostly noise the
// trees do not make; a target the trees have smoothed carries less of it.

struct TreeTeacher {
    /// Per task, the teacher's value per row id (kcal/mol).
    private(set) var values: [MetricsReport.Task: [String: Float]] = [:]

    init(values: [MetricsReport.Task: [String: Float]]) { self.values = values }

    /// The teacher of the exact-labelled rows of `tasks` among `fit`'s complexes.
    init(fit: SampleSet, tasks: [MetricsReport.Task], seed: UInt64, place: String) throws {
        for task in tasks {
            let rows = try fit.labelledRows(task)
            guard !rows.isEmpty else { continue }
            let trees = try GBMBaseline(fitting: rows.map(\.sample), seed: seed, grid: .forTask(task),
                                        place: "\(place) tree teacher \(task.rawValue)")
            values[task] = try Self.outOfFold(rows, of: trees, place: "\(place) \(task.rawValue)")
        }
    }

    /// `trees`' inner out-of-fold prediction of each of the rows it was tuned on, by row id.
    static func outOfFold(_ rows: [SampleSet.LabelledRow], of trees: GBMBaseline, place: String) throws -> [String: Float] {
        guard let outOfFold = trees.outOfFold, outOfFold.count == rows.count else {
            throw ModelError.input("\(place): treeTeacherBlend needs the trees' inner out-of-fold predictions, and "
                                   + "\(Set(rows.map(\.sample.complexID)).count) complexes are fewer than its "
                                   + "\(GBMBaseline.innerFolds) inner folds")
        }
        return Dictionary(uniqueKeysWithValues: zip(rows.map(\.id), outOfFold.map(Float.init)))
    }

    /// `samples` with each exact label the teacher predicted replaced by (1 − blend)·label +
    /// blend·teacher; censored labels stay the bounds they are, and rows without a teacher value
    /// keep their label. Only labels change, so the set stays valid.
    func blended(_ samples: SampleSet, blend: Float) -> SampleSet {
        func mix(_ label: AffinityLabel?, _ teacher: Float?) -> AffinityLabel? {
            guard let label, label.kind == .exact, let teacher else { return label }
            return AffinityLabel((1 - blend) * label.valueKcalPerMol + blend * teacher)
        }
        var out = samples
        for (id, teacher) in values[.dG] ?? [:] where out.complexes[id] != nil {
            out.complexes[id]!.deltaG = mix(out.complexes[id]!.deltaG, teacher)
        }
        let ddG = values[.ddG] ?? [:]
        for i in out.mutants.indices {
            out.mutants[i].deltaDeltaG = mix(out.mutants[i].deltaDeltaG, ddG[out.mutants[i].id])
        }
        return out
    }
}
