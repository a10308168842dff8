// The residue scales the explicit descriptors read, taken from TwinPeaksEmbedding's published tables
// (`ResidueScales`, `Blosum62`), with the two conventions of the calibration features stated here.

import TwinPeaksBio
import TwinPeaksEmbedding

/// Lookups by residue for the descriptors. Two conventions differ from the plain tables:
/// the unknown residue X has hydropathy 0 (it enters neighbourhood means), and histidine carries a
/// charge of +0.1 (about 9% protonated at pH 7; calibration §1.2), where `ResidueScales.charge` counts it 0.
enum DescriptorScales {
    static let histidineCharge = 0.1

    static func kyteDoolittle(_ residue: AminoAcid) -> Double { ResidueScales.kyteDoolittle[residue] ?? 0 }

    /// Å³ (Zamyatnin 1972); 0 for X, which never enters a volume difference (mutations name standard residues).
    static func volumeCubicAngstrom(_ residue: AminoAcid) -> Double { ResidueScales.volume[residue] ?? 0 }

    /// D/E −1, K/R +1, H +0.1, others and X 0.
    static func charge(_ residue: AminoAcid) -> Double {
        residue == .his ? histidineCharge : (ResidueScales.charge[residue] ?? 0)
    }

    static func blosum62(_ a: AminoAcid, _ b: AminoAcid) -> Double { Double(Blosum62.score(a, b)) }
}
