// The BLOSUM62 substitution matrix, transcribed in the published row order, with lookup by
// `AminoAcid`. Henikoff S, Henikoff JG. Amino acid substitution matrices from protein blocks.
// PNAS 89:10915–10919 (1992); the X row and column are those of NCBI's distributed BLOSUM62 file.

import TwinPeaksBio

/// BLOSUM62 log-odds scores in half-bit units. `score(a, b)` covers the 20 standard residues and X.
public enum Blosum62 {
    public static let citation = "Henikoff & Henikoff, PNAS 89:10915-10919 (1992)"

    /// The matrix as published (NCBI layout), rows and columns in the order of `publishedOrder`.
    static let publishedOrder = Array("ARNDCQEGHILKMFPSTWYVX")
    static let published: [[Int]] = [
        //A   R   N   D   C   Q   E   G   H   I   L   K   M   F   P   S   T   W   Y   V   X
        [ 4, -1, -2, -2,  0, -1, -1,  0, -2, -1, -1, -1, -1, -2, -1,  1,  0, -3, -2,  0,  0],  // A
        [-1,  5,  0, -2, -3,  1,  0, -2,  0, -3, -2,  2, -1, -3, -2, -1, -1, -3, -2, -3, -1],  // R
        [-2,  0,  6,  1, -3,  0,  0,  0,  1, -3, -3,  0, -2, -3, -2,  1,  0, -4, -2, -3, -1],  // N
        [-2, -2,  1,  6, -3,  0,  2, -1, -1, -3, -4, -1, -3, -3, -1,  0, -1, -4, -3, -3, -1],  // D
        [ 0, -3, -3, -3,  9, -3, -4, -3, -3, -1, -1, -3, -1, -2, -3, -1, -1, -2, -2, -1, -2],  // C
        [-1,  1,  0,  0, -3,  5,  2, -2,  0, -3, -2,  1,  0, -3, -1,  0, -1, -2, -1, -2, -1],  // Q
        [-1,  0,  0,  2, -4,  2,  5, -2,  0, -3, -3,  1, -2, -3, -1,  0, -1, -3, -2, -2, -1],  // E
        [ 0, -2,  0, -1, -3, -2, -2,  6, -2, -4, -4, -2, -3, -3, -2,  0, -2, -2, -3, -3, -1],  // G
        [-2,  0,  1, -1, -3,  0,  0, -2,  8, -3, -3, -1, -2, -1, -2, -1, -2, -2,  2, -3, -1],  // H
        [-1, -3, -3, -3, -1, -3, -3, -4, -3,  4,  2, -3,  1,  0, -3, -2, -1, -3, -1,  3, -1],  // I
        [-1, -2, -3, -4, -1, -2, -3, -4, -3,  2,  4, -2,  2,  0, -3, -2, -1, -2, -1,  1, -1],  // L
        [-1,  2,  0, -1, -3,  1,  1, -2, -1, -3, -2,  5, -1, -3, -1,  0, -1, -3, -2, -2, -1],  // K
        [-1, -1, -2, -3, -1,  0, -2, -3, -2,  1,  2, -1,  5,  0, -2, -1, -1, -1, -1,  1, -1],  // M
        [-2, -3, -3, -3, -2, -3, -3, -3, -1,  0,  0, -3,  0,  6, -4, -2, -2,  1,  3, -1, -1],  // F
        [-1, -2, -2, -1, -3, -1, -1, -2, -2, -3, -3, -1, -2, -4,  7, -1, -1, -4, -3, -2, -2],  // P
        [ 1, -1,  1,  0, -1,  0,  0,  0, -1, -2, -2,  0, -1, -2, -1,  4,  1, -3, -2, -2,  0],  // S
        [ 0, -1,  0, -1, -1, -1, -1, -2, -2, -1, -1, -1, -1, -2, -1,  1,  5, -2, -2,  0,  0],  // T
        [-3, -3, -4, -4, -2, -2, -3, -2, -2, -3, -2, -3, -1,  1, -4, -3, -2, 11,  2, -3, -2],  // W
        [-2, -2, -2, -3, -2, -1, -2, -3,  2, -1, -1, -2, -1,  3, -3, -2, -2,  2,  7, -1, -1],  // Y
        [ 0, -3, -3, -3, -1, -2, -2, -3, -3,  3,  1, -2,  1, -1, -2, -2,  0, -3, -1,  4, -1],  // V
        [ 0, -1, -1, -1, -2, -1, -1, -1, -1, -1, -1, -1, -1, -1, -2,  0,  0, -2, -1, -1, -1],  // X
    ]

    /// The matrix re-indexed by `AminoAcid.index` (21 × 21, X last).
    public static let matrix: [[Int]] = {
        let position = AminoAcid.allCases.map { residue in publishedOrder.firstIndex(of: residue.oneLetter)! }
        return AminoAcid.allCases.map { a in AminoAcid.allCases.map { b in published[position[a.index]][position[b.index]] } }
    }()

    /// The substitution score of `a` against `b` (symmetric).
    public static func score(_ a: AminoAcid, _ b: AminoAcid) -> Int { matrix[a.index][b.index] }

    /// The row of `residue` against the 20 standard residues, in `AminoAcid` order.
    public static func row(_ residue: AminoAcid) -> [Int] { Array(matrix[residue.index].prefix(20)) }
}
