// The per-substitution mean ΔΔG baseline (calibration §1.3(a)): mean ΔΔG per (wild type → mutant) pair over
// single-point training rows, shrunk to the wild-type mean, itself shrunk to the global mean; multi-point offset.

import TwinPeaksBio

/// Per-substitution mean with shrinkage. With k pseudo-counts (default 5):
/// wild-type mean = (Σ ΔΔG over single-point rows with that wild type + k · global mean) / (count + k);
/// pair mean = (Σ ΔΔG over single-point rows with that pair + k · wild-type mean) / (count + k).
/// A point never seen falls back to its wild-type mean, an unseen wild type to the global mean.
/// A multi-point row gets the mean of its point predictions plus an offset: the mean, over the
/// multi-point training rows, of ΔΔG minus that mean (SKEMPI multi-point ΔΔG is strongly sub-additive).
public struct SubstitutionMeanBaseline: Sendable {
    public static let defaultPseudoCounts = 5.0

    public var globalMeanKcalPerMol: Double
    /// Shrunk mean per wild-type residue, indexed by `AminoAcid.index`; nil where never seen.
    public var wildTypeMeanKcalPerMol: [Double?]
    /// Shrunk mean per pair, indexed [wild type.index][mutant.index]; nil where never seen.
    public var pairMeanKcalPerMol: [[Double?]]
    public var multiPointOffsetKcalPerMol: Double

    public init(fitting mutationSets: [MutationSet], ddgKcalPerMol: [Double],
                pseudoCounts: Double = SubstitutionMeanBaseline.defaultPseudoCounts) throws {
        guard mutationSets.count == ddgKcalPerMol.count else {
            throw InputError("per-substitution baseline", "\(mutationSets.count) mutation sets but \(ddgKcalPerMol.count) ΔΔG values; expected equal counts")
        }
        let single = mutationSets.indices.filter { mutationSets[$0].count == 1 }
        guard !single.isEmpty else {
            throw InputError("per-substitution baseline", "no single-point training rows; expected at least one")
        }
        let global = single.reduce(0) { $0 + ddgKcalPerMol[$1] } / Double(single.count)
        var wildTypeSum = [Double](repeating: 0, count: 21), wildTypeCount = wildTypeSum
        var pairSum = [[Double]](repeating: [Double](repeating: 0, count: 21), count: 21), pairCount = pairSum
        for row in single {
            let m = mutationSets[row].mutations[0]
            wildTypeSum[m.wildType.index] += ddgKcalPerMol[row]
            wildTypeCount[m.wildType.index] += 1
            pairSum[m.wildType.index][m.mutant.index] += ddgKcalPerMol[row]
            pairCount[m.wildType.index][m.mutant.index] += 1
        }
        globalMeanKcalPerMol = global
        wildTypeMeanKcalPerMol = (0..<21).map { w in
            wildTypeCount[w] > 0 ? (wildTypeSum[w] + pseudoCounts * global) / (wildTypeCount[w] + pseudoCounts) : nil
        }
        let wildTypeMeans = wildTypeMeanKcalPerMol
        pairMeanKcalPerMol = (0..<21).map { w in
            (0..<21).map { t in
                pairCount[w][t] > 0 ? (pairSum[w][t] + pseudoCounts * (wildTypeMeans[w] ?? global)) / (pairCount[w][t] + pseudoCounts) : nil
            }
        }
        multiPointOffsetKcalPerMol = 0
        let multi = mutationSets.indices.filter { mutationSets[$0].count > 1 }
        if !multi.isEmpty {
            let residual = multi.reduce(0) { $0 + ddgKcalPerMol[$1] - meanOfPoints(mutationSets[$1]) }
            multiPointOffsetKcalPerMol = residual / Double(multi.count)
        }
    }

    /// The shrunk mean of one substitution.
    public func predict(_ mutation: PointMutation) -> Double {
        let w = mutation.wildType.index, t = mutation.mutant.index
        return pairMeanKcalPerMol[w][t] ?? wildTypeMeanKcalPerMol[w] ?? globalMeanKcalPerMol
    }

    /// ΔΔG of a mutation set: the point mean for one mutation, mean of points plus offset for several.
    public func predict(_ mutations: MutationSet) -> Double {
        mutations.count == 1 ? predict(mutations.mutations[0]) : meanOfPoints(mutations) + multiPointOffsetKcalPerMol
    }

    private func meanOfPoints(_ mutations: MutationSet) -> Double {
        mutations.mutations.reduce(0) { $0 + predict($1) } / Double(max(mutations.count, 1))
    }
}
