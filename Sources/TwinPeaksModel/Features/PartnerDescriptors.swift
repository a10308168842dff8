// Explicit ΔG descriptors of a complex (calibration §2.4, `dg.py`: 67 features), symmetric in the
// partners: sums, |differences|, products, min/max, and properties of the shorter partner.

import Foundation
import TwinPeaksBio

/// Whole-partner descriptors for the ΔG wide path and the ΔG ridge baseline. Listing the partners
/// the other way round gives the same vector (equal-length partners average their "shorter" values).
public enum PartnerDescriptors {
    private static let letters = AminoAcid.standard.map { String($0.oneLetter) }
    /// Per-partner averages that enter as sum and |difference|.
    private static let averagedProperties = ["kd", "vol", "qfrac", "charged", "arom", "polar", "cys", "glypro"]

    /// All 67 names, in the order of the feature vector.
    public static let featureNames: [String] =
        ["logL_min", "logL_max", "logL_sum", "nch_min", "nch_max"]
        + averagedProperties.flatMap { ["\($0)_sum", "\($0)_absdiff"] }
        + ["q_prod", "qfrac_prod", "kd_prod", "kd_small", "qfrac_small", "arom_small"]
        + letters.map { "comp_sum_\($0)" } + letters.map { "comp_absdiff_\($0)" }
    public static var count: Int { featureNames.count }

    // Arrays, not sets: a share is a floating-point sum, and a Set's order changes from process to
    // process (Swift seeds its hashing per run), which changed the last bits between identical runs.
    private static let aromatic: [AminoAcid] = [.phe, .his, .trp, .tyr]
    private static let polar: [AminoAcid] = [.cys, .his, .asn, .gln, .ser, .thr, .tyr]
    private static let charged: [AminoAcid] = [.asp, .glu, .lys, .arg]

    /// One partner's summary: log length, chain count, net charge, the averaged properties, composition.
    struct PartnerSummary {
        var logLength: Double
        var chainCount: Double
        var netCharge: Double
        var properties: [String: Double]
        var composition: [Double]

        init(_ chains: [PartnerSequences.Chain]) {
            let residues = chains.flatMap(\.residues)
            var counts = [Double](repeating: 0, count: 20)
            for r in residues where r.isStandard { counts[r.index] += 1 }
            let standard = max(counts.reduce(0, +), 1)
            let fraction = counts.map { $0 / standard }
            let length = Double(max(residues.count, 1))
            let standardResidues = AminoAcid.standard
            func weighted(_ scale: (AminoAcid) -> Double) -> Double {
                standardResidues.reduce(0) { $0 + scale($1) * fraction[$1.index] }
            }
            func share(_ group: [AminoAcid]) -> Double { group.reduce(0) { $0 + fraction[$1.index] } }
            logLength = log(length)
            chainCount = Double(chains.count)
            netCharge = standardResidues.reduce(0) { $0 + DescriptorScales.charge($1) * counts[$1.index] }
            properties = ["kd": weighted(DescriptorScales.kyteDoolittle),
                          "vol": weighted(DescriptorScales.volumeCubicAngstrom),
                          "qfrac": netCharge / length,
                          "charged": share(charged), "arom": share(aromatic), "polar": share(polar),
                          "cys": fraction[AminoAcid.cys.index],
                          "glypro": fraction[AminoAcid.gly.index] + fraction[AminoAcid.pro.index]]
            composition = fraction
        }
    }

    /// The feature vector of a complex.
    public static func features(of partners: PartnerSequences) -> [Double] {
        let a = PartnerSummary(partners.partner1), b = PartnerSummary(partners.partner2)
        var f = [min(a.logLength, b.logLength), max(a.logLength, b.logLength), a.logLength + b.logLength,
                 min(a.chainCount, b.chainCount), max(a.chainCount, b.chainCount)]
        for key in averagedProperties {
            f += [a.properties[key]! + b.properties[key]!, abs(a.properties[key]! - b.properties[key]!)]
        }
        f += [a.netCharge * b.netCharge, a.properties["qfrac"]! * b.properties["qfrac"]!,
              a.properties["kd"]! * b.properties["kd"]!]
        for key in ["kd", "qfrac", "arom"] {
            let small: Double
            if a.logLength == b.logLength { small = (a.properties[key]! + b.properties[key]!) / 2 }
            else { small = a.logLength < b.logLength ? a.properties[key]! : b.properties[key]! }
            f.append(small)
        }
        f += (0..<20).map { a.composition[$0] + b.composition[$0] }
        f += (0..<20).map { abs(a.composition[$0] - b.composition[$0]) }
        return f
    }
}
