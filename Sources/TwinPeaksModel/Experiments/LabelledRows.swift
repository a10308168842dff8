// The rows a task is scored and stacked on: exact labels only (censored values are bounds, not
// numbers to correlate), each with the explicit descriptors the baselines and the trees read
// (ΔΔG: with the ESM-2 masked-marginal score as one more column when the samples carry it).

extension SampleSet {
    /// One scored row: its record id (mutant id for ΔΔG, complex id for ΔG) and what the baselines see.
    public struct LabelledRow: Sendable {
        public var id: String
        public var sample: BaselineSample
    }

    /// The exact-labelled rows of `task`, mutants in sample order or complexes in id order.
    public func labelledRows(_ task: MetricsReport.Task) throws -> [LabelledRow] {
        switch task {
        case .ddG:
            return try mutants.compactMap { m in
                guard let label = m.deltaDeltaG, label.kind == .exact else { return nil }
                let partners = complexes[m.complexID]!.partners
                let features = try SubstitutionDescriptors.features(of: m, on: partners)
                var sample = BaselineSample(complexID: m.complexID, features: features,
                                            targetKcalPerMol: Double(label.valueKcalPerMol), mutations: m.mutations)
                sample.reverseFeatures = try SubstitutionDescriptors.features(of: m, on: partners, direction: .reverse)
                sample.maskedMarginalNats = m.maskedMarginalNats
                return LabelledRow(id: m.id, sample: sample)
            }
        case .dG:
            return complexIDs.compactMap { id in
                let c = complexes[id]!
                guard let label = c.deltaG, label.kind == .exact else { return nil }
                return LabelledRow(id: id, sample: BaselineSample(complexID: id, features: PartnerDescriptors.features(of: c.partners),
                                                                  targetKcalPerMol: Double(label.valueKcalPerMol)))
            }
        }
    }
}
