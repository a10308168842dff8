// Pearson and Spearman correlation, average ranks for ties, RMSE and MAE, all in Double.
// An undefined value (fewer than two points, a constant vector) is nil, never NaN.

/// Pooled agreement statistics between measured and predicted values.
public enum Correlation {
    /// Below this standard deviation a vector counts as constant (the calibration scripts use 1e-12).
    public static let constantTolerance = 1e-12

    /// Pearson's r; nil when there are fewer than two pairs or either vector is constant.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            let dx = x[i] - meanX, dy = y[i] - meanY
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard (sxx / n).squareRoot() > constantTolerance, (syy / n).squareRoot() > constantTolerance else { return nil }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }

    /// Spearman's ρ: Pearson's r of the average ranks (ties share the mean of their ranks, as scipy does).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count else { return nil }
        return pearson(averageRanks(x), averageRanks(y))
    }

    /// 1-based ranks; tied values get the mean of the ranks they span (scipy's `rankdata(method="average")`).
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = rank }
            start = end + 1
        }
        return ranks
    }

    /// Root-mean-square error; nil for empty input.
    public static func rmse(measured: [Double], predicted: [Double]) -> Double? {
        guard measured.count == predicted.count, !measured.isEmpty else { return nil }
        var sum = 0.0
        for i in measured.indices { sum += (measured[i] - predicted[i]) * (measured[i] - predicted[i]) }
        return (sum / Double(measured.count)).squareRoot()
    }

    /// Mean absolute error; nil for empty input.
    public static func mae(measured: [Double], predicted: [Double]) -> Double? {
        guard measured.count == predicted.count, !measured.isEmpty else { return nil }
        var sum = 0.0
        for i in measured.indices { sum += abs(measured[i] - predicted[i]) }
        return sum / Double(measured.count)
    }
}
