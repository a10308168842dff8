// Multi-head attention against a plain triple-loop reference written here, its gradients, the
// self/cross equivalence, and gradient checks of the encoder and cross-attention layers.
import Foundation
import Testing
@testable import TwinPeaksTensor

/// Attention the slow, obvious way, in Double: per batch entry, head, query and key.
private func referenceAttention(_ attention: MultiHeadAttention, store: ParameterStore,
                                query x: Tensor, context c: Tensor, mask: TokenMask) -> [Double] {
    let (batch, tq, tk, w) = (x.shape[0], x.shape[1], c.shape[1], attention.width)
    let heads = attention.heads, d = w / heads
    func project(_ linear: Linear, _ input: Tensor, _ rows: Int) -> [Double] {
        let weight = store.value(linear.weight), bias = store.value(linear.bias!)
        var out = [Double](repeating: 0, count: rows * w)
        for r in 0..<rows { for o in 0..<w {
            var sum = Double(bias[flat: o])
            for i in 0..<w { sum += Double(input[flat: r * w + i]) * Double(weight[o, i]) }
            out[r * w + o] = sum
        } }
        return out
    }
    let q = project(attention.query, x, batch * tq), k = project(attention.key, c, batch * tk)
    let v = project(attention.value, c, batch * tk)
    var attended = [Double](repeating: 0, count: batch * tq * w)
    for b in 0..<batch { for h in 0..<heads { for i in 0..<tq {
        var scores = [Double](repeating: 0, count: tk)
        for j in 0..<tk {
            for e in 0..<d { scores[j] += q[(b * tq + i) * w + h * d + e] * k[(b * tk + j) * w + h * d + e] }
            scores[j] /= Double(d).squareRoot()
        }
        let validKeys = (0..<tk).filter { mask.valid[b * tk + $0] }
        guard let maximum = validKeys.map({ scores[$0] }).max() else { continue }
        let total = validKeys.reduce(0.0) { $0 + exp(scores[$1] - maximum) }
        for j in validKeys {
            let p = exp(scores[j] - maximum) / total
            for e in 0..<d { attended[(b * tq + i) * w + h * d + e] += p * v[(b * tk + j) * w + h * d + e] }
        }
    } } }
    let weight = store.value(attention.output.weight), bias = store.value(attention.output.bias!)
    var out = [Double](repeating: 0, count: batch * tq * w)
    for r in 0..<(batch * tq) { for o in 0..<w {
        var sum = Double(bias[flat: o])
        for i in 0..<w { sum += attended[r * w + i] * Double(weight[o, i]) }
        out[r * w + o] = sum
    } }
    return out
}

private func makeAttention(seed: UInt64, width: Int = 6, heads: Int = 2, attentionDropout: Float = 0)
    throws -> (MultiHeadAttention, ParameterStore) {
    let store = ParameterStore()
    var generator = SeededGenerator(seed: seed)
    let attention = try MultiHeadAttention("attn", width: width, heads: heads, attentionDropout: attentionDropout,
                                           store: store, generator: &generator)
    var noise = SeededGenerator(seed: seed + 1)
    for i in 0..<store.count { store.values[i] += noise.nextNormal() * 0.2 }  // biases away from 0
    return (attention, store)
}

@Test func crossAttentionMatchesAPlainReferenceWithPaddingMasks() throws {
    let (attention, store) = try makeAttention(seed: 60)
    let x = randomTensor([3, 5, 6], seed: 61), c = randomTensor([3, 7, 6], seed: 62)
    let mask = try TokenMask(lengths: [7, 3, 0], length: 7)
    var generator = SeededGenerator(seed: 0)
    let (y, _) = try attention.forward(query: x, context: c, contextMask: mask, training: false, generator: &generator)
    let expected = referenceAttention(attention, store: store, query: x, context: c, mask: mask)
    for i in 0..<y.count { #expect(abs(Double(y[flat: i]) - expected[i]) < 1e-5, "value \(i)") }
}

@Test func selfAttentionMatchesAPlainReferenceWithAPaddingMask() throws {
    let (attention, store) = try makeAttention(seed: 63, width: 8, heads: 4)
    let x = randomTensor([2, 5, 8], seed: 64)
    let mask = try TokenMask(batch: 2, length: 5, valid: [true, false, true, true, false, true, true, true, true, true])
    var generator = SeededGenerator(seed: 0)
    let (y, _) = try attention.forwardSelf(x, mask: mask, training: false, generator: &generator)
    let expected = referenceAttention(attention, store: store, query: x, context: x, mask: mask)
    for i in 0..<y.count { #expect(abs(Double(y[flat: i]) - expected[i]) < 1e-5, "value \(i)") }
}

@Test func attentionOverLongerKeySequencesMatchesTheReference() throws {
    // 19 keys: two 8-wide blocks of the vectorised softmax and a tail of 3.
    let (attention, store) = try makeAttention(seed: 90, width: 8, heads: 2)
    let x = randomTensor([2, 3, 8], seed: 91), c = randomTensor([2, 19, 8], seed: 92)
    let mask = try TokenMask(lengths: [19, 11], length: 19)
    var generator = SeededGenerator(seed: 0)
    let (y, _) = try attention.forward(query: x, context: c, contextMask: mask, training: false, generator: &generator)
    let expected = referenceAttention(attention, store: store, query: x, context: c, mask: mask)
    for i in 0..<y.count { #expect(abs(Double(y[flat: i]) - expected[i]) < 1e-5, "value \(i)") }
    try checkGradients("cross-attention 19 keys", inputs: [("x", x), ("context", c)], store: store) { t in
        var generator = SeededGenerator(seed: 0)
        let (y, cache) = try attention.forward(query: t[0], context: t[1], contextMask: mask, training: false,
                                               generator: &generator)
        return (y, { dy in let g = try attention.backward(dy, cache: cache); return [g.dQuery, g.dContext] })
    }
}

@Test func paddedKeysDoNotChangeTheOutput() throws {
    let (attention, _) = try makeAttention(seed: 65)
    let x = randomTensor([2, 5, 6], seed: 66)
    var c = randomTensor([2, 7, 6], seed: 67)
    let mask = try TokenMask(lengths: [4, 6], length: 7)
    var generator = SeededGenerator(seed: 0)
    let (before, _) = try attention.forward(query: x, context: c, contextMask: mask, training: false, generator: &generator)
    for e in 0..<6 { c[0, 5, e] = 1000; c[1, 6, e] = -55 }
    let (after, _) = try attention.forward(query: x, context: c, contextMask: mask, training: false, generator: &generator)
    #expect(before == after)
}

@Test func selfAttentionEqualsCrossAttentionWithTheSameTensorAndSumsBothGradients() throws {
    let (attention, store) = try makeAttention(seed: 68)
    let x = randomTensor([2, 5, 6], seed: 69), dy = randomTensor([2, 5, 6], seed: 70)
    let mask = try TokenMask(lengths: [5, 2], length: 5)
    var generator = SeededGenerator(seed: 0)
    store.zeroGradients()
    let (ySelf, selfCache) = try attention.forwardSelf(x, mask: mask, training: false, generator: &generator)
    let dxSelf = try attention.backwardSelf(dy, cache: selfCache)
    let selfGradients = Array(store.gradients)
    store.zeroGradients()
    let (yCross, crossCache) = try attention.forward(query: x, context: x, contextMask: mask, training: false,
                                                     generator: &generator)
    let (dQuery, dContext) = try attention.backward(dy, cache: crossCache)
    let crossGradients = Array(store.gradients)
    for i in 0..<ySelf.count { #expect(abs(ySelf[flat: i] - yCross[flat: i]) < 1e-5) }
    for i in 0..<dxSelf.count { #expect(abs(dxSelf[flat: i] - (dQuery[flat: i] + dContext[flat: i])) < 1e-5) }
    for i in selfGradients.indices { #expect(abs(selfGradients[i] - crossGradients[i]) < 1e-5) }
    #expect(throws: TensorError.self) { try attention.backward(dy, cache: selfCache) }
}

@Test func selfAttentionGradientsMatchFiniteDifferences() throws {
    let (attention, store) = try makeAttention(seed: 71)
    let mask = try TokenMask(lengths: [5, 3, 1], length: 5)
    try checkGradients("self-attention", inputs: [("x", randomTensor([3, 5, 6], seed: 72))], store: store) { t in
        var generator = SeededGenerator(seed: 0)
        let (y, cache) = try attention.forwardSelf(t[0], mask: mask, training: false, generator: &generator)
        return (y, { dy in [try attention.backwardSelf(dy, cache: cache)] })
    }
}

@Test func crossAttentionGradientsWithAttentionDropoutMatchFiniteDifferences() throws {
    let (attention, store) = try makeAttention(seed: 73, attentionDropout: 0.2)
    let mask = try TokenMask(lengths: [7, 2, 5], length: 7)
    let inputs = [("x", randomTensor([3, 5, 6], seed: 74)), ("context", randomTensor([3, 7, 6], seed: 75))]
    try checkGradients("cross-attention", inputs: inputs, store: store) { t in
        var generator = SeededGenerator(seed: 76)
        let (y, cache) = try attention.forward(query: t[0], context: t[1], contextMask: mask, training: true,
                                               generator: &generator)
        return (y, { dy in let g = try attention.backward(dy, cache: cache); return [g.dQuery, g.dContext] })
    }
}

@Test func encoderLayerGradientsMatchFiniteDifferences() throws {
    let store = ParameterStore()
    var generator = SeededGenerator(seed: 80)
    let layer = try EncoderLayer("encoder.0", width: 6, heads: 2, feedForwardWidth: 10, dropout: 0.2,
                                 attentionDropout: 0.1, store: store, generator: &generator)
    var noise = SeededGenerator(seed: 81)
    for i in 0..<store.count { store.values[i] += noise.nextNormal() * 0.2 }
    let mask = try TokenMask(lengths: [5, 3], length: 5)
    try checkGradients("encoder layer", inputs: [("x", randomTensor([2, 5, 6], seed: 82))], store: store) { t in
        var dropoutGenerator = SeededGenerator(seed: 83)
        let (y, cache) = try layer.forward(t[0], mask: mask, training: true, generator: &dropoutGenerator)
        return (y, { dy in [try layer.backward(dy, cache: cache)] })
    }
}

@Test(arguments: [true, false])
func crossAttentionLayerGradientsMatchFiniteDifferences(withFeedForward: Bool) throws {
    let store = ParameterStore()
    var generator = SeededGenerator(seed: 84)
    let layer = try CrossAttentionLayer("cross.0", width: 6, heads: 3, feedForwardWidth: withFeedForward ? 9 : nil,
                                        dropout: 0.1, store: store, generator: &generator)
    var noise = SeededGenerator(seed: 85)
    for i in 0..<store.count { store.values[i] += noise.nextNormal() * 0.2 }
    let mask = try TokenMask(lengths: [7, 4], length: 7)
    let inputs = [("x", randomTensor([2, 5, 6], seed: 86)), ("context", randomTensor([2, 7, 6], seed: 87))]
    try checkGradients("cross-attention layer ffn=\(withFeedForward)", inputs: inputs, store: store) { t in
        var dropoutGenerator = SeededGenerator(seed: 88)
        let (y, cache) = try layer.forward(t[0], context: t[1], contextMask: mask, training: true,
                                           generator: &dropoutGenerator)
        return (y, { dy in let g = try layer.backward(dy, cache: cache); return [g.dInput, g.dContext] })
    }
}

@Test func attentionRejectsMismatchedShapesAndMasks() throws {
    let (attention, _) = try makeAttention(seed: 89)
    var generator = SeededGenerator(seed: 0)
    let x = Tensor(zeros: [2, 5, 6])
    #expect(throws: TensorError.self) {
        try attention.forwardSelf(Tensor(zeros: [2, 5, 7]), mask: .full(batch: 2, length: 5), training: false, generator: &generator)
    }
    #expect(throws: TensorError.self) {
        try attention.forwardSelf(x, mask: .full(batch: 2, length: 4), training: false, generator: &generator)
    }
    #expect(throws: TensorError.self) {
        try attention.forward(query: x, context: Tensor(zeros: [3, 7, 6]), contextMask: .full(batch: 3, length: 7),
                              training: false, generator: &generator)
    }
    #expect(throws: TensorError.self) {
        try MultiHeadAttention("bad", width: 6, heads: 4, store: ParameterStore(), generator: &generator)
    }
}
