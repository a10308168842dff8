// Published per-residue property scales, transcribed from the original publications: hydropathy,
// volume, charge, VHSE (8 scales) and Z-scales (5). Shared by the descriptor provider and by the
// model's whole-partner and substitution descriptors. Values are in `AminoAcid` order.

import TwinPeaksBio

/// The residue property tables. Every array is in `AminoAcid` order: A C D E F G H I K L M N P Q R S T V W Y.
public enum ResidueScales {
    /// Kyte–Doolittle hydropathy index (positive = hydrophobic).
    /// Kyte J, Doolittle RF. A simple method for displaying the hydropathic character of a protein.
    /// J Mol Biol 157:105–132 (1982), Table 2.
    public static let kyteDoolittle = ResidueScale(
        name: "kyte_doolittle",
        citation: "Kyte & Doolittle, J Mol Biol 157:105-132 (1982)",
        values: [1.8, 2.5, -3.5, -3.5, 2.8, -0.4, -3.2, 4.5, -3.9, 3.8,
                 // A   C     D     E     F     G     H     I     K     L
                 1.9, -3.5, -1.6, -3.5, -4.5, -0.8, -0.7, 4.2, -0.9, -1.3])
                 // M   N     P     Q     R     S     T     V    W     Y

    /// Residue volume in solution, Å³ (partial volume of the residue in a peptide chain).
    /// Zamyatnin AA. Protein volume in solution. Prog Biophys Mol Biol 24:107–123 (1972).
    public static let volume = ResidueScale(
        name: "volume",
        citation: "Zamyatnin, Prog Biophys Mol Biol 24:107-123 (1972)",
        values: [88.6, 108.5, 111.1, 138.4, 189.9, 60.1, 153.2, 166.7, 168.6, 166.7,
                 // A    C      D      E      F      G     H      I      K      L
                 162.9, 114.1, 112.7, 143.8, 173.4, 89.0, 116.1, 140.0, 227.8, 193.6])
                 // M     N      P      Q      R      S     T      V      W      Y

    /// Formal side-chain charge at pH 7: Asp, Glu −1 (pKa ≈ 3.9, 4.1); Lys, Arg +1 (pKa ≈ 10.5,
    /// 12.5); His 0 (pKa ≈ 6.0, so about 9% protonated at pH 7; counted neutral). A definition,
    /// not a fitted scale; the pKa values are the textbook ones (e.g. Lehninger, Principles of Biochemistry).
    public static let charge = ResidueScale(
        name: "charge",
        citation: "formal side-chain charge at pH 7 (His neutral)",
        values: [0, 0, -1, -1, 0, 0, 0, 0, 1, 0,
                 // A C  D   E  F  G  H  I  K  L
                 0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
                 // M N P Q R S T V W Y

    /// VHSE1–VHSE8: principal components of 18 hydrophobic (1–2), steric (3–4) and electronic
    /// (5–8) properties. Mei H, Liao ZH, Zhou Y, Li SZ. A new set of amino acid descriptors and its
    /// application in peptide QSARs. Biopolymers (Peptide Science) 80:775–786 (2005), Table I.
    public static let vhse: [ResidueScale] = columns(
        prefix: "vhse", citation: "Mei et al., Biopolymers 80:775-786 (2005)",
        rows: [
            [0.15, -1.11, -1.35, -0.92, 0.02, -0.91, 0.36, -0.48],    // A
            [0.18, -1.67, -0.46, -0.21, 0.00, 1.20, -1.61, -0.19],    // C
            [-1.15, 0.67, -0.41, -0.01, -2.68, 1.31, 0.03, 0.56],    // D
            [-1.18, 0.40, 0.10, 0.36, -2.16, -0.17, 0.91, 0.02],     // E
            [1.52, 0.61, 0.96, -0.16, 0.25, 0.28, -1.33, -0.20],     // F
            [-0.20, -1.53, -2.63, 2.28, -0.53, -1.18, 2.01, -1.34],  // G
            [-0.43, -0.25, 0.37, 0.19, 0.51, 1.28, 0.93, 0.65],      // H
            [1.27, -0.14, 0.30, -1.80, 0.30, -1.61, -0.16, -0.13],   // I
            [-1.17, 0.70, 0.70, 0.80, 1.64, 0.67, 1.63, 0.13],       // K
            [1.36, 0.07, 0.26, -0.80, 0.22, -1.37, 0.08, -0.62],     // L
            [1.01, -0.53, 0.43, 0.00, 0.23, 0.10, -0.86, -0.68],     // M
            [-0.99, 0.00, -0.37, 0.69, -0.55, 0.85, 0.73, -0.80],    // N
            [0.22, -0.17, -0.50, 0.05, -0.01, -1.34, -0.19, 3.56],   // P
            [-0.96, 0.12, 0.18, 0.16, 0.09, 0.42, -0.20, -0.41],     // Q
            [-1.47, 1.45, 1.24, 1.27, 1.55, 1.47, 1.30, 0.83],       // R
            [-0.67, -0.86, -1.07, -0.41, -0.32, 0.27, -0.64, 0.11],  // S
            [-0.34, -0.51, -0.55, -1.06, -0.06, -0.01, -0.79, 0.39], // T
            [0.76, -0.92, -0.17, -1.91, 0.22, -1.40, -0.24, -0.03],  // V
            [1.50, 2.06, 1.79, 0.75, 0.75, -0.13, -1.01, -0.85],     // W
            [0.61, 1.60, 1.17, 0.73, 0.53, 0.25, -0.96, -0.52],      // Y
        ])

    /// Z-scales z1–z5 (the extended five-scale set: z1 lipophilicity, z2 bulk, z3 electronic,
    /// z4–z5 further electronic/steric terms), coded amino acids. Sandberg M, Eriksson L, Jonsson J,
    /// Sjöström M, Wold S. New chemical descriptors relevant for the design of biologically active
    /// peptides. A multivariate characterization of 87 amino acids. J Med Chem 41:2481–2491 (1998).
    public static let zScales: [ResidueScale] = columns(
        prefix: "z", citation: "Sandberg et al., J Med Chem 41:2481-2491 (1998)",
        rows: [
            [0.24, -2.32, 0.60, -0.14, 1.30],    // A
            [0.84, -1.67, 3.71, 0.18, -2.65],    // C
            [3.98, 0.93, 1.93, -2.46, 0.75],     // D
            [3.11, 0.26, -0.11, -3.04, -0.25],   // E
            [-4.22, 1.94, 1.06, 0.54, -0.62],    // F
            [2.05, -4.06, 0.36, -0.82, -0.38],   // G
            [2.47, 1.95, 0.26, 3.90, 0.09],      // H
            [-3.89, -1.73, -1.71, -0.84, 0.26],  // I
            [2.29, 0.89, -2.49, 1.49, 0.31],     // K
            [-4.28, -1.30, -1.49, -0.72, 0.84],  // L
            [-2.85, -0.22, 0.47, 1.94, -0.98],   // M
            [3.05, 1.62, 1.04, -1.15, 1.61],     // N
            [-1.66, 0.27, 1.84, 0.70, 2.00],     // P
            [1.75, 0.50, -1.44, -1.34, 0.66],    // Q
            [3.52, 2.50, -3.50, 1.99, -0.17],    // R
            [2.39, -1.07, 1.15, -1.39, 0.67],    // S
            [0.75, -2.18, -1.12, -1.46, -0.40],  // T
            [-2.59, -2.64, -1.54, -0.85, -0.02], // V
            [-4.36, 3.94, 0.59, 3.44, -1.59],    // W
            [-2.54, 2.44, 0.43, 0.04, -1.47],    // Y
        ])

    /// Splits a per-residue table (one row per residue, one column per scale) into scales.
    private static func columns(prefix: String, citation: String, rows: [[Double]]) -> [ResidueScale] {
        (0..<rows[0].count).map { column in
            ResidueScale(name: "\(prefix)\(column + 1)", citation: citation, values: rows.map { $0[column] })
        }
    }
}
