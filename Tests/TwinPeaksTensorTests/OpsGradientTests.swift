// Finite-difference gradient checks of the generic operations in `Ops`, and closed-form checks.
import Foundation
import Testing
@testable import TwinPeaksTensor

@Test func matmulGradientsMatchFiniteDifferences() throws {
    let a = randomTensor([3, 5, 7], seed: 1), b = randomTensor([7, 4], seed: 2)
    try checkGradients("matmul", inputs: [("a", a), ("b", b)]) { t in
        let y = try Ops.matmul(t[0], t[1])
        return (y, { dy in let (da, db) = try Ops.matmulBackward(dy, t[0], t[1]); return [da, db] })
    }
}

@Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
func batchedMatmulGradientsMatchFiniteDifferencesForEveryTransposition(transposeA: Bool, transposeB: Bool) throws {
    let (m, k, n) = (3, 5, 7)
    let a = randomTensor(transposeA ? [2, k, m] : [2, m, k], seed: 3)
    let b = randomTensor(transposeB ? [2, n, k] : [2, k, n], seed: 4)
    try checkGradients("batchedMatmul \(transposeA) \(transposeB)", inputs: [("a", a), ("b", b)]) { t in
        let y = try Ops.batchedMatmul(t[0], t[1], transposeA: transposeA, transposeB: transposeB)
        return (y, { dy in
            let (da, db) = try Ops.batchedMatmulBackward(dy, t[0], t[1], transposeA: transposeA, transposeB: transposeB)
            return [da, db]
        })
    }
}

@Test func batchedMatmulMatchesATripleLoop() throws {
    let a = randomTensor([2, 3, 5], seed: 5), b = randomTensor([2, 7, 5], seed: 6)
    let y = try Ops.batchedMatmul(a, b, transposeB: true)
    #expect(y.shape == [2, 3, 7])
    for batch in 0..<2 { for i in 0..<3 { for j in 0..<7 {
        var sum: Float = 0
        for l in 0..<5 { sum += a[batch, i, l] * b[batch, j, l] }
        #expect(abs(y[batch, i, j] - sum) < 1e-5)
    } } }
}

@Test func broadcastingAddSubtractMultiplyGradientsMatchFiniteDifferences() throws {
    let shapes: [([Int], [Int])] = [([3, 5, 7], [7]), ([3, 5, 7], [5, 1]), ([3, 1, 7], [1, 5, 7]), ([3, 5], [3, 5])]
    for (aShape, bShape) in shapes {
        let a = randomTensor(aShape, seed: 7), b = randomTensor(bShape, seed: 8)
        try checkGradients("add \(aShape) \(bShape)", inputs: [("a", a), ("b", b)]) { t in
            (try Ops.add(t[0], t[1]), { dy in
                let g = try Ops.addBackward(dy, aShape: aShape, bShape: bShape); return [g.dA, g.dB] })
        }
        try checkGradients("subtract \(aShape) \(bShape)", inputs: [("a", a), ("b", b)]) { t in
            (try Ops.subtract(t[0], t[1]), { dy in
                let g = try Ops.subtractBackward(dy, aShape: aShape, bShape: bShape); return [g.dA, g.dB] })
        }
        try checkGradients("multiply \(aShape) \(bShape)", inputs: [("a", a), ("b", b)]) { t in
            (try Ops.multiply(t[0], t[1]), { dy in
                let g = try Ops.multiplyBackward(dy, t[0], t[1]); return [g.dA, g.dB] })
        }
    }
}

@Test func broadcastingFollowsNumPyRules() throws {
    let a = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
    let row = try Tensor(shape: [3], values: [10, 20, 30])
    let column = try Tensor(shape: [2, 1], values: [100, 200])
    #expect(try Ops.add(a, row).values == [11, 22, 33, 14, 25, 36])
    #expect(try Ops.multiply(a, column).values == [100, 200, 300, 800, 1000, 1200])
    #expect(try Ops.add(row, column).shape == [2, 3])
    #expect(throws: TensorError.self) { try Ops.add(a, Tensor(zeros: [2])) }
}

@Test func geluGradientMatchesFiniteDifferencesAndKnownValues() throws {
    let x = randomTensor([3, 5, 7], seed: 9, scale: 2)
    try checkGradients("gelu", inputs: [("x", x)]) { t in
        (Ops.gelu(t[0]), { dy in [try Ops.geluBackward(dy, t[0])] })
    }
    // Reference values of the tanh form, from 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))) in Double.
    let points: [Float] = [-3, -1, -0.5, 0, 0.5, 1, 3]
    let y = Ops.gelu(try Tensor(shape: [7], values: points))
    for (x, value) in zip(points, y.values) {
        let xd = Double(x)
        let expected = 0.5 * xd * (1 + tanh(0.7978845608028654 * (xd + 0.044715 * xd * xd * xd)))
        #expect(abs(Double(value) - expected) < 1e-6, "gelu(\(x)) = \(value), expected \(expected)")
    }
}

@Test func fastExpMatchesLibmToAFewUlp() {
    var x: Float = -80
    while x < 80 {
        let expected = Float(exp(Double(x)))
        #expect(abs(fastExp(x) - expected) <= 4e-7 * expected, "exp(\(x))")
        x += 0.173
    }
    #expect(fastExp(-200) < 1e-37 && fastExp(-200) >= 0)
    #expect(fastExp(.nan).isNaN)
}

@Test func softmaxWithMaskGradientMatchesFiniteDifferences() throws {
    let x = randomTensor([3, 5, 7], seed: 10)
    let mask = try TokenMask(lengths: [7, 4, 1], length: 7)
    try checkGradients("softmax masked", inputs: [("x", x)]) { t in
        let y = try Ops.softmax(t[0], mask: mask)
        return (y, { dy in [try Ops.softmaxBackward(dy, output: y)] })
    }
}

@Test func softmaxOfEqualLogitsIsUniformOverValidPositions() throws {
    let x = Tensor(repeating: 3.5, shape: [2, 4])
    let y = try Ops.softmax(x, mask: try TokenMask(lengths: [4, 3], length: 4))
    #expect(y.values.prefix(4).allSatisfy { abs($0 - 0.25) < 1e-7 })
    let third: Float = 1.0 / 3.0
    let expected: [Float] = [third, third, third, 0]
    for (value, want) in zip(y.values.suffix(4), expected) { #expect(abs(value - want) < 1e-7) }
    // A row with no valid position is all zeros, not NaN.
    let empty = try Ops.softmax(x, mask: try TokenMask(lengths: [0, 4], length: 4))
    #expect(empty.values.prefix(4).allSatisfy { $0 == 0 })
}

@Test func sliceConcatenateAndSumGradientsMatchFiniteDifferences() throws {
    let x = randomTensor([3, 5, 7], seed: 11), z = randomTensor([3, 2, 7], seed: 12)
    try checkGradients("slice", inputs: [("x", x)]) { t in
        (try Ops.slice(t[0], axis: 1, range: 1..<4), { dy in
            [try Ops.sliceBackward(dy, inputShape: [3, 5, 7], axis: 1, range: 1..<4)] })
    }
    try checkGradients("concatenate", inputs: [("x", x), ("z", z)]) { t in
        (try Ops.concatenate([t[0], t[1]], axis: 1), { dy in
            try Ops.concatenateBackward(dy, sizes: [5, 2], axis: 1) })
    }
    try checkGradients("sum axis", inputs: [("x", x)]) { t in
        (try Ops.sum(t[0], axis: 1), { dy in [try Ops.sumBackward(dy, inputShape: [3, 5, 7], axis: 1)] })
    }
    try checkGradients("sum all", inputs: [("x", x)]) { t in
        (Ops.sum(t[0]), { dy in [try Ops.sumBackward(dy, inputShape: [3, 5, 7])] })
    }
}

@Test func concatenateAndSliceRoundTrip() throws {
    let a = try Tensor(shape: [2, 2], values: [1, 2, 3, 4]), b = try Tensor(shape: [2, 1], values: [5, 6])
    let joined = try Ops.concatenate([a, b], axis: 1)
    #expect(joined.values == [1, 2, 5, 3, 4, 6])
    #expect(try Ops.slice(joined, axis: 1, range: 2..<3) == b)
    #expect(throws: TensorError.self) { try Ops.concatenate([a, Tensor(zeros: [3, 1])], axis: 1) }
    #expect(throws: TensorError.self) { try Ops.slice(a, axis: 1, range: 1..<3) }
}

@Test func reshapeAndScaleGradientsMatchFiniteDifferences() throws {
    let x = randomTensor([3, 5, 7], seed: 13)
    try checkGradients("reshape", inputs: [("x", x)]) { t in
        (try t[0].reshaped([15, 7]), { dy in [try dy.reshaped([3, 5, 7])] })
    }
    try checkGradients("scale", inputs: [("x", x)]) { t in
        (Ops.scale(t[0], by: -2.5), { dy in [Ops.scale(dy, by: -2.5)] })
    }
}

@Test func aParameterUsedThroughOpsReceivesItsGradient() throws {
    // A learned positional table [tokens, width] added to [batch, tokens, width] activations.
    let store = ParameterStore()
    var generator = SeededGenerator(seed: 14)
    let positions = try store.register("positions", shape: [5, 7], decays: false,
                                       initialization: .normal(standardDeviation: 0.02), using: &generator)
    try checkGradients("positional table", inputs: [("x", randomTensor([3, 5, 7], seed: 15))], store: store) { t in
        let y = try Ops.add(t[0], store.value(positions))
        return (y, { dy in
            let (dx, dTable) = try Ops.addBackward(dy, aShape: [3, 5, 7], bShape: [5, 7])
            try store.accumulateGradient(positions, dTable)
            return [dx]
        })
    }
}
