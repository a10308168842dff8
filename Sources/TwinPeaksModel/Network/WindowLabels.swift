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
}
