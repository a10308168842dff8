// Column standardisation of explicit descriptors, fitted on training rows only and stored in the
// checkpoint: x' = (x − mean) / std, with std floored so constant columns stay 0.

public struct DescriptorStandardizer: Codable, Equatable, Sendable {
    public var mean: [Double]
    public var standardDeviation: [Double]

    public init(mean: [Double], standardDeviation: [Double]) {
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    public init(fitting rows: [[Double]], width: Int) throws {
        guard !rows.isEmpty else { throw ModelError.input("descriptor standardisation: no training rows") }
        var mean = [Double](repeating: 0, count: width), square = mean
        for row in rows {
            guard row.count == width else {
                throw ModelError.input("descriptor standardisation: a row of \(row.count) values, expected \(width)")
            }
            for j in 0..<width { mean[j] += row[j]; square[j] += row[j] * row[j] }
        }
        let n = Double(rows.count)
        self.mean = mean.map { $0 / n }
        standardDeviation = (0..<width).map { j in
            let variance = max(square[j] / n - (mean[j] / n) * (mean[j] / n), 0)
            return max(variance.squareRoot(), 1e-6)
        }
    }

    public func apply(_ row: [Double]) -> [Float] {
        (0..<row.count).map { Float((row[$0] - mean[$0]) / standardDeviation[$0]) }
    }
}
