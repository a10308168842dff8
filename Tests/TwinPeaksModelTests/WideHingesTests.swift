// The piecewise-linear wide paths (`wideHinges`): the expansion against a hand computation, and the
// network's symmetries with the hinge weights switched on (they start at zero, like the wide paths).

import Foundation
import Testing
import TwinPeaksTensor
@testable import TwinPeaksModel

@Test func hingeKnotsAndExpansionMatchAHandComputation() throws {
    #expect(WideHinges(count: 0).knots.isEmpty)
    #expect(WideHinges(count: 1).knots == [0])
    #expect(WideHinges(count: 3).knots == [-1, 0, 1])
    let hinges = WideHinges(count: 3)
    // z = 0.5: relu(1.5), relu(0.5), relu(−0.5); z = −2: all three hinges 0.
    #expect(hinges.expand([0.5, -2]) == [0.5, -2, 1.5, 0, 0.5, 0, 0, 0])
    #expect(hinges.expandedWidth(84) == 336)
    let tensor = try hinges.expand(Tensor(shape: [2, 2], values: [0.5, -2, 3, 0]))
    #expect(tensor.shape == [2, 8])
    #expect(tensor.values == [0.5, -2, 1.5, 0, 0.5, 0, 0, 0, 3, 0, 4, 1, 3, 0, 2, 0])
    #expect(WideHinges(count: 0).expand([0.5, -2]) == [0.5, -2])
}

/// A tiny network with hinged wide paths whose hinge weights (not the linear ones) are random.
private func hingedNetwork() throws -> TwinPeaksNetwork {
    var c = NetworkFixtures.tinyConfiguration()
    c.wideHinges = 3
    let network = try NetworkFixtures.network(c)
    var g = SeededGenerator(seed: 31)
    for (wide, descriptors) in [(network.deltaDeltaGHead.wide, NetworkFixtures.substitutionDescriptorWidth),
                                (network.deltaGHead.wide, NetworkFixtures.partnerDescriptorWidth)] {
        let weight = try #require(wide).weight
        #expect(weight.count == 4 * descriptors)
        let linear = descriptors
        for i in linear..<weight.count { network.store.values[weight.offset + i] = g.nextNormal() }
    }
    return network
}

private func predict(_ network: TwinPeaksNetwork, _ batch: NetworkBatch) throws -> TwinPeaksNetwork.Prediction {
    var g = SeededGenerator(seed: 0)
    return try network.forward(batch, training: false, generator: &g).prediction
}

@Test func hingedWidePathsKeepDeltaDeltaGAntisymmetricAndChangeThePrediction() throws {
    let network = try hingedNetwork()
    let batch = NetworkFixtures.mixedBatch()
    let a = try predict(network, batch), b = try predict(network, NetworkFixtures.reversedPairs(batch))
    for (x, y) in zip(a.deltaDeltaG, b.deltaDeltaG) { #expect(x == -y, "ΔΔG \(x) reversed gives \(y)") }
    // The same network with the hinge weights at zero again: the hinges are what moved the outputs.
    let plain = try NetworkFixtures.network({ var c = NetworkFixtures.tinyConfiguration(); c.wideHinges = 3; return c }())
    let p = try predict(plain, batch)
    for (x, y) in zip(a.deltaDeltaG, p.deltaDeltaG) { #expect(x != y, "hinge weights leave ΔΔG at \(x)") }
    for (x, y) in zip(a.deltaG, p.deltaG) { #expect(x != y, "hinge weights leave ΔG at \(x)") }
}

@Test func aHingedConfigurationIsCheckedBeforeWork() throws {
    var c = ModelConfiguration()
    c.wideHinges = 17
    #expect(throws: ModelError.self) { try c.validate() }
    c.wideHinges = 3
    c.widePaths = false
    #expect(throws: ModelError.self) { try c.validate() }
    let decoded = try ModelConfiguration.decode(Data(#"{"wideHinges": 2}"#.utf8), source: "hinges.json")
    #expect(decoded.wideHinges == 2)
}

@Test func deltaGHingesOnlyBendsTheDeltaGPathAndLeavesDeltaDeltaGLinear() throws {
    var c = NetworkFixtures.tinyConfiguration()
    c.wideHinges = 3
    c.deltaGHingesOnly = true
    let network = try NetworkFixtures.network(c)
    let ddgWeight = try #require(network.deltaDeltaGHead.wide).weight
    let dgWeight = try #require(network.deltaGHead.wide).weight
    #expect(ddgWeight.count == NetworkFixtures.substitutionDescriptorWidth)
    #expect(dgWeight.count == 4 * NetworkFixtures.partnerDescriptorWidth)
    // Random ΔG hinge weights move ΔG and nothing of ΔΔG: against the linear network, ΔΔG is bit
    // for bit the same (the hinge weights start at zero and draw nothing from the generator).
    var g = SeededGenerator(seed: 31)
    for i in NetworkFixtures.partnerDescriptorWidth..<dgWeight.count {
        network.store.values[dgWeight.offset + i] = g.nextNormal()
    }
    let linear = try NetworkFixtures.network(NetworkFixtures.tinyConfiguration())
    let batch = NetworkFixtures.mixedBatch()
    let bent = try predict(network, batch), straight = try predict(linear, batch)
    #expect(bent.deltaDeltaG == straight.deltaDeltaG)
    for (x, y) in zip(bent.deltaG, straight.deltaG) { #expect(x != y, "ΔG hinge weights leave ΔG at \(x)") }
    // The key needs hinges to keep to ΔG, and is read from JSON.
    var unbent = ModelConfiguration()
    unbent.deltaGHingesOnly = true
    #expect(throws: ModelError.self) { try unbent.validate() }
    let decoded = try ModelConfiguration.decode(Data(#"{"wideHinges": 3, "deltaGHingesOnly": true}"#.utf8), source: "dg-hinges.json")
    #expect(decoded.deltaDeltaGHinges.knots.isEmpty && decoded.deltaGHinges.knots.count == 3)
}
