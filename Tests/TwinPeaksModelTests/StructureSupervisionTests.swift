// Structure supervision and within-complex ranking: the interface head and the interface gate
// checked against central differences, the two new losses against their definitions, and the
// window labels against a hand count.

import Foundation
import Testing
import TwinPeaksTensor
@testable import TwinPeaksModel

private func structureConfiguration() -> ModelConfiguration {
    var c = NetworkFixtures.tinyConfiguration()
    c.interfaceLossWeight = 1
    c.interfaceGate = true
    return c
}

/// Interface and burial heads together, the gate reading one of them: every parameter's gradient,
/// the gate's path into the head it reads included, against central differences.
@Test(arguments: [false, true])
func interfaceAndBurialHeadsAndGateGradientsMatchCentralDifferences(gateOnBurial: Bool) throws {
    var configuration = structureConfiguration()
    configuration.burialLossWeight = 1
    configuration.gateOnBurial = gateOnBurial
    let network = try NetworkFixtures.network(configuration)
    // The gate starts at zero (epoch 0 is the classical model); give it values so its path is tested.
    var g = SeededGenerator(seed: 21)
    let gate = try #require(network.interfaceGate)
    for i in 0..<gate.weight.count { network.store.values[gate.weight.offset + i] = g.nextNormal() }
    let batch = NetworkFixtures.mixedBatch()
    let rDeltaG = NetworkFixtures.randomValues(batch.rows.count, &g)
    let rDeltaDeltaG = NetworkFixtures.randomValues(batch.pairs.count, &g)
    var unused = SeededGenerator(seed: 0)
    let probe = try network.forward(batch, training: false, generator: &unused).prediction
    let shapes = [try #require(probe.interfaceLogits).0.shape, try #require(probe.interfaceLogits).1.shape]
    #expect(probe.burialLogits.map { [$0.0.shape, $0.1.shape] } == shapes)
    // Random weights on each head's logits: (interface partner 1, 2), (burial partner 1, 2).
    let r = (0..<4).map { NetworkFixtures.randomValues(shapes[$0 % 2][0] * shapes[$0 % 2][1], &g) }
    func weighted(_ logits: (Tensor, Tensor), _ first: Int) -> Double {
        zip(logits.0.values, r[first]).reduce(0.0) { $0 + Double($1.0 * $1.1) }
            + zip(logits.1.values, r[first + 1]).reduce(0.0) { $0 + Double($1.0 * $1.1) }
    }

    func loss() throws -> Double {
        var unused = SeededGenerator(seed: 0)
        let p = try network.forward(batch, training: false, generator: &unused).prediction
        return zip(p.deltaGStandardised, rDeltaG).reduce(0.0) { $0 + Double($1.0 * $1.1) }
            + zip(p.deltaDeltaG, rDeltaDeltaG).reduce(0.0) { $0 + Double($1.0 * $1.1) }
            + weighted(p.interfaceLogits!, 0) + weighted(p.burialLogits!, 2)
    }

    network.store.zeroGradients()
    let (_, cache) = try network.forward(batch, training: false, generator: &unused)
    func tensors(_ first: Int) throws -> (Tensor, Tensor) {
        (try Tensor(shape: shapes[0], values: r[first]), try Tensor(shape: shapes[1], values: r[first + 1]))
    }
    try network.backward(dDeltaGStandardised: Tensor(shape: [batch.rows.count], values: rDeltaG),
                         dDeltaDeltaG: Tensor(shape: [batch.pairs.count], values: rDeltaDeltaG),
                         dInterfaceLogits: try tensors(0), dBurialLogits: try tensors(2), cache: cache)
    let analytic = Array(network.store.gradients)
    let checked = Set(try NetworkFixtures.expectGradientsMatchCentralDifferences(network, analytic: analytic, loss: loss).keys)
    #expect(checked.isSuperset(of: ["interface_head.weight", "burial_head.weight", "ddg_head.interface_gate.weight"]))
    // The gate's weights get a gradient from ΔΔG, the heads' from their logits and (the one it reads) the gate.
    #expect((0..<gate.weight.count).contains { analytic[gate.weight.offset + $0] != 0 })
    // The gate reads the head it is set to: zeroing the other head's weights leaves ΔΔG unchanged.
    let other = try #require(network.store.parameters.first { $0.name == (gateOnBurial ? "interface_head.weight" : "burial_head.weight") })
    let before = try network.forward(batch, training: false, generator: &unused).prediction.deltaDeltaG
    for i in 0..<other.count { network.store.values[other.offset + i] = 0 }
    #expect(try network.forward(batch, training: false, generator: &unused).prediction.deltaDeltaG == before)
}

@Test func gateAtZeroLeavesTheDeltaDeltaGOfTheNetworkWithoutIt() throws {
    // Same seed: the new parameters are created last, so every shared parameter starts equal, and
    // the zero gate adds nothing: switching structure supervision on does not change epoch 0.
    let with = try NetworkFixtures.network(structureConfiguration())
    let without = try NetworkFixtures.network(NetworkFixtures.tinyConfiguration())
    let batch = NetworkFixtures.mixedBatch()
    var u1 = SeededGenerator(seed: 0), u2 = SeededGenerator(seed: 0)
    let a = try with.forward(batch, training: false, generator: &u1).prediction
    let b = try without.forward(batch, training: false, generator: &u2).prediction
    #expect(a.deltaDeltaG == b.deltaDeltaG)
    #expect(a.deltaG == b.deltaG)
    #expect(a.interfaceLogits != nil && b.interfaceLogits == nil)
}

@Test func interfaceLossIsBinaryCrossEntropyOverLabelledTokens() throws {
    let logits = try Tensor(shape: [2, 3], values: [0.5, -1, 2, 9, 9, 9])
    // Row 1 has no structure; row 0's third token is padding past its target list.
    let result = try #require(try InterfaceLoss.binaryCrossEntropy(logits, targets: [[1, 0.25], nil]))
    func bce(_ x: Double, _ y: Double) -> Double {
        let s = 1 / (1 + exp(-x))
        return -(y * log(s) + (1 - y) * log(1 - s))
    }
    #expect(abs(Double(result.value) - (bce(0.5, 1) + bce(-1, 0.25)) / 2) < 1e-6)
    let s0 = 1 / (1 + exp(-0.5)), s1 = 1 / (1 + exp(1.0))
    #expect(abs(Double(result.dLogits[flat: 0]) - (s0 - 1) / 2) < 1e-6)
    #expect(abs(Double(result.dLogits[flat: 1]) - (s1 - 0.25) / 2) < 1e-6)
    #expect(result.dLogits.values[2...].allSatisfy { $0 == 0 })
    #expect(try InterfaceLoss.binaryCrossEntropy(logits, targets: [nil, nil]) == nil)
}

@Test func rankingLossRewardsTheMeasuredOrderWithinAComplex() throws {
    let labels = Labels(exact: [2.0, 0.1, 1.0])
    // Pairs with a gap ≥ 0.5: (0 over 1) and (0 over 2) and (2 over 1).
    let right = try #require(try RankingLoss.pairwiseLogistic([3, 0, 1], labels: labels))
    let wrong = try #require(try RankingLoss.pairwiseLogistic([0, 3, 1], labels: labels))
    #expect(right.value < wrong.value)
    // Central differences of the loss.
    let p: [Float] = [0.3, -0.2, 0.9]
    let analytic = try #require(try RankingLoss.pairwiseLogistic(p, labels: labels)).dPredictions
    for i in 0..<3 {
        var plus = p, minus = p
        plus[i] += 1e-2
        minus[i] -= 1e-2
        let numeric = (try RankingLoss.pairwiseLogistic(plus, labels: labels)!.value
                       - RankingLoss.pairwiseLogistic(minus, labels: labels)!.value) / 2e-2
        #expect(abs(numeric - analytic[flat: i]) < 1e-3)
    }
    // The gradient only moves predictions apart within the complex: it sums to zero.
    #expect(abs(analytic.values.reduce(0, +)) < 1e-6)
    // No pair differs by the margin: no loss.
    #expect(try RankingLoss.pairwiseLogistic([1, 2], labels: Labels(exact: [1.0, 1.2])) == nil)
}

@Test func windowLabelsAverageTheResiduesEachTokenReads() {
    // w = 3, s = 2 over 6 residues: tokens read 0..<3, 2..<5, 4..<6.
    let flags: [Float] = [1, 0, 0, 1, 1, 0]
    var c = ModelConfiguration()
    (c.windowSize, c.windowStride) = (3, 2)
    #expect(WindowLabels.tokenFractions(flags, configuration: c) == [1.0 / 3, 2.0 / 3, 0.5])
    let back = WindowLabels.residueMeans([0.3, 0.6, 0.9], length: 6, configuration: c)
    for (value, expected) in zip(back, [0.3, 0.3, 0.45, 0.6, 0.75, 0.9] as [Float]) { #expect(abs(value - expected) < 1e-6) }
    #expect(back.count == 6)
}
