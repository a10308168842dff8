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
        for side in 0..<2 {
            let record = records[side]
            guard record.chains.count <= Self.maximumChains else {
                throw InputError("pair \(id)", "partner \(side + 1) has \(record.chains.count) ':'-separated chains; expected at most \(Self.maximumChains)")
            }
            if let ids = declared[side] {
                if let bad = ids.first(where: { !($0.isLetter && $0.isASCII) }) {
                    throw InputError("pair \(id)", "partner \(side + 1) declares chains=\(String(ids)): '\(bad)' is not a chain id; expected one letter (A–Z, a–z) per chain")
                }
                guard ids.count == record.chains.count else {
                    throw InputError("pair \(id)", "partner \(side + 1) declares chains=\(String(ids)) (\(ids.count)) but has \(record.chains.count) ':'-separated chain(s); expected one letter per chain")
                }
                chains[side] = try zip(ids, record.chains).map { .init(id: $0, residues: try residues(of: $1, record: "pair \(id)")) }
            } else {
                chains[side] = try record.chains.enumerated().map { i, sequence in
                    .init(id: record.chains.count == 1 ? (side == 0 ? "A" : "B") : Self.internalChainID(side: side, index: i),
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

    /// The most chains one partner may have (the largest complexes in the PDB have a few hundred).
    public static let maximumChains = 1000

    /// The id of chain `index` of an undeclared multi-chain partner: a private-use character, which
    /// no user writes and no other chain has, so ids never collide whatever the chain count.
    static func internalChainID(side: Int, index: Int) -> Character {
        // 0xE000 + 2 × 1000 stays inside the Private Use Area (U+E000 … U+F8FF): never nil.
        Character(UnicodeScalar(UInt32(0xE000 + side * maximumChains + index))!)
    }

    /// A (partner 1) and B (partner 2) of an undeclared multi-chain partner: the joined position → chain.
    /// The wild-type letter is checked here, so no error shows the internal chain ids.
    static func resolve(_ m: PointMutation, partners: [[PartnerSequences.Chain]], declared: [[Character]?], pair: String) throws -> PointMutation {
        // KA25K changes nothing: its ΔΔG is 0 by definition, and a model would print its noise instead.
        guard m.wildType != m.mutant else {
            throw InputError("pair \(pair)", "mutation \(m): the mutant residue is the wild type (a no-op); expected a substitution")
        }
        for side in 0..<2 where declared[side] == nil && partners[side].count > 1 && m.chain == (side == 0 ? "A" : "B") {
            var position = m.residueNumber
            for chain in partners[side] {
                if position >= 1 && position <= chain.residues.count, let chainID = chain.id {
                    let found = chain.residues[position - 1]
                    guard found == m.wildType else {
                        throw InputError("pair \(pair)", "mutation \(m): wild type \(m.wildType.oneLetter), but partner \(side + 1) has \(found.oneLetter) at \(m.residueNumber)")
                    }
                    return PointMutation(wildType: m.wildType, chain: chainID, residueNumber: position, mutant: m.mutant)
                }
                position -= chain.residues.count
            }
            let total = partners[side].reduce(0) { $0 + $1.residues.count }
            throw InputError("pair \(pair)", "mutation \(m): position \(m.residueNumber) is past the end of partner \(side + 1) (\(total) residues)")
        }
        return m
    }
}
