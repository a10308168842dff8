// How a partner longer than the model's residue budget is cut: into fixed tiles, windows of
// `maxResidues` residues whose starts depend on the partner's length only (multiples of half a
// window, the last one flush with the partner's end), so every residue lies in some tile with at
// least a quarter window of context either side of the tile's middle. A mutation set reads, on
// each partner, the tile whose middle is nearest the mean of its own mutated positions there (the
// lower tile on a tie); a partner it does not mutate, and the wild type's ΔG, read the centre tile
// (the one nearest the partner's middle). So a prediction depends on its own pair and mutation set
// only, never on what else was asked, and a mutant and its wild type always share a tile, so the
// antisymmetric ΔΔG compares like with like. Training and prediction use this one rule.

public enum PartnerCrop {
    /// The tiles of a partner of `length` residues, in order (one, the whole partner, when it fits).
    public static func tiles(length: Int, maxResidues: Int) -> [Range<Int>] {
        guard length > maxResidues else { return [0..<length] }
        let stride = max(1, maxResidues / 2)
        var starts = Array(Swift.stride(from: 0, to: length - maxResidues, by: stride))
        starts.append(length - maxResidues)
        return starts.map { $0..<($0 + maxResidues) }
    }

    /// The tile whose middle is nearest `target` (a 0-based position, fractional for a mean); the
    /// lower tile on a tie.
    static func nearestTile(to target: Double, length: Int, maxResidues: Int) -> Range<Int> {
        let all = tiles(length: length, maxResidues: maxResidues)
        func distance(_ tile: Range<Int>) -> Double { abs(Double(tile.lowerBound + tile.upperBound - 1) / 2 - target) }
        // min(by:) keeps the first of equal elements: the lower tile.
        return all.min { distance($0) < distance($1) }!
    }

    /// The tile read for a partner of `length` residues whose mutated positions (0-based) are
    /// `positions`: nearest their mean, or the centre tile without any.
    public static func window(length: Int, mutatedPositions positions: [Int], maxResidues: Int) -> Range<Int> {
        let target = positions.isEmpty ? Double(length - 1) / 2
            : Double(positions.reduce(0, +)) / Double(positions.count)
        return nearestTile(to: target, length: length, maxResidues: maxResidues)
    }
}
