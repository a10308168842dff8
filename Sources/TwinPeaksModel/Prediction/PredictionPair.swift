// One pair of partners to predict for, built from FASTA records: chains named by a `chains=…`
// token in the header, or A (partner 1) and B (partner 2) by default, with the mutation sets to score.

import TwinPeaksBio

public struct PredictionPair: Sendable {
    public var id: String
    public var partners: PartnerSequences
    /// Mutation sets in the model's chain naming (1-based positions within each chain).
    public var mutationSets: [MutationSet]
    /// The mutation sets as the user wrote them, for the output table.
    public var mutationTexts: [String]

    /// The chain ids a header declares (`>antibody chains=HL`), or nil.
    static func declaredChains(_ header: String) -> [Character]? {
        for token in header.split(separator: " ") where token.hasPrefix("chains=") {
            return Array(token.dropFirst(7))
        }
        return nil
    }

    /// Builds a pair from the two partners' FASTA records. Undeclared partners are one letter for the
    /// whole partner (A, B): a position then counts residues across its chains in order.
    public init(id: String, partner1: FASTARecord, partner2: FASTARecord, mutations: [String]) throws {
        self.id = id
        let declared = [Self.declaredChains(partner1.header), Self.declaredChains(partner2.header)]
        let records = [partner1, partner2]
        var chains: [[PartnerSequences.Chain]] = [[], []]
        // Undeclared multi-chain partners get internal ids (lower case, never written by users).
        let internalBase: [UInt8] = [UInt8(ascii: "a"), UInt8(ascii: "n")]
        for side in 0..<2 {
            let record = records[side]
            if let ids = declared[side] {
                guard ids.count == record.chains.count, ids.allSatisfy({ $0.isLetter && $0.isASCII }) else {
                    throw InputError("pair \(id)", "partner \(side + 1) declares chains=\(String(ids)) but has \(record.chains.count) ':'-separated chain(s); expected one letter per chain")
                }
                chains[side] = try zip(ids, record.chains).map { .init(id: $0, residues: try residues(of: $1, record: "pair \(id)")) }
            } else {
                chains[side] = try record.chains.enumerated().map { i, sequence in
                    .init(id: record.chains.count == 1 ? (side == 0 ? "A" : "B") : Character(UnicodeScalar(internalBase[side] + UInt8(i))),
                          residues: try residues(of: sequence, record: "pair \(id)"))
                }
            }
        }
        partners = try PartnerSequences(partner1: chains[0], partner2: chains[1], record: "pair \(id)")
        mutationTexts = mutations
        mutationSets = try mutations.map { text in
            let set: MutationSet
            do { set = try MutationSet(parsing: text) } catch let error as InputError { throw error.within("pair \(id)") }
            return try MutationSet(set.mutations.map { try Self.resolve($0, partners: chains, declared: declared, pair: id) })
        }
        for (text, set) in zip(mutations, mutationSets) {
            do { _ = try partners.applying(set) } catch let error as InputError {
                throw InputError("pair \(id): mutation set \(text)", error.problem)
            }
        }
    }

    /// A (partner 1) and B (partner 2) of an undeclared multi-chain partner: the joined position → chain.
    static func resolve(_ m: PointMutation, partners: [[PartnerSequences.Chain]], declared: [[Character]?], pair: String) throws -> PointMutation {
        for side in 0..<2 where declared[side] == nil && partners[side].count > 1 && m.chain == (side == 0 ? "A" : "B") {
            var position = m.residueNumber
            for chain in partners[side] {
                if position >= 1 && position <= chain.residues.count {
                    return PointMutation(wildType: m.wildType, chain: chain.id!, residueNumber: position, mutant: m.mutant)
                }
                position -= chain.residues.count
            }
            let total = partners[side].reduce(0) { $0 + $1.residues.count }
            throw InputError("pair \(pair)", "mutation \(m): position \(m.residueNumber) is past the end of partner \(side + 1) (\(total) residues)")
        }
        return m
    }
}
