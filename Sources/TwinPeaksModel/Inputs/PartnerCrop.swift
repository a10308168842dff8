// How a partner longer than the model's residue budget is cut: one window of `maxResidues`
// residues, centred on the mutated positions of its complex when there are any, else on the
// middle of the partner. Wild type and every mutant of a complex share one crop, so the
// antisymmetric ΔΔG compares like with like.

public enum PartnerCrop {
    /// The residue range kept of a partner of `length` residues, centred on `center` (0-based).
    public static func window(length: Int, center: Int?, maxResidues: Int) -> Range<Int> {
        guard length > maxResidues else { return 0..<length }
        let middle = center ?? length / 2
        let start = min(max(middle - maxResidues / 2, 0), length - maxResidues)
        return start..<(start + maxResidues)
    }

    /// The median of the mutated positions (0-based), or nil without any.
    public static func center(ofMutatedPositions positions: [Int]) -> Int? {
        guard !positions.isEmpty else { return nil }
        let sorted = positions.sorted()
        return sorted[sorted.count / 2]
    }
}
