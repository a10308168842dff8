// The model's view of a prepared dataset: partners as chain sequences, ΔG and ΔΔG as labels.
// Exact and approximate values train as numbers; `<`/`>` values as bounds; IC50 values, non-binders
// and unfolded mutants carry no label (they are not affinities of the same kind).

import TwinPeaksBio
import TwinPeaksTensor

extension AffinityLabel {
    /// The label of a qualified value, or nil when there is no number.
    init?(_ value: QualifiedValue?) {
        guard let value else { return nil }
        switch value.qualifier {
        case .exact, .approximate: self.init(Float(value.value), kind: .exact)
        case .lessThan: self.init(Float(value.value), kind: .atMost)
        case .greaterThan: self.init(Float(value.value), kind: .atLeast)
        }
    }
}

extension SampleSet {
    /// Every complex and mutant record of `dataset`.
    public init(dataset: Dataset) throws {
        let complexes = try dataset.complexes.map { record -> ComplexSample in
            let partners = try PartnerSequences(
                partner1Chains: record.partner1.chainIDs, partner1Sequence: record.partner1.sequence,
                partner2Chains: record.partner2.chainIDs, partner2Sequence: record.partner2.sequence,
                record: "\(Dataset.complexesFile): \(record.complexID)")
            // IC50 depends on the assay's concentrations: not a ΔG (flagged by prepare, skipped here).
            let label = record.affinityType.isEquilibriumConstant ? AffinityLabel(record.deltaG) : nil
            return ComplexSample(id: record.complexID, partners: partners, deltaG: label,
                                 interface: dataset.interfaces[record.complexID])
        }
        let mutants = dataset.mutations.map { record in
            MutantSample(id: record.recordID, complexID: record.complexID, mutations: record.mutations,
                         deltaDeltaG: AffinityLabel(record.deltaDeltaG))
        }
        try self.init(complexes: complexes, mutants: mutants)
    }
}
