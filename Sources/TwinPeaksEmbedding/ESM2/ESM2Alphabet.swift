// The ESM-2 token alphabet (fair-esm `Alphabet.from_architecture("ESM-1b")`, the same as Hugging
// Face's vocab.txt for facebook/esm2_*): four special tokens, the 25 residue letters in ESM's
// order (most frequent first), '.', '-', one padding token to make 32, and <mask>. 33 tokens.

import TwinPeaksBio

public enum ESM2Alphabet {
    /// Every token, in index order.
    public static let tokens: [String] = ["<cls>", "<pad>", "<eos>", "<unk>",
                                          "L", "A", "G", "V", "S", "E", "R", "T", "I", "D", "P", "N",
                                          "K", "Q", "F", "Y", "M", "H", "W", "C", "X", "B", "U", "Z", "O",
                                          ".", "-", "<null_1>", "<mask>"]
    public static let classToken = 0
    public static let paddingToken = 1
    public static let endToken = 2
    public static let unknownToken = 3
    public static let maskToken = 32
    public static var size: Int { tokens.count }

    /// Token index of each one-letter residue code (upper case).
    private static let letterTokens: [Character: Int] = {
        var table: [Character: Int] = [:]
        for (index, token) in tokens.enumerated() where token.count == 1 { table[Character(token)] = index }
        return table
    }()

    /// The token of a residue letter (case-insensitive); nil for a character ESM has no token for.
    public static func token(for letter: Character) -> Int? {
        letterTokens[ResidueID.upperCased(letter)]
    }

    /// The token of one of TwinPeaks' residues (X is ESM's X, not <unk>).
    public static func token(for residue: AminoAcid) -> Int { letterTokens[residue.oneLetter]! }

    /// <cls> residues <eos>, as ESM's batch converter makes them. Throws naming `record` and
    /// the position of the first character without a token.
    public static func encode(_ sequence: String, record: String) throws -> [Int] {
        var result = [classToken]
        result.reserveCapacity(sequence.count + 2)
        for (offset, letter) in sequence.enumerated() {
            guard let token = token(for: letter) else {
                throw InputError(record, "character '\(letter)' at position \(offset + 1) is not in the ESM-2 alphabet "
                                 + "(expected one of \(tokens[4...30].joined()))")
            }
            result.append(token)
        }
        result.append(endToken)
        return result
    }
}
