// Floating-point operations of one forward pass, counted as 2·m·n·k per matrix product (the
// convention of FLOP counters such as PyTorch's), so speed can be stated as a fraction of sgemm.

public enum NetworkCost {
    /// Forward FLOPs for one complex whose partners have `tokens1` and `tokens2` tokens.
    public static func forwardFLOPs(_ c: ModelConfiguration, featureWidth: Int, tokens1: Int, tokens2: Int) -> Double {
        let d = Double(c.width), ff = Double(c.feedForwardWidth)
        func embedding(_ t: Double) -> Double { 2 * t * Double(c.windowSize * featureWidth) * d }
        func selfLayer(_ t: Double) -> Double { 2 * t * d * 3 * d + 2 * 2 * t * t * d + 2 * t * d * d + 2 * 2 * t * d * ff }
        func crossLayer(_ q: Double, _ k: Double) -> Double {
            2 * q * d * d + 2 * k * d * 2 * d + 2 * 2 * q * k * d + 2 * q * d * d + 2 * 2 * q * d * ff
        }
        let (t1, t2) = (Double(tokens1), Double(tokens2))
        var total = embedding(t1) + embedding(t2)
        total += Double(c.encoderLayers) * (selfLayer(t1) + selfLayer(t2))
        total += Double(c.crossLayers) * (crossLayer(t1, t2) + crossLayer(t2, t1))
        return total
    }
}
