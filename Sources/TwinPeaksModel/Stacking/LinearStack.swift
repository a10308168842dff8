// The stacker: measured ≈ intercept + w_network · network + w_trees · trees, least squares with
// non-negative weights, fitted on out-of-fold predictions only. Two inputs need no general NNLS:
// the unconstrained fit is kept when both weights are ≥ 0, else the better single-input fit.

import TwinPeaksBio

/// A non-negative linear blend of the network's and the trees' predictions.
public struct LinearStack: Codable, Equatable, Sendable {
    public var intercept: Double
    public var networkWeight: Double
    public var treesWeight: Double
    /// Rows the blend was fitted on.
    public var rows: Int

    public init(intercept: Double, networkWeight: Double, treesWeight: Double, rows: Int) {
        self.intercept = intercept
        self.networkWeight = networkWeight
        self.treesWeight = treesWeight
        self.rows = rows
    }

    /// Fits the blend on aligned out-of-fold predictions and measured values.
    public init(fittingNetwork network: [Double], trees: [Double], measured: [Double], place: String = "stack") throws {
        let n = measured.count
        guard n >= 3, network.count == n, trees.count == n else {
            throw InputError(place, "\(network.count) network, \(trees.count) trees predictions for \(n) measured values; expected at least 3 aligned rows")
        }
        guard (network + trees + measured).allSatisfy(\.isFinite) else {
            throw InputError(place, "a prediction or measured value is not finite; expected finite kcal/mol values")
        }
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
        let (mx1, mx2, my) = (mean(network), mean(trees), mean(measured))
        var (s11, s12, s22, s1y, s2y, syy) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        for i in 0..<n {
            let (a, b, y) = (network[i] - mx1, trees[i] - mx2, measured[i] - my)
            s11 += a * a; s12 += a * b; s22 += b * b; s1y += a * y; s2y += b * y; syy += y * y
        }
        // Residual sum of squares of a candidate (w1, w2) in centred coordinates.
        func rss(_ w1: Double, _ w2: Double) -> Double {
            syy - 2 * (w1 * s1y + w2 * s2y) + w1 * w1 * s11 + 2 * w1 * w2 * s12 + w2 * w2 * s22
        }
        var candidates: [(Double, Double)] = [(0, 0)]
        if s11 > 0, s1y > 0 { candidates.append((s1y / s11, 0)) }
        if s22 > 0, s2y > 0 { candidates.append((0, s2y / s22)) }
        let determinant = s11 * s22 - s12 * s12
        if determinant > 1e-12 * max(s11 * s22, 1e-300) {
            let w1 = (s22 * s1y - s12 * s2y) / determinant, w2 = (s11 * s2y - s12 * s1y) / determinant
            if w1 >= 0, w2 >= 0 { candidates.append((w1, w2)) }
        }
        let best = candidates.min { rss($0.0, $0.1) < rss($1.0, $1.1) }!
        self.init(intercept: my - best.0 * mx1 - best.1 * mx2, networkWeight: best.0, treesWeight: best.1, rows: n)
    }

    /// Largest |intercept| a fitted blend of kcal/mol predictions can have; beyond it the file is corrupt.
    public static let maximumIntercept = 100.0

    /// What makes a loaded blend unusable (nil: none): the fit gives non-negative weights and an
    /// intercept of the order of the measured values, never inf or NaN.
    public var problem: String? {
        guard intercept.isFinite, abs(intercept) <= Self.maximumIntercept else {
            return "intercept \(intercept): expected a finite value within ±\(Self.maximumIntercept) kcal/mol"
        }
        for (name, weight) in [("network", networkWeight), ("trees", treesWeight)] where !(weight.isFinite && weight >= 0) {
            return "\(name) weight \(weight): expected a finite weight ≥ 0 (the blend is fitted with non-negative weights)"
        }
        return nil
    }

    public func predict(network: Double, trees: Double) -> Double {
        intercept + networkWeight * network + treesWeight * trees
    }
}
