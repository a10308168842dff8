// Metrics against hand derivations and against scipy 1.17.1 (values pasted with the command that made them).

import Testing
import TwinPeaksBio
@testable import TwinPeaksModel

// python3 -c "from scipy.stats import pearsonr, spearmanr, rankdata; import numpy as np;
//   x=[1.2,-0.5,3.3,0.0,2.1,2.1,-1.7,0.8]; y=[0.9,-0.2,2.5,0.4,1.1,2.8,-2.0,0.8];
//   print(pearsonr(x,y)[0], spearmanr(x,y)[0], rankdata(x));
//   x=np.array(x); y=np.array(y); print(np.sqrt(np.mean((x-y)**2)), np.mean(np.abs(x-y)))"
private let x = [1.2, -0.5, 3.3, 0.0, 2.1, 2.1, -1.7, 0.8]
private let y = [0.9, -0.2, 2.5, 0.4, 1.1, 2.8, -2.0, 0.8]

@Test func pearsonAndSpearmanMatchScipy() throws {
    #expect(abs(try #require(Correlation.pearson(x, y)) - 0.9309848788237177) < 1e-12)
    #expect(abs(try #require(Correlation.spearman(x, y)) - 0.9581010095306071) < 1e-12)
}

@Test func tiedValuesShareTheMeanOfTheirRanks() {
    #expect(Correlation.averageRanks(x) == [5, 2, 8, 3, 6.5, 6.5, 1, 4])
    #expect(Correlation.averageRanks([2, 2, 2]) == [2, 2, 2])
}

@Test func rmseAndMAEMatchNumpy() throws {
    #expect(abs(try #require(Correlation.rmse(measured: x, predicted: y)) - 0.5656854249492379) < 1e-12)
    #expect(abs(try #require(Correlation.mae(measured: x, predicted: y)) - 0.475) < 1e-12)
}

@Test func handDerivedCorrelations() throws {
    // y = 2x + 1 is perfectly correlated; y = -x perfectly anti-correlated; y = x³ is monotone (ρ = 1, r < 1).
    let a = [1.0, 2, 3, 4]
    #expect(abs(try #require(Correlation.pearson(a, a.map { 2 * $0 + 1 })) - 1) < 1e-15)
    #expect(abs(try #require(Correlation.pearson(a, a.map { -$0 })) + 1) < 1e-15)
    #expect(try #require(Correlation.spearman(a, a.map { $0 * $0 * $0 })) == 1)
    // Residuals 1, -1, 2, -2: RMSE = √(10/4), MAE = 1.5.
    #expect(Correlation.rmse(measured: a, predicted: [0, 3, 1, 6]) == (10.0 / 4).squareRoot())
    #expect(Correlation.mae(measured: a, predicted: [0, 3, 1, 6]) == 1.5)
}

@Test func undefinedCorrelationsAreNil() {
    #expect(Correlation.pearson([1, 2, 3], [4, 4, 4]) == nil)
    #expect(Correlation.spearman([1], [2]) == nil)
    #expect(Correlation.pearson([1, 2], [1, 2, 3]) == nil)
    #expect(Correlation.rmse(measured: [], predicted: []) == nil)
}

// Hand count of the 16 positive–negative pairs: 13 wins (ties ½); scipy agrees:
// python3 -c "from scipy.stats import mannwhitneyu; import numpy as np; lab=np.array([1.5,0.0,-0.3,2.0,0.7,-1.1,0.0,3.1]);
//   s=np.array([0.4,0.4,-0.2,1.0,0.1,0.4,-0.5,0.9]); print(mannwhitneyu(s[lab>0], s[lab<=0]).statistic/16)"  → 0.8125
@Test func signAUROCCountsTiesAsHalfAndZeroDDGAsNegative() throws {
    let measured = [1.5, 0.0, -0.3, 2.0, 0.7, -1.1, 0.0, 3.1]
    let predicted = [0.4, 0.4, -0.2, 1.0, 0.1, 0.4, -0.5, 0.9]
    #expect(try #require(SignAUROC.auroc(measuredDDG: measured, predictedDDG: predicted)) == 0.8125)
    #expect(SignAUROC.auroc(measuredDDG: [1, 2], predictedDDG: [0, 1]) == nil)
    #expect(SignAUROC.auroc(measuredDDG: [-1, 2], predictedDDG: [0, 1]) == 1)
    #expect(SignAUROC.auroc(measuredDDG: [-1, 2], predictedDDG: [1, 0]) == 0)
}

@Test func perComplexSpearmanCountsConstantPredictionsAsZeroAndSkipsSmallOrConstantComplexes() throws {
    let ten = (1...10).map(Double.init)
    var measured: [Double] = [], predicted: [Double] = [], ids: [String] = []
    measured += ten; predicted += ten.map { $0 * $0 }; ids += Array(repeating: "A", count: 10)        // ρ = 1
    measured += ten; predicted += Array(repeating: 0.5, count: 10); ids += Array(repeating: "B", count: 10)  // counts 0
    measured += Array(repeating: 1, count: 12); predicted += (1...12).map(Double.init); ids += Array(repeating: "C", count: 12) // skipped
    measured += ten.dropLast(); predicted += ten.dropLast().map { -$0 }; ids += Array(repeating: "D", count: 9)  // < 10 rows
    let result = try PerComplexSpearman(measured: measured, predicted: predicted, complexIDs: ids)
    #expect(result == PerComplexSpearman(value: 0.5, complexCount: 2))
    #expect(try PerComplexSpearman(measured: [1, 2], predicted: [1, 2], complexIDs: ["A", "A"]).value == nil)
    #expect(throws: InputError.self) { try PerComplexSpearman(measured: [1], predicted: [1, 2], complexIDs: ["A"]) }
}

@Test func ddgMetricSetGathersAllSixMetrics() throws {
    let ids = Array(repeating: "1ABC_A_B", count: 8)
    let m = try MetricSet(measuredDDG: y, predictedDDG: x, complexIDs: ids)
    #expect(m.n == 8)
    #expect(abs(try #require(m.pearson) - 0.9309848788237177) < 1e-12)
    #expect(m.perComplexSpearman == nil && m.perComplexCount == 0)   // only 8 rows
    #expect(m.auroc != nil)
    let dg = try MetricSet(measuredDG: x, predictedDG: y)
    #expect(dg.perComplexSpearman == nil && dg.auroc == nil)
}
