// Residue labels seen at the network's resolution: token t reads residues t·s ..< t·s + w (cut at
// the partner's end), so its target is the mean of those residues' labels; and back again, a
// residue's value is the mean over the tokens that hold it.

public enum WindowLabels {
    /// The mean of `residueLabels` over each token's window; one value per token.
    public static func tokenFractions(_ residueLabels: [Float], configuration: ModelConfiguration) -> [Float] {
        let (w, s, length) = (configuration.windowSize, configuration.windowStride, residueLabels.count)
        return (0..<configuration.tokenCount(residues: length)).map { t in
            let window = (t * s)..<min(t * s + w, length)
            guard !window.isEmpty else { return 0 }
            return residueLabels[window].reduce(0, +) / Float(window.count)
        }
    }

    /// Per residue of a partner of `length` residues, the mean of `tokenValues` over the tokens
    /// whose window holds it.
    public static func residueMeans(_ tokenValues: [Float], length: Int, configuration: ModelConfiguration) -> [Float] {
        let (w, s) = (configuration.windowSize, configuration.windowStride)
        var sum = [Float](repeating: 0, count: length), count = [Float](repeating: 0, count: length)
        for (t, value) in tokenValues.enumerated() {
            for r in (t * s)..<min(t * s + w, length) {
                sum[r] += value
                count[r] += 1
            }
        }
        return zip(sum, count).map { $1 > 0 ? $0 / $1 : 0 }
    }

    /// The tokens (windows) that hold residue `residue` of a partner of `tokenCount` tokens: t with
    /// t·s ≤ residue < t·s + w; nil when none does.
    public static func tokens(holding residue: Int, tokenCount: Int, configuration: ModelConfiguration) -> ClosedRange<Int>? {
        let (w, s) = (configuration.windowSize, configuration.windowStride)
        let first = max(0, (residue - w + 1 + s - 1) / s)
        let last = min(tokenCount - 1, residue / s)
        return first <= last ? first...last : nil
    }

    /// The window contact map of cropped partners of `lengths` residues: token pair (i, j) is 1 when
    /// any of `contacts` (positions already in the crops' coordinates) falls in windows i and j.
    public static func contactMap(_ contacts: [(Int, Int)], lengths: (Int, Int), configuration: ModelConfiguration)
        -> ContactTargets {
        let t1 = configuration.tokenCount(residues: lengths.0), t2 = configuration.tokenCount(residues: lengths.1)
        var values = [Float](repeating: 0, count: t1 * t2)
        for (r1, r2) in contacts {
            guard let rows = tokens(holding: r1, tokenCount: t1, configuration: configuration),
                  let columns = tokens(holding: r2, tokenCount: t2, configuration: configuration) else { continue }
            for i in rows { for j in columns { values[i * t2 + j] = 1 } }
        }
        return ContactTargets(tokens1: t1, tokens2: t2, values: values)
    }
}
