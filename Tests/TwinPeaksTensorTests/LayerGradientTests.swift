// Gradient checks and closed-form checks of Linear, LayerNorm, Dropout and FeedForward.
import Testing
@testable import TwinPeaksTensor

/// Perturbs LayerNorm's gain and shift away from 1 and 0 so their gradients are exercised fully.
private func randomize(_ store: ParameterStore, seed: UInt64, scale: Float = 0.3) {
    var generator = SeededGenerator(seed: seed)
    for i in 0..<store.count { store.values[i] += generator.nextNormal() * scale }
}

@Test func linearGradientsMatchFiniteDifferences() throws {
    let store = ParameterStore()
    var generator = SeededGenerator(seed: 20)
    let linear = try Linear("probe", inputWidth: 7, outputWidth: 4, store: store, generator: &generator)
    randomize(store, seed: 21)
    try checkGradients("linear", inputs: [("x", randomTensor([3, 5, 7], seed: 22))], store: store) { t in
        let (y, cache) = try linear.forward(t[0])
        return (y, { dy in [try linear.backward(dy, cache: cache)] })
    }
}

@Test func linearComputesXTimesWTransposedPlusBias() throws {
    let store = ParameterStore()
    var generator = SeededGenerator(seed: 0)
    let linear = try Linear("probe", inputWidth: 2, outputWidth: 3, store: store, generator: &generator)
    try store.setValue(linear.weight, Tensor(shape: [3, 2], values: [1, 2, 3, 4, 5, 6]))
    try store.setValue(linear.bias!, Tensor(shape: [3], values: [0.5, -1, 2]))
    let (y, _) = try linear.forward(try Tensor(shape: [1, 2], values: [1, -1]))
    let expected: [Float] = [-0.5, -2, 1]  // [1−2+0.5, 3−4−1, 5−6+2]
    #expect(y.values == expected)
}

@Test func linearRejectsAWrongInputWidthNamingTheLayer() throws {
    let store = ParameterStore()
    var generator = SeededGenerator(seed: 0)
    let linear = try Linear("encoder.0.ffn.in", inputWidth: 256, outputWidth: 8, store: store, generator: &generator)
    #expect {
        _ = try linear.forward(Tensor(zeros: [2, 250]))
    } throws: { error in
        let text = String(describing: error)
        return text.contains("encoder.0.ffn.in") && text.contains("250") && text.contains("256")
    }
}

@Test func backwardAddsIntoGradientsSoASharedLayerSumsThem() throws {
    let store = ParameterStore()
    var generator = SeededGenerator(seed: 23)
    let linear = try Linear("shared", inputWidth: 4, outputWidth: 3, store: store, generator: &generator)
    let x1 = randomTensor([2, 4], seed: 24), x2 = randomTensor([5, 4], seed: 25)
    let dy1 = randomTensor([2, 3], seed: 26), dy2 = randomTensor([5, 3], seed: 27)
    store.zeroGradients()
    _ = try linear.backward(dy1, cache: try linear.forward(x1).cache)
    let first = store.gradient(linear.weight)
    store.zeroGradients()
    _ = try linear.backward(dy2, cache: try linear.forward(x2).cache)
    let second = store.gradient(linear.weight)
    store.zeroGradients()
    let (_, cache1) = try linear.forward(x1)
    let (_, cache2) = try linear.forward(x2)
    _ = try linear.backward(dy1, cache: cache1)
    _ = try linear.backward(dy2, cache: cache2)
    let both = store.gradient(linear.weight)
    for i in 0..<both.count { #expect(abs(both[flat: i] - (first[flat: i] + second[flat: i])) < 1e-5) }
}

/// Width 7 runs only the scalar tail of the vectorised kernels; 19 runs two 8-wide blocks and a tail.
@Test(arguments: [7, 19])
func layerNormGradientsMatchFiniteDifferences(width: Int) throws {
    let store = ParameterStore()
    var generator = SeededGenerator(seed: 30)
    let norm = try LayerNorm("norm", width: width, store: store, generator: &generator)
    randomize(store, seed: 31)
    try checkGradients("layer norm \(width)", inputs: [("x", randomTensor([3, 5, width], seed: 32))], store: store) { t in
        let (y, cache) = try norm.forward(t[0])
        return (y, { dy in [try norm.backward(dy, cache: cache)] })
    }
}

@Test func layerNormOfAConstantRowGivesTheShiftAndNormalisesOthers() throws {
    let store = ParameterStore()
    var generator = SeededGenerator(seed: 0)
    let norm = try LayerNorm("norm", width: 4, store: store, generator: &generator)
    try store.setValue(norm.shift, Tensor(shape: [4], values: [0.1, 0.2, 0.3, 0.4]))
    let x = try Tensor(shape: [2, 4], values: [5, 5, 5, 5, 1, 2, 3, 4])
    let (y, _) = try norm.forward(x)
    #expect(Array(y.values.prefix(4)) == [0.1, 0.2, 0.3, 0.4])
    // Row [1 2 3 4]: mean 2.5, variance 1.25 → (x − 2.5)/√(1.25 + 1e-5), plus the shift.
    let expected = [1.0, 2, 3, 4].enumerated().map { ($1 - 2.5) / (1.25 + 1e-5).squareRoot() + 0.1 * Double($0 + 1) }
    for (value, want) in zip(y.values.suffix(4), expected) { #expect(abs(Double(value) - want) < 1e-6) }
}

@Test func dropoutIsSeededInvertedAndTheIdentityInEvaluation() throws {
    let dropout = try Dropout(rate: 0.25)
    let x = Tensor(repeating: 1, shape: [100, 100])
    var first = SeededGenerator(seed: 40), second = SeededGenerator(seed: 40)
    let (y1, _) = dropout.forward(x, training: true, generator: &first)
    let (y2, _) = dropout.forward(x, training: true, generator: &second)
    #expect(y1 == y2)
    let kept = y1.values.filter { $0 != 0 }
    #expect(kept.allSatisfy { $0 == Float(1 / 0.75) })
    #expect(abs(Double(kept.count) / 10_000 - 0.75) < 0.02)
    var untouched = SeededGenerator(seed: 40)
    let (y3, _) = dropout.forward(x, training: false, generator: &untouched)
    var fresh = SeededGenerator(seed: 40)
    #expect(y3 == x && untouched.next() == fresh.next())
    #expect(throws: TensorError.self) { try Dropout(rate: 1) }
}

@Test func dropoutGradientMatchesFiniteDifferences() throws {
    let dropout = try Dropout(rate: 0.3)
    try checkGradients("dropout", inputs: [("x", randomTensor([3, 5, 7], seed: 41))]) { t in
        var generator = SeededGenerator(seed: 42)  // the same mask on every evaluation
        let (y, cache) = dropout.forward(t[0], training: true, generator: &generator)
        return (y, { dy in [try dropout.backward(dy, cache: cache)] })
    }
}

@Test func feedForwardGradientsMatchFiniteDifferences() throws {
    let store = ParameterStore()
    var generator = SeededGenerator(seed: 50)
    let block = try FeedForward("ffn", width: 7, hiddenWidth: 11, dropout: 0.2, store: store, generator: &generator)
    randomize(store, seed: 51)
    try checkGradients("feed-forward", inputs: [("x", randomTensor([3, 5, 7], seed: 52))], store: store) { t in
        var dropoutGenerator = SeededGenerator(seed: 53)
        let (y, cache) = try block.forward(t[0], training: true, generator: &dropoutGenerator)
        return (y, { dy in [try block.backward(dy, cache: cache)] })
    }
}
