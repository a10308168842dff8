// Explicit ΔΔG descriptors of a mutation set (calibration §1.2, 84 features): substitution (53),
// ±3-residue window (21), position/partner/length (10, symmetric in the partners). The ΔΔG wide path and the ridge baseline read them.

import Foundation
import TwinPeaksBio

/// The substitution descriptors of one mutation record, summed over its point mutations.
///
/// Antisymmetric use: `.forward` describes wild type → mutant on the wild-type sequences; `.reverse`
/// describes mutant → wild type on the mutant sequences (the reversed set applied to the mutant).
/// Swapping the two mirrors every feature (wt/mutant one-hots swap, every Δ changes sign, |Δ| and
/// BLOSUM62 stay). A network that computes ΔΔG = g(features(.reverse)) − g(features(.forward)),
/// DESIGN.md's g(mutant, wild type) − g(wild type, mutant), is therefore antisymmetric exactly.
///
/// Partner features never say "partner 1": they speak of the mutated and the other partner, and of
/// the shorter and longer one, so listing the partners the other way round gives the same vector.
public enum SubstitutionDescriptors {
    public enum Direction: Sendable {
        /// Wild type → mutant, neighbourhoods read from the wild-type sequences.
        case forward
        /// Mutant → wild type, neighbourhoods read from the mutant sequences.
        case reverse
    }

    private static let letters = AminoAcid.standard.map { String($0.oneLetter) }

    public static let substitutionNames: [String] = letters.map { "wt_\($0)" } + letters.map { "mt_\($0)" } + [
        "n_mut", "log_n_mut", "blosum_sum", "blosum_min", "blosum_mean", "dkd_sum", "dkd_abs",
        "dvol_sum", "dvol_abs", "dchg_sum", "dchg_abs", "n_to_ala", "n_gly_pro"]
    public static let windowNames: [String] = letters.map { "win_\($0)" } + ["win_kd"]
    public static let positionNames: [String] = [
        "relpos_mean", "termdist_min", "both_partners", "logL_mut", "logL_other",
        "nch_mut", "nch_other", "logL_min", "logL_max", "frac_on_shorter"]

    /// All 84 names, in the order of the feature vector.
    public static let featureNames: [String] = substitutionNames + windowNames + positionNames
    public static var count: Int { featureNames.count }

    /// Residues on each side of a mutated position that form its neighbourhood window.
    public static let windowHalfWidth = 3

    /// The feature vector of `mutations` (sequence coordinates: 1-based positions within the named chain).
    /// Every wild-type letter is checked against the sequence; a mismatch is an `InputError` naming `record`.
    public static func features(of mutations: MutationSet, on partners: PartnerSequences,
                                direction: Direction = .forward, record: String = "") throws -> [Double] {
        guard mutations.count > 0 else { throw InputError(record, "empty mutation set; expected at least one mutation") }
        switch direction {
        case .forward:
            _ = try partners.applying(mutations, record: record)  // checks every wild-type letter and position
            return try describe(mutations.mutations, on: partners, record: record)
        case .reverse:
            let mutant = try partners.applying(mutations, record: record)
            return try describe(mutations.mutations.map(\.reversed), on: mutant, record: record)
        }
    }

    private static func describe(_ points: [PointMutation], on partners: PartnerSequences, record: String) throws -> [Double] {
        let kd = DescriptorScales.kyteDoolittle, volume = DescriptorScales.volumeCubicAngstrom
        let charge = DescriptorScales.charge
        let lengths = partners.partners.map { Double($0.reduce(0) { $0 + $1.residues.count }) }
        let chainCounts = partners.partners.map { Double($0.count) }

        var wildTypeCounts = [Double](repeating: 0, count: 20), mutantCounts = wildTypeCounts, window = wildTypeCounts
        var blosum: [Double] = [], dKD: [Double] = [], dVolume: [Double] = [], dCharge: [Double] = []
        var relativePositions: [Double] = [], terminusDistances: [Double] = [], windowKD: [Double] = []
        var sides: [Int] = []
        var toAla = 0.0, glyPro = 0.0
        for m in points {
            guard let (side, chain) = partners.locate(chain: m.chain) else {
                throw InputError(record, "mutation \(m): no chain \(m.chain) in the complex")
            }
            let w = m.wildType, t = m.mutant
            wildTypeCounts[w.index] += 1
            mutantCounts[t.index] += 1
            blosum.append(DescriptorScales.blosum62(w, t))
            dKD.append(kd(t) - kd(w))
            dVolume.append(volume(t) - volume(w))
            dCharge.append(charge(t) - charge(w))
            if m.mutant == .ala { toAla += 1 }
            glyPro += (m.wildType == .gly || m.wildType == .pro ? 1 : 0) + (m.mutant == .gly || m.mutant == .pro ? 1 : 0)

            let length = chain.residues.count, offset = m.residueNumber - 1
            relativePositions.append(Double(offset) / Double(max(length - 1, 1)))
            terminusDistances.append(Double(min(offset, length - 1 - offset)))
            var neighbourKD: [Double] = []
            for j in (offset - windowHalfWidth)...(offset + windowHalfWidth) where j != offset && j >= 0 && j < length {
                let residue = chain.residues[j]
                if residue.isStandard { window[residue.index] += 1 }
                neighbourKD.append(kd(residue))
            }
            windowKD.append(neighbourKD.isEmpty ? 0 : mean(neighbourKD))
            sides.append(side)
        }

        let n = Double(points.count)
        var f = wildTypeCounts + mutantCounts
        f += [n, log(n), blosum.reduce(0, +), blosum.min()!, mean(blosum),
              dKD.reduce(0, +), dKD.reduce(0) { $0 + abs($1) }, dVolume.reduce(0, +), dVolume.reduce(0) { $0 + abs($1) },
              dCharge.reduce(0, +), dCharge.reduce(0) { $0 + abs($1) }, toAla, glyPro]
        f += window + [mean(windowKD)]

        let logLength = lengths.map { log($0) }
        let shorterWeights: [Double] = lengths[0] == lengths[1] ? [0.5, 0.5] : (lengths[0] < lengths[1] ? [1, 0] : [0, 1])
        f += [mean(relativePositions),
              log1p(terminusDistances.min()!),
              Set(sides).count == 2 ? 1 : 0,
              mean(sides.map { logLength[$0] }), mean(sides.map { logLength[1 - $0] }),
              mean(sides.map { chainCounts[$0] }), mean(sides.map { chainCounts[1 - $0] }),
              logLength.min()!, logLength.max()!,
              mean(sides.map { shorterWeights[$0] })]
        return f
    }

    private static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
}
