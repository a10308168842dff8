// Column standardisation of explicit descriptors, fitted on training rows only and stored in the
// checkpoint: x' = (x − mean) / std, with std floored so constant columns stay 0. Values outside
// the training range are clamped to it: a linear wide path must not extrapolate without bound
// (a 100,000-residue poly-K pair once gave ΔG = +529,339 kcal/mol through the charge product).

public struct DescriptorStandardizer: Codable, Equatable, Sendable {
    public var mean: [Double]
    public var standardDeviation: [Double]
    /// The smallest and largest training value per column; nil in checkpoints written before they
    /// were recorded, which clamp at ±`fallbackLimit` standard deviations instead.
    public var lowest: [Double]?
    public var highest: [Double]?

    /// The clamp, in standard deviations, of checkpoints without a recorded training range.
    public static let fallbackLimit = 10.0

    public init(mean: [Double], standardDeviation: [Double], lowest: [Double]? = nil, highest: [Double]? = nil) {
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.lowest = lowest
        self.highest = highest
    }

    public init(fitting rows: [[Double]], width: Int) throws {
        guard !rows.isEmpty else { throw ModelError.input("descriptor standardisation: no training rows") }
        var mean = [Double](repeating: 0, count: width), square = mean
        var lowest = [Double](repeating: .infinity, count: width), highest = [Double](repeating: -.infinity, count: width)
        for row in rows {
            guard row.count == width else {
                throw ModelError.input("descriptor standardisation: a row of \(row.count) values, expected \(width)")
            }
            for j in 0..<width {
                mean[j] += row[j]; square[j] += row[j] * row[j]
                lowest[j] = min(lowest[j], row[j]); highest[j] = max(highest[j], row[j])
            }
        }
        self.lowest = lowest
        self.highest = highest
        let n = Double(rows.count)
        self.mean = mean.map { $0 / n }
        standardDeviation = (0..<width).map { j in
            let variance = max(square[j] / n - (mean[j] / n) * (mean[j] / n), 0)
            return max(variance.squareRoot(), 1e-6)
        }
    }

    public func apply(_ row: [Double]) -> [Float] {
        (0..<row.count).map { j in
            if let lowest, let highest, j < lowest.count, j < highest.count {
                return Float((min(max(row[j], lowest[j]), highest[j]) - mean[j]) / standardDeviation[j])
            }
            let z = (row[j] - mean[j]) / standardDeviation[j]
            return Float(min(max(z, -Self.fallbackLimit), Self.fallbackLimit))
        }
    }
}
