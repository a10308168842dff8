// The trivial baseline: predict the training mean for every row (ΔG or ΔΔG).

import TwinPeaksBio

/// Predicts the mean of the training targets.
public struct MeanBaseline: Sendable, Equatable {
    public var meanKcalPerMol: Double

    public init(fitting targetsKcalPerMol: [Double]) throws {
        guard !targetsKcalPerMol.isEmpty else { throw InputError("mean baseline", "no training rows; expected at least one") }
        meanKcalPerMol = targetsKcalPerMol.reduce(0, +) / Double(targetsKcalPerMol.count)
    }

    public func predict(count: Int) -> [Double] { Array(repeating: meanKcalPerMol, count: count) }
}
