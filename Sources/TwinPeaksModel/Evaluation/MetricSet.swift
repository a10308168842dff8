// The metrics of one set of predictions against measured values: pooled Pearson, Spearman, RMSE, MAE,
// and for ΔΔG the per-complex Spearman and the AUROC of the sign. Encodes to the metrics-JSON layout.

import TwinPeaksBio

/// One row of a metrics table. Undefined values are nil and encode as JSON null.
public struct MetricSet: Codable, Equatable, Sendable {
    public var n: Int
    public var pearson: Double?
    public var spearman: Double?
    public var rmse: Double?
    public var mae: Double?
    /// ΔΔG only: mean within-complex ρ over complexes with ≥ 10 rows.
    public var perComplexSpearman: Double?
    /// ΔΔG only: AUROC of the sign (measured ΔΔG > 0 is positive; see `SignAUROC`).
    public var auroc: Double?
    /// ΔΔG only: how many complexes entered `perComplexSpearman`. Not part of the JSON layout.
    public var perComplexCount: Int?

    public init(n: Int, pearson: Double?, spearman: Double?, rmse: Double?, mae: Double?,
                perComplexSpearman: Double? = nil, auroc: Double? = nil, perComplexCount: Int? = nil) {
        self.n = n
        self.pearson = pearson
        self.spearman = spearman
        self.rmse = rmse
        self.mae = mae
        self.perComplexSpearman = perComplexSpearman
        self.auroc = auroc
        self.perComplexCount = perComplexCount
    }

    /// ΔG metrics: the pooled four.
    public init(measuredDG: [Double], predictedDG: [Double]) throws {
        guard measuredDG.count == predictedDG.count else {
            throw InputError("ΔG metrics", "\(measuredDG.count) measured values but \(predictedDG.count) predictions; expected equal counts")
        }
        self.init(n: measuredDG.count,
                  pearson: Correlation.pearson(measuredDG, predictedDG),
                  spearman: Correlation.spearman(measuredDG, predictedDG),
                  rmse: Correlation.rmse(measured: measuredDG, predicted: predictedDG),
                  mae: Correlation.mae(measured: measuredDG, predicted: predictedDG))
    }

    /// ΔΔG metrics: the pooled four, per-complex Spearman (≥ 10 rows per complex) and the sign AUROC.
    public init(measuredDDG: [Double], predictedDDG: [Double], complexIDs: [String]) throws {
        try self.init(measuredDG: measuredDDG, predictedDG: predictedDDG)
        let perComplex = try PerComplexSpearman(measured: measuredDDG, predicted: predictedDDG, complexIDs: complexIDs)
        perComplexSpearman = perComplex.value
        perComplexCount = perComplex.complexCount
        auroc = SignAUROC.auroc(measuredDDG: measuredDDG, predictedDDG: predictedDDG)
    }

    enum CodingKeys: String, CodingKey {
        case n, pearson, spearman, rmse, mae
        case perComplexSpearman = "per_complex_spearman"
        case auroc
    }

    /// Every key is written, undefined values as null, so tools see one fixed layout.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(n, forKey: .n)
        try container.encode(pearson, forKey: .pearson)
        try container.encode(spearman, forKey: .spearman)
        try container.encode(rmse, forKey: .rmse)
        try container.encode(mae, forKey: .mae)
        try container.encode(perComplexSpearman, forKey: .perComplexSpearman)
        try container.encode(auroc, forKey: .auroc)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        n = try container.decode(Int.self, forKey: .n)
        pearson = try container.decodeIfPresent(Double.self, forKey: .pearson)
        spearman = try container.decodeIfPresent(Double.self, forKey: .spearman)
        rmse = try container.decodeIfPresent(Double.self, forKey: .rmse)
        mae = try container.decodeIfPresent(Double.self, forKey: .mae)
        perComplexSpearman = try container.decodeIfPresent(Double.self, forKey: .perComplexSpearman)
        auroc = try container.decodeIfPresent(Double.self, forKey: .auroc)
        perComplexCount = nil
    }
}
