// The 20 standard amino acids and the unknown residue X, with one- and three-letter codes.
// Residue indices (0...19 in alphabetical one-letter order, 20 = X) are what feature tables use.

public enum AminoAcid: Int, CaseIterable, Sendable, Comparable {
    case ala, cys, asp, glu, phe, gly, his, ile, lys, leu, met, asn, pro, gln, arg, ser, thr, val, trp, tyr
    case unknown

    /// The 20 standard residues, in the order of `rawValue` (A C D E F G H I K L M N P Q R S T V W Y).
    public static let standard: [AminoAcid] = Array(allCases.prefix(20))

    public static let oneLetterCodes: [Character] = Array("ACDEFGHIKLMNPQRSTVWYX")

    private static let threeLetterCodes = ["ALA", "CYS", "ASP", "GLU", "PHE", "GLY", "HIS", "ILE", "LYS", "LEU",
                                           "MET", "ASN", "PRO", "GLN", "ARG", "SER", "THR", "VAL", "TRP", "TYR", "UNK"]

    /// Index 0...20 into feature tables.
    public var index: Int { rawValue }
    public var oneLetter: Character { Self.oneLetterCodes[rawValue] }
    public var threeLetter: String { Self.threeLetterCodes[rawValue] }
    public var isStandard: Bool { self != .unknown }

    /// From a one-letter code, case-insensitive; `X` is the unknown residue; anything else is nil.
    public init?(oneLetter: Character) {
        guard let ascii = oneLetter.asciiValue else { return nil }
        let upper = ascii >= 97 && ascii <= 122 ? ascii - 32 : ascii
        guard let index = Self.letterIndex[Int(upper)] else { return nil }
        self = AminoAcid(rawValue: index)!
    }

    /// From a standard three-letter residue name (upper case, as in PDB files); nil otherwise.
    public init?(threeLetter: String) {
        guard let index = Self.threeLetterCodes.firstIndex(of: threeLetter) else { return nil }
        self = AminoAcid(rawValue: index)!
    }

    private static let letterIndex: [Int: Int] = {
        var table: [Int: Int] = [:]
        for (i, c) in oneLetterCodes.enumerated() { table[Int(c.asciiValue!)] = i }
        return table
    }()

    public static func < (a: AminoAcid, b: AminoAcid) -> Bool { a.rawValue < b.rawValue }
}

/// Checks that a sequence holds only amino-acid letters (upper case; `X` allowed) and returns the residues.
/// The error names `record` and the first offending position.
public func residues(of sequence: String, record: String) throws -> [AminoAcid] {
    var result: [AminoAcid] = []
    result.reserveCapacity(sequence.utf8.count)
    for (offset, character) in sequence.enumerated() {
        guard let residue = AminoAcid(oneLetter: character) else {
            throw InputError(record, "unknown residue '\(character)' at position \(offset + 1); expected one of ACDEFGHIKLMNPQRSTVWYX")
        }
        result.append(residue)
    }
    return result
}
