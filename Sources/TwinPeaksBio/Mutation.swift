// Point mutations in `KA15A` notation (wild type, chain, residue number, optional insertion code,
// mutant) and comma-joined mutation sets, with application to chain sequences.

/// One substitution. `residueNumber` is a PDB residue number (with `insertionCode`) for structure
/// coordinates, or a 1-based position (no insertion code) for sequence coordinates.
public struct PointMutation: Hashable, Sendable, CustomStringConvertible {
    public var wildType: AminoAcid
    public var chain: Character
    public var residueNumber: Int
    /// Upper-cased insertion code, or nil. SKEMPI writes codes in lower case, PDB files in upper case.
    public var insertionCode: Character?
    public var mutant: AminoAcid

    public init(wildType: AminoAcid, chain: Character, residueNumber: Int, insertionCode: Character? = nil, mutant: AminoAcid) {
        self.wildType = wildType
        self.chain = chain
        self.residueNumber = residueNumber
        self.insertionCode = insertionCode.map(ResidueID.upperCased)
        self.mutant = mutant
    }

    /// Parses `KA15A`, `RD100bA`, `GA-3A`. The residue letters must be standard amino acids.
    public init(parsing text: String) throws {
        let characters = Array(text.trimmingCharactersInWhitespace())
        func fail(_ expected: String) -> InputError {
            InputError("", "malformed mutation '\(text)': \(expected); expected e.g. KA15A or RD100bA")
        }
        guard characters.count >= 4 else { throw fail("too short") }
        guard let wildType = AminoAcid(oneLetter: characters[0]), wildType.isStandard,
              characters[0].isUppercase else { throw fail("'\(characters[0])' is not a wild-type residue") }
        guard let mutant = AminoAcid(oneLetter: characters[characters.count - 1]), mutant.isStandard,
              characters[characters.count - 1].isUppercase else {
            throw fail("'\(characters[characters.count - 1])' is not a mutant residue")
        }
        let chain = characters[1]
        // Chain ids are letters: a digit here would make `K15A` ambiguous (chain 1, residue 5?).
        guard chain.isLetter, chain.isASCII else { throw fail("'\(chain)' is not a chain id (a letter)") }
        var body = Array(characters[2..<(characters.count - 1)])
        var insertionCode: Character? = nil
        if let last = body.last, last.isLetter {
            insertionCode = last
            body.removeLast()
        }
        guard let number = Int(String(body)) else { throw fail("'\(String(body))' is not a residue number") }
        self.init(wildType: wildType, chain: chain, residueNumber: number, insertionCode: insertionCode, mutant: mutant)
    }

    public var description: String {
        "\(wildType.oneLetter)\(chain)\(residueNumber)\(insertionCode.map { String($0) } ?? "")\(mutant.oneLetter)"
    }

    /// The same substitution read backwards (mutant → wild type).
    public var reversed: PointMutation {
        PointMutation(wildType: mutant, chain: chain, residueNumber: residueNumber, insertionCode: insertionCode, mutant: wildType)
    }
}

/// Several point mutations applied together, in the order written.
public struct MutationSet: Hashable, Sendable, CustomStringConvertible {
    public var mutations: [PointMutation]

    public init(_ mutations: [PointMutation]) { self.mutations = mutations }

    /// Parses comma-joined mutations (`KA15A,RD100bA`). Empty text or a repeated site is an error.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
        guard !text.trimmingCharactersInWhitespace().isEmpty else {
            throw InputError("", "empty mutation list; expected e.g. KA15A or KA15A,RD100bA")
        }
        var mutations: [PointMutation] = []
        for part in parts { mutations.append(try PointMutation(parsing: part)) }
        var sites = Set<String>()
        for m in mutations {
            let site = "\(m.chain)\(m.residueNumber)\(m.insertionCode.map { String($0) } ?? "")"
            guard sites.insert(site).inserted else {
                throw InputError("", "mutation list '\(text)' changes site \(site) twice")
            }
        }
        self.mutations = mutations
    }

    public var description: String { mutations.map(\.description).joined(separator: ",") }
    public var count: Int { mutations.count }

    /// Applies the set in sequence coordinates (1-based positions within each chain) to chain
    /// sequences keyed by chain id. Every wild-type letter is checked; the error names the mutation.
    public func applied(to chains: [Character: [AminoAcid]]) throws -> [Character: [AminoAcid]] {
        var result = chains
        for m in mutations {
            guard m.insertionCode == nil else {
                throw InputError("", "mutation \(m): an insertion code has no meaning in sequence coordinates")
            }
            guard let sequence = result[m.chain] else {
                let known = chains.keys.sorted().map { String($0) }.joined()
                throw InputError("", "mutation \(m): no chain \(m.chain); the chains are \(known)")
            }
            guard m.residueNumber >= 1, m.residueNumber <= sequence.count else {
                throw InputError("", "mutation \(m): position \(m.residueNumber) is outside chain \(m.chain) of length \(sequence.count)")
            }
            let found = sequence[m.residueNumber - 1]
            guard found == m.wildType else {
                throw InputError("", "mutation \(m): wild type \(m.wildType.oneLetter), but the sequence has \(found.oneLetter) at \(m.residueNumber)")
            }
            result[m.chain]![m.residueNumber - 1] = m.mutant
        }
        return result
    }
}

extension StringProtocol {
    /// Leading and trailing spaces, tabs and line ends removed (no Foundation needed).
    func trimmingCharactersInWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
