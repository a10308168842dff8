// TEMPORARY residue scales for the descriptors: BLOSUM62, Kyte–Doolittle, Zamyatnin volume, charge.
// TODO: switch to TwinPeaksEmbedding's public `ResidueScales`/`Blosum62` when branch `embed` lands on main,
// then delete this file: no duplicate tables may remain.

import TwinPeaksBio

/// The residue scales the explicit descriptors read, indexed by `AminoAcid.index` (0...19; X is 20).
/// Values as in the calibration scripts (`calibration/scripts/common.py`).
enum ResidueScaleTables {
    /// BLOSUM62 (Henikoff & Henikoff 1992), rows and columns in the order of the header line.
    private static let blosum62Text = """
       A  R  N  D  C  Q  E  G  H  I  L  K  M  F  P  S  T  W  Y  V
    A  4 -1 -2 -2  0 -1 -1  0 -2 -1 -1 -1 -1 -2 -1  1  0 -3 -2  0
    R -1  5  0 -2 -3  1  0 -2  0 -3 -2  2 -1 -3 -2 -1 -1 -3 -2 -3
    N -2  0  6  1 -3  0  0  0  1 -3 -3  0 -2 -3 -2  1  0 -4 -2 -3
    D -2 -2  1  6 -3  0  2 -1 -1 -3 -4 -1 -3 -3 -1  0 -1 -4 -3 -3
    C  0 -3 -3 -3  9 -3 -4 -3 -3 -1 -1 -3 -1 -2 -3 -1 -1 -2 -2 -1
    Q -1  1  0  0 -3  5  2 -2  0 -3 -2  1  0 -3 -1  0 -1 -2 -1 -2
    E -1  0  0  2 -4  2  5 -2  0 -3 -3  1 -2 -3 -1  0 -1 -3 -2 -2
    G  0 -2  0 -1 -3 -2 -2  6 -2 -4 -4 -2 -3 -3 -2  0 -2 -2 -3 -3
    H -2  0  1 -1 -3  0  0 -2  8 -3 -3 -1 -2 -1 -2 -1 -2 -2  2 -3
    I -1 -3 -3 -3 -1 -3 -3 -4 -3  4  2 -3  1  0 -3 -2 -1 -3 -1  3
    L -1 -2 -3 -4 -1 -2 -3 -4 -3  2  4 -2  2  0 -3 -2 -1 -2 -1  1
    K -1  2  0 -1 -3  1  1 -2 -1 -3 -2  5 -1 -3 -1  0 -1 -3 -2 -2
    M -1 -1 -2 -3 -1  0 -2 -3 -2  1  2 -1  5  0 -2 -1 -1 -1 -1  1
    F -2 -3 -3 -3 -2 -3 -3 -3 -1  0  0 -3  0  6 -4 -2 -2  1  3 -1
    P -1 -2 -2 -1 -3 -1 -1 -2 -2 -3 -3 -1 -2 -4  7 -1 -1 -4 -3 -2
    S  1 -1  1  0 -1  0  0  0 -1 -2 -2  0 -1 -2 -1  4  1 -3 -2 -2
    T  0 -1  0 -1 -1 -1 -1 -2 -2 -1 -1 -1 -1 -2 -1  1  5 -2 -2  0
    W -3 -3 -4 -4 -2 -2 -3 -2 -2 -3 -2 -3 -1  1 -4 -3 -2 11  2 -3
    Y -2 -2 -2 -3 -2 -1 -2 -3  2 -1 -1 -2 -1  3 -3 -2 -2  2  7 -1
    V  0 -3 -3 -3 -1 -2 -2 -3 -3  3  1 -2  1 -1 -2 -2  0 -3 -1  4
    """

    /// 20 × 20, indexed [wild type.index][mutant.index].
    static let blosum62: [[Double]] = {
        let lines = blosum62Text.split(separator: "\n")
        let header = lines[0].split(separator: " ").map { AminoAcid(oneLetter: $0.first!)! }
        var table = [[Double]](repeating: [Double](repeating: 0, count: 20), count: 20)
        for line in lines.dropFirst() {
            let fields = line.split(separator: " ")
            let row = AminoAcid(oneLetter: fields[0].first!)!
            for (column, value) in zip(header, fields.dropFirst()) { table[row.index][column.index] = Double(value)! }
        }
        return table
    }()

    /// Kyte & Doolittle 1982 hydropathy, in `AminoAcid` order (A C D E F G H I K L M N P Q R S T V W Y), X = 0.
    static let kyteDoolittle: [Double] = [1.8, 2.5, -3.5, -3.5, 2.8, -0.4, -3.2, 4.5, -3.9, 3.8,
                                          1.9, -3.5, -1.6, -3.5, -4.5, -0.8, -0.7, 4.2, -0.9, -1.3, 0]

    /// Zamyatnin 1972 residue volumes in Å³, `AminoAcid` order; X = 0 (never used for X).
    static let volumeCubicAngstrom: [Double] = [88.6, 108.5, 111.1, 138.4, 189.9, 60.1, 153.2, 166.7, 168.6, 166.7,
                                                162.9, 114.1, 112.7, 143.8, 173.4, 89.0, 116.1, 140.0, 227.8, 193.6, 0]

    /// Side-chain charge at neutral pH: D/E −1, K/R +1, H +0.1, others 0; `AminoAcid` order.
    static let charge: [Double] = [0, 0, -1, -1, 0, 0, 0.1, 0, 1, 0,
                                   0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
}
