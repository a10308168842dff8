// Residue names in structure files → amino acids: the 20 standard names, UNK → X, and modified
// residues mapped to their parent (MSE→M, SEP→S, TPO→T, PCA→Q, …); waters and nucleotides named.

public enum ResidueNames {
    /// The amino acid a residue name stands for: standard, `UNK` (→ X), or a known modified residue
    /// (→ its parent). Nil for anything else (ligands, waters, nucleotides, caps such as ACE/NH2).
    public static func aminoAcid(_ name: String) -> AminoAcid? {
        if let standard = AminoAcid(threeLetter: name) { return standard }
        if let parent = modifiedParents[name] { return AminoAcid(oneLetter: parent) }
        return nil
    }

    /// Whether the name is a modified residue with a parent (not one of the 20, not UNK).
    public static func isModified(_ name: String) -> Bool { modifiedParents[name] != nil }

    public static func isWater(_ name: String) -> Bool { waters.contains(name) }

    public static func isNucleotide(_ name: String) -> Bool { nucleotides.contains(name) }

    /// Modified amino acids and their parents (PDB Chemical Component Dictionary `mon_nstd_parent`).
    public static let modifiedParents: [String: Character] = [
        // seen in the SKEMPI 2.0 cleaned structures
        "MSE": "M", "CGU": "E", "SEP": "S", "TPO": "T", "PCA": "Q", "MLY": "K", "LLP": "K", "M3L": "K",
        "HIC": "H", "CMT": "C", "F2F": "F",
        // other common ones
        "PTR": "Y", "TYS": "Y", "HYP": "P", "CSO": "C", "CSD": "C", "CSS": "C", "CSX": "C", "CME": "C",
        "OCS": "C", "CAS": "C", "SMC": "C", "SNC": "C", "SEC": "C", "KCX": "K", "ALY": "K", "MLZ": "K",
        "MEN": "N", "NEP": "H", "FME": "M", "MHO": "M", "IAS": "D", "PHD": "D", "BMT": "T", "SAC": "S",
        "NLE": "L", "MVA": "V", "HTR": "W", "TRQ": "W", "ABA": "A", "AIB": "A",
        // D-amino acids
        "DAL": "A", "DAR": "R", "DSG": "N", "DAS": "D", "DCY": "C", "DGN": "Q", "DGL": "E", "DHI": "H",
        "DIL": "I", "DLE": "L", "DLY": "K", "MED": "M", "DPN": "F", "DPR": "P", "DSN": "S", "DTH": "T",
        "DTR": "W", "DTY": "Y", "DVA": "V",
    ]

    private static let waters: Set<String> = ["HOH", "WAT", "DOD", "H2O"]

    private static let nucleotides: Set<String> = ["A", "C", "G", "U", "T", "I", "N", "DA", "DC", "DG", "DT", "DU",
                                                   "DI", "DN"]
}
