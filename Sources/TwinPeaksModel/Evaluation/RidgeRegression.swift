// Ridge regression on standardised features, solved in Double by Cholesky: minimises
// ‖y − ȳ − Z·w‖² + α‖w‖² with Z the features centred and scaled to unit (population) variance, as scikit-learn does.

import Foundation
import TwinPeaksBio

/// A fitted ridge model. Constant features get scale 1 (they standardise to 0 and carry no weight).
public struct RidgeRegression: Sendable {
    public var alpha: Double
    public var featureMeans: [Double]
    public var featureScales: [Double]
    /// Weights on the standardised features.
    public var weights: [Double]
    public var intercept: Double

    public init(fitting rows: [[Double]], targets: [Double], alpha: Double) throws {
        self = try Self.fitPath(rows, targets: targets, alphas: [alpha])[0]
    }

    init(alpha: Double, featureMeans: [Double], featureScales: [Double], weights: [Double], intercept: Double) {
        self.alpha = alpha
        self.featureMeans = featureMeans
        self.featureScales = featureScales
        self.weights = weights
        self.intercept = intercept
    }

    public func predict(_ row: [Double]) -> Double {
        var y = intercept
        for j in weights.indices { y += weights[j] * (row[j] - featureMeans[j]) / featureScales[j] }
        return y
    }

    public func predict(_ rows: [[Double]]) -> [Double] { rows.map(predict) }

    /// One model per α, sharing the standardisation and the Gram matrix ZᵀZ (computed once).
    public static func fitPath(_ rows: [[Double]], targets: [Double], alphas: [Double]) throws -> [RidgeRegression] {
        let n = rows.count
        guard n >= 1, n == targets.count else {
            throw InputError("ridge", "\(n) feature rows and \(targets.count) targets; expected equal, non-zero counts")
        }
        let p = rows[0].count
        guard rows.allSatisfy({ $0.count == p }) else { throw InputError("ridge", "feature rows of different lengths; expected \(p) each") }
        guard alphas.allSatisfy({ $0 > 0 }) else { throw InputError("ridge", "α values \(alphas); expected all > 0") }

        var means = [Double](repeating: 0, count: p), scales = [Double](repeating: 0, count: p)
        for row in rows { for j in 0..<p { means[j] += row[j] } }
        for j in 0..<p { means[j] /= Double(n) }
        for row in rows { for j in 0..<p { scales[j] += (row[j] - means[j]) * (row[j] - means[j]) } }
        for j in 0..<p {
            let sd = (scales[j] / Double(n)).squareRoot()
            scales[j] = sd > 1e-12 * max(1, abs(means[j])) ? sd : 1
        }
        let targetMean = targets.reduce(0, +) / Double(n)

        // Gram = ZᵀZ (upper triangle accumulated, then mirrored) and Zᵀ(y − ȳ), in flat row-major storage.
        var gram = [Double](repeating: 0, count: p * p), zty = [Double](repeating: 0, count: p)
        var z = [Double](repeating: 0, count: p)
        gram.withUnsafeMutableBufferPointer { g in
            for (i, row) in rows.enumerated() {
                for j in 0..<p { z[j] = (row[j] - means[j]) / scales[j] }
                let r = targets[i] - targetMean
                for j in 0..<p {
                    let zj = z[j]
                    if zj == 0 { continue }
                    zty[j] += zj * r
                    for k in j..<p { g[j * p + k] += zj * z[k] }
                }
            }
            for j in 0..<p { for k in 0..<j { g[j * p + k] = g[k * p + j] } }
        }
        return try alphas.map { alpha in
            var system = gram
            for j in 0..<p { system[j * p + j] += alpha }
            let w = try Self.choleskySolve(system, zty, size: p)
            return RidgeRegression(alpha: alpha, featureMeans: means, featureScales: scales, weights: w, intercept: targetMean)
        }
    }

    /// Solves A·x = b for a symmetric positive definite A (row-major, size × size) by A = L·Lᵀ.
    static func choleskySolve(_ a: [Double], _ b: [Double], size p: Int) throws -> [Double] {
        var l = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            var diagonal = a[j * p + j]
            for k in 0..<j { diagonal -= l[j * p + k] * l[j * p + k] }
            guard diagonal > 0 else { throw InputError("ridge", "the regularised normal equations are not positive definite; expected α > 0") }
            let ljj = diagonal.squareRoot()
            l[j * p + j] = ljj
            for i in (j + 1)..<max(j + 1, p) {
                var s = a[i * p + j]
                for k in 0..<j { s -= l[i * p + k] * l[j * p + k] }
                l[i * p + j] = s / ljj
            }
        }
        var y = [Double](repeating: 0, count: p)
        for i in 0..<p {
            var s = b[i]
            for k in 0..<i { s -= l[i * p + k] * y[k] }
            y[i] = s / l[i * p + i]
        }
        var x = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<max(i + 1, p) { s -= l[k * p + i] * x[k] }
            x[i] = s / l[i * p + i]
        }
        return x
    }
}
