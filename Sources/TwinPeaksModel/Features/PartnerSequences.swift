// The two partners of a complex as chain sequences: the input of the explicit descriptors.
// Built from the dataset's columns (`ABC` chain ids, sequences joined by `:`) or from chains directly.

import TwinPeaksBio

/// Two binding partners, each one or more chains. Chain ids may be unknown (PDBbind entries with
/// full-length UniProt sequences); mutations can only be placed on chains with ids.
public struct PartnerSequences: Sendable, Equatable {
    public struct Chain: Sendable, Equatable {
        public var id: Character?
        public var residues: [AminoAcid]

        public init(id: Character?, residues: [AminoAcid]) {
            self.id = id
            self.residues = residues
        }
    }

    public var partner1: [Chain]
    public var partner2: [Chain]

    /// Both partners need at least one non-empty chain; a chain id may appear only once in the complex.
    public init(partner1: [Chain], partner2: [Chain], record: String = "") throws {
        for (name, chains) in [("partner 1", partner1), ("partner 2", partner2)] {
            guard !chains.isEmpty, chains.allSatisfy({ !$0.residues.isEmpty }) else {
                throw InputError(record, "\(name) has no residues or an empty chain; expected one or more non-empty chains")
            }
        }
        let ids = (partner1 + partner2).compactMap(\.id)
        guard Set(ids).count == ids.count else {
            throw InputError(record, "chain ids \(String(ids)) repeat; expected each chain in one partner only")
        }
        self.partner1 = partner1
        self.partner2 = partner2
    }

    /// From the dataset's columns: chain ids such as `ABC` (or empty when unknown) and the chain
    /// sequences joined by `:` in the same order.
    public init(partner1Chains: String, partner1Sequence: String,
                partner2Chains: String, partner2Sequence: String, record: String = "") throws {
        func chains(_ ids: String, _ sequence: String, _ name: String) throws -> [Chain] {
            let parts = sequence.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            let idList = Array(ids)
            guard idList.isEmpty || idList.count == parts.count else {
                throw InputError(record, "\(name) names \(idList.count) chains (\(ids)) but its sequence has \(parts.count) parts; expected one ':'-separated sequence per chain")
            }
            return try parts.enumerated().map { offset, part in
                Chain(id: idList.isEmpty ? nil : idList[offset], residues: try residues(of: part, record: record))
            }
        }
        try self.init(partner1: try chains(partner1Chains, partner1Sequence, "partner 1"),
                      partner2: try chains(partner2Chains, partner2Sequence, "partner 2"), record: record)
    }

    /// From the dataset's partners (`Partner`: chain ids, possibly empty, and chain sequences).
    public init(_ partner1: Partner, _ partner2: Partner, record: String = "") throws {
        try self.init(partner1Chains: partner1.chainIDs, partner1Sequence: partner1.sequence,
                      partner2Chains: partner2.chainIDs, partner2Sequence: partner2.sequence, record: record)
    }

    /// The wild-type partners of a dataset complex.
    public init(_ complex: ComplexRecord) throws {
        try self.init(complex.partner1, complex.partner2, record: complex.complexID)
    }

    /// The partners as an array, so code can say `partners[side]`.
    public var partners: [[Chain]] { [partner1, partner2] }

    /// Which partner (0 or 1) holds the chain, and the chain; nil when no chain has that id.
    public func locate(chain id: Character) -> (partner: Int, chain: Chain)? {
        for (side, chains) in partners.enumerated() {
            if let chain = chains.first(where: { $0.id == id }) { return (side, chain) }
        }
        return nil
    }

    /// The same complex with the mutations applied (wild-type letters checked).
    public func applying(_ mutations: MutationSet, record: String = "") throws -> PartnerSequences {
        var byID: [Character: [AminoAcid]] = [:]
        for chain in partner1 + partner2 { if let id = chain.id { byID[id] = chain.residues } }
        let mutated: [Character: [AminoAcid]]
        do { mutated = try mutations.applied(to: byID) } catch let error as InputError { throw error.within(record) }
        func rebuild(_ chains: [Chain]) -> [Chain] {
            chains.map { Chain(id: $0.id, residues: $0.id.flatMap { mutated[$0] } ?? $0.residues) }
        }
        return try PartnerSequences(partner1: rebuild(partner1), partner2: rebuild(partner2), record: record)
    }

    /// Partner 1 and partner 2 exchanged (for symmetry checks).
    public var swapped: PartnerSequences {
        var copy = self
        swap(&copy.partner1, &copy.partner2)
        return copy
    }
}
