// Masked pooling and the losses: gradient checks, hand-computed values, censored bounds, and
// the errors on bad use.
import Testing
@testable import TwinPeaksTensor

@Test func maskedPoolingGradientsMatchFiniteDifferences() throws {
    let mask = try TokenMask(lengths: [5, 2, 0], length: 5)
    let x = randomTensor([3, 5, 7], seed: 90)
    try checkGradients("masked mean pool", inputs: [("x", x)]) { t in
        (try Ops.maskedMeanPool(t[0], mask: mask), { dy in [try Ops.maskedMeanPoolBackward(dy, mask: mask)] })
    }
    // Max pooling has kinks where two tokens tie: use values 0.1 apart (≫ the 2h = 0.04 probe),
    // in a scrambled order so the maxima fall on different tokens.
    let spread = try Tensor(shape: [3, 5, 7], values: (0..<105).map { Float(($0 * 37) % 105) * 0.1 - 5 })
    try checkGradients("masked max pool", inputs: [("x", spread)]) { t in
        let (y, cache) = try Ops.maskedMaxPool(t[0], mask: mask)
        return (y, { dy in [try Ops.maskedMaxPoolBackward(dy, cache: cache)] })
    }
}

@Test func maskedPoolingIgnoresPaddingAndGivesZerosForEmptySequences() throws {
    // Batch 0: tokens [1, 2], [3, −4], padding [100, 100]; batch 1: all padding.
    let x = try Tensor(shape: [2, 3, 2], values: [1, 2, 3, -4, 100, 100, 5, 5, 6, 6, 7, 7])
    let mask = try TokenMask(lengths: [2, 0], length: 3)
    let mean: [Float] = [2, -1, 0, 0], maximum: [Float] = [3, 2, 0, 0]
    #expect(try Ops.maskedMeanPool(x, mask: mask).values == mean)
    #expect(try Ops.maskedMaxPool(x, mask: mask).output.values == maximum)
    #expect(throws: TensorError.self) { try Ops.maskedMeanPool(x, mask: .full(batch: 2, length: 4)) }
}

@Test func lossesMatchHandComputedValues() throws {
    let predictions = try Tensor(shape: [4], values: [1, 2, 3, 10])
    let labels = try Labels(values: [0, 2, 5, 99], present: [true, true, true, false])
    // Residuals 1, 0, −2 (the fourth is missing): MSE (1 + 0 + 4)/3, gradient 2r/3.
    let mse = try Loss.meanSquaredError(predictions, labels)
    let mseValue: Float = 5.0 / 3.0
    let mseGradient: [Float] = [2.0 / 3.0, 0, -4.0 / 3.0, 0]
    #expect(abs(mse.value - mseValue) < 1e-6)
    #expect(mse.labelledCount == 3)
    #expect(mse.dPredictions.values == mseGradient)
    // Huber δ = 1: ½·1, 0, 1·(2 − ½) → (0.5 + 1.5)/3; gradient clamp(r)/3.
    let huber = try Loss.huber(predictions, labels, delta: 1)
    let huberValue: Float = 2.0 / 3.0
    let huberGradient: [Float] = [1.0 / 3.0, 0, -1.0 / 3.0, 0]
    #expect(abs(huber.value - huberValue) < 1e-6)
    #expect(huber.dPredictions.values == huberGradient)
}

@Test func censoredLabelsPenaliseOnlyTheWrongSideOfTheBound() throws {
    // "> 5": a prediction of 7 is fine, 4 is 1 short. "< 0": −1 is fine, 2 is 2 over.
    let predictions = try Tensor(shape: [4], values: [7, 4, -1, 2])
    let labels = try Labels(values: [5, 5, 0, 0], kinds: [.atLeast, .atLeast, .atMost, .atMost])
    let mse = try Loss.meanSquaredError(predictions, labels)
    let expectedValue: Float = (0 + 1 + 0 + 4) / 4
    let expectedGradient: [Float] = [0, -0.5, 0, 1]
    #expect(abs(mse.value - expectedValue) < 1e-6)
    #expect(mse.dPredictions.values == expectedGradient)
}

@Test func lossGradientsMatchFiniteDifferences() throws {
    // Residuals kept away from 0 (bound kinks) and ±δ (Huber kinks) by more than 2h.
    let predictions = try Tensor(shape: [6, 1], values: [0.3, -1.7, 2.4, 0.9, -0.2, 1.6])
    let labels = try Labels(values: [0, 0, 1, 0.5, 3, 0],
                            kinds: [.exact, .exact, .atLeast, .missing, .atLeast, .atMost])
    try checkGradients("mse", inputs: [("predictions", predictions)]) { t in
        let loss = try Loss.meanSquaredError(t[0], labels)
        return (Tensor(scalar: loss.value), { dy in [Ops.scale(loss.dPredictions, by: dy[flat: 0])] })
    }
    try checkGradients("huber", inputs: [("predictions", predictions)]) { t in
        let loss = try Loss.huber(t[0], labels, delta: 1)
        return (Tensor(scalar: loss.value), { dy in [Ops.scale(loss.dPredictions, by: dy[flat: 0])] })
    }
}

@Test func aNaNInALossIsAnErrorNamingTheLoss() throws {
    let predictions = try Tensor(shape: [2], values: [1, .nan])
    #expect {
        try Loss.huber(predictions, Labels(exact: [0, 0]), name: "ddg")
    } throws: { error in
        guard case TensorError.nonFiniteLoss(let loss, _) = error else { return false }
        return loss == "ddg" && String(describing: error).contains("ddg")
    }
    // A NaN where the label is missing is ignored; a mismatched count is a shape error.
    #expect(try Loss.meanSquaredError(predictions, Labels(values: [0, 0], present: [true, false])).value == 1)
    #expect(throws: TensorError.self) { try Loss.meanSquaredError(predictions, Labels(exact: [0, 0, 0])) }
    // No labelled sample: loss 0, no gradient, no NaN.
    let empty = try Loss.meanSquaredError(predictions, Labels(values: [0, 0], present: [false, false]))
    let zeros: [Float] = [0, 0]
    #expect(empty.value == 0)
    #expect(empty.dPredictions.values == zeros)
}
