// What training and evaluation read: complexes with an optional ΔG label, and mutant records with
// an optional ΔΔG label, both in sequence coordinates. Built from the prepared dataset.

import TwinPeaksBio
import TwinPeaksTensor

/// A measured value and what it says (exact, a bound, or absent), in kcal/mol.
public struct AffinityLabel: Sendable, Equatable {
    public var valueKcalPerMol: Float
    public var kind: LabelKind
    public init(_ value: Float, kind: LabelKind = .exact) {
        self.valueKcalPerMol = value
        self.kind = kind
    }
}

public struct ComplexSample: Sendable {
    public var id: String
    public var partners: PartnerSequences
    public var deltaG: AffinityLabel?
    /// Structure labels (training and evaluation only): per-residue distance to the other partner.
    public var interface: ComplexInterface?
    public init(id: String, partners: PartnerSequences, deltaG: AffinityLabel?, interface: ComplexInterface? = nil) {
        self.id = id
        self.partners = partners
        self.deltaG = deltaG
        self.interface = interface
    }
}

public struct MutantSample: Sendable {
    public var id: String
    public var complexID: String
    /// Sequence coordinates: chain id and 1-based position within that chain.
    public var mutations: MutationSet
    public var deltaDeltaG: AffinityLabel?
    /// The ESM-2 masked-marginal score in nats (`SampleSet.withMaskedMarginals`); nil without one.
    public var maskedMarginalNats: Double? = nil
    public init(id: String, complexID: String, mutations: MutationSet, deltaDeltaG: AffinityLabel?) {
        self.id = id
        self.complexID = complexID
        self.mutations = mutations
        self.deltaDeltaG = deltaDeltaG
    }
}

/// Complexes by id and mutant records, the unit every split selects from.
public struct SampleSet: Sendable {
    public var complexes: [String: ComplexSample]
    public var mutants: [MutantSample]

    public init(complexes: [ComplexSample], mutants: [MutantSample]) throws {
        var byID: [String: ComplexSample] = [:]
        for complex in complexes {
            guard byID[complex.id] == nil else { throw ModelError.input("samples: complex \(complex.id) appears twice") }
            byID[complex.id] = complex
        }
        for mutant in mutants where byID[mutant.complexID] == nil {
            throw ModelError.input("samples: mutant record \(mutant.id) names complex \(mutant.complexID), which is not in the set")
        }
        self.complexes = byID
        self.mutants = mutants
    }

    /// The complexes and mutant records of the given complexes only.
    public func restricted(to ids: Set<String>) -> SampleSet {
        // Cannot fail: a subset of a valid set has no repeated complex and no mutant without its complex.
        try! SampleSet(complexes: complexes.values.filter { ids.contains($0.id) }.sorted { $0.id < $1.id },
                       mutants: mutants.filter { ids.contains($0.complexID) })
    }

    /// Complex ids in a stable order.
    public var complexIDs: [String] { complexes.keys.sorted() }
    /// The complexes whose ΔG is an exact measurement (not censored), in `complexIDs` order: the rows
    /// ΔG is fitted and scored on.
    public var complexesWithExactDeltaG: [ComplexSample] {
        complexIDs.compactMap { complexes[$0] }.filter { $0.deltaG?.kind == .exact }
    }
}
