// The structure heads' predictions as extra descriptors for the trees (`treesReadStructure`): what
// the network believes about the interface, from sequence alone, in a form trees can split on.
// ΔΔG rows get the interface (and burial) probability at the mutated windows, the value the gate
// reads; ΔG rows get the predicted interface size of the wild type (Σp over each partner's crop).
// The trees must only ever see these from networks that did not train on the row's complex: in
// sample the heads are nearly right, on unseen families far less (AUROC 0.55–0.70), and trees fitted
// on in-sample values would trust them too much. `OutOfFoldStack` gives them out-of-fold values.

public enum StructureDescriptors {
    /// The column names appended to the task's descriptors, for a network of `configuration`.
    public static func names(task: MetricsReport.Task, configuration: ModelConfiguration) -> [String] {
        switch task {
        case .ddG:
            return ["site_interface_probability"] + (configuration.burialLossWeight > 0 ? ["site_burial_probability"] : [])
        case .dG:
            return ["interface_size_sum", "interface_size_smaller_partner", "interface_size_larger_partner",
                    "interface_probability_mean"]
        }
    }

    /// Per labelled row id of `task` among `heldOut`: the mean over `predictors` (an ensemble's
    /// members) of each structure descriptor.
    public static func features(_ predictors: [Predictor], task: MetricsReport.Task,
                                heldOut: SampleSet) throws -> [String: [Double]] {
        guard let first = predictors.first else { throw ModelError.input("structure descriptors: no network to read them from") }
        let width = names(task: task, configuration: first.network.configuration).count
        let ids: [String]
        var sum: [[Double]]
        switch task {
        case .ddG:
            let mutants = heldOut.mutants.filter { $0.deltaDeltaG?.kind == .exact }
            ids = mutants.map(\.id)
            sum = [[Double]](repeating: [Double](repeating: 0, count: width), count: mutants.count)
            for predictor in predictors {
                let predicted = try predictor.mutantPredictions(mutants, in: heldOut)
                guard let interface = predicted.siteInterface else {
                    throw ModelError.configuration("treesReadStructure: the network has no interface head; set interfaceLossWeight > 0")
                }
                for i in mutants.indices {
                    sum[i][0] += Double(interface[i])
                    if width > 1, let burial = predicted.siteBurial { sum[i][1] += Double(burial[i]) }
                }
            }
        case .dG:
            let complexes = heldOut.complexesWithExactDeltaG
            ids = complexes.map(\.id)
            sum = [[Double]](repeating: [Double](repeating: 0, count: width), count: complexes.count)
            for predictor in predictors {
                for (i, complex) in complexes.enumerated() {
                    guard let interface = try predictor.wildTypeStructure(complex).interface else {
                        throw ModelError.configuration("treesReadStructure: the network has no interface head; set interfaceLossWeight > 0")
                    }
                    let size = interface.map { $0.reduce(0) { $0 + Double($1) } }
                    let residues = interface.reduce(0) { $0 + $1.count }
                    let values = [size.reduce(0, +), size.min() ?? 0, size.max() ?? 0,
                                  residues > 0 ? size.reduce(0, +) / Double(residues) : 0]
                    for j in 0..<width { sum[i][j] += values[j] }
                }
            }
        }
        let n = Double(predictors.count)
        return Dictionary(uniqueKeysWithValues: zip(ids, sum.map { $0.map { $0 / n } }))
    }

    /// `rows`' tree descriptors (ΔΔG: forward and reverse) with each row's structure descriptors
    /// appended, shared by both directions; an error names a row without them.
    static func augmented(_ rows: [SampleSet.LabelledRow], with features: [String: [Double]], place: String) throws -> [[Double]] {
        try rows.map { row in
            guard let extra = features[row.id] else {
                throw ModelError.input("\(place): row \(row.id) has no structure descriptors; expected one set per labelled row")
            }
            return row.sample.treeFeatures + extra
        }
    }
}
