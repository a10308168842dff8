// Per-complex Spearman (calibration §1.4): the mean over complexes with at least `minimumRows`
// evaluated rows of Spearman's ρ within the complex; constant prediction counts 0, constant target is skipped.

import TwinPeaksBio

/// Within-complex ranking quality of ΔΔG predictions, averaged over complexes.
public struct PerComplexSpearman: Equatable, Sendable {
    /// The mean within-complex ρ; nil when no complex qualifies.
    public var value: Double?
    /// How many complexes entered the mean.
    public var complexCount: Int

    public static let defaultMinimumRows = 10

    public init(value: Double?, complexCount: Int) {
        self.value = value
        self.complexCount = complexCount
    }

    /// Groups rows by `complexIDs`; complexes are visited in sorted order, so the result is deterministic.
    public init(measured: [Double], predicted: [Double], complexIDs: [String],
                minimumRows: Int = PerComplexSpearman.defaultMinimumRows) throws {
        guard measured.count == predicted.count, measured.count == complexIDs.count else {
            throw InputError("per-complex Spearman", "\(measured.count) measured values, \(predicted.count) predictions and \(complexIDs.count) complex ids; expected equal counts")
        }
        var rowsByComplex: [String: [Int]] = [:]
        for (row, id) in complexIDs.enumerated() { rowsByComplex[id, default: []].append(row) }
        var values: [Double] = []
        for id in rowsByComplex.keys.sorted() {
            let rows = rowsByComplex[id]!
            guard rows.count >= minimumRows else { continue }
            let y = rows.map { measured[$0] }
            let p = rows.map { predicted[$0] }
            guard Set(y).count >= 2 else { continue }
            if Set(p).count < 2 {
                values.append(0)
            } else {
                values.append(Correlation.spearman(y, p) ?? 0)
            }
        }
        self.init(value: values.isEmpty ? nil : values.reduce(0, +) / Double(values.count), complexCount: values.count)
    }
}
