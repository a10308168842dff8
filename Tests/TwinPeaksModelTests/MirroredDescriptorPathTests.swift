// The mirrored descriptor path (`descriptorPathWidth`): ΔΔG += m(forward) − m(reverse). Exactly
// antisymmetric with random weights, which do move ΔΔG; the path against a plain reference MLP;
// its parameters are created last (the rest of the network keeps its initial values); the keys
// are read from JSON, checked, and refused without the wide paths.

import Foundation
import Testing
import TwinPeaksTensor
@testable import TwinPeaksModel

@Test func theDescriptorPathKeepsDeltaDeltaGAntisymmetricAndMovesIt() throws {
    var c = NetworkFixtures.tinyConfiguration()
    c.descriptorPathWidth = 8
    let network = try NetworkFixtures.network(c)
    let path = try #require(network.descriptorPath)
    // Random weights everywhere on the path (at creation its output layer is random, at training zero).
    NetworkFixtures.randomise(path.parameters, of: network, seed: 41)
    let batch = NetworkFixtures.mixedBatch()
    var generator = SeededGenerator(seed: 0)
    let a = try network.forward(batch, training: false, generator: &generator).prediction
    let b = try network.forward(NetworkFixtures.reversedPairs(batch), training: false, generator: &generator).prediction
    for (x, y) in zip(a.deltaDeltaG, b.deltaDeltaG) { #expect(x == -y, "ΔΔG \(x) reversed gives \(y)") }
    // Without the path the same seed gives the same other weights: only ΔΔG moves, ΔG does not.
    let plain = try NetworkFixtures.network(NetworkFixtures.tinyConfiguration())
    for parameter in plain.store.parameters {
        let same = try #require(network.store.parameter(named: parameter.name))
        #expect(network.store.value(same).values == plain.store.value(parameter).values, "\(parameter.name)")
    }
    let p = try plain.forward(batch, training: false, generator: &generator).prediction
    #expect(a.deltaG == p.deltaG)
    #expect(zip(a.deltaDeltaG, p.deltaDeltaG).contains { $0 != $1 }, "the path leaves ΔΔG unchanged")
}

@Test func theDescriptorPathIsTheDifferenceOfAPlainMLPOnBothDirections() throws {
    // Reference: y = W₂·gelu(W₁x + b₁) + b₂ (GELU in its tanh form, W [out, in]) by hand, in Double.
    let store = ParameterStore()
    var g = SeededGenerator(seed: 43)
    let path = try MirroredDescriptorPath(descriptorWidth: 5, hiddenWidth: 4, dropout: 0.1, store: store, generator: &g)
    let rows = 3
    let forward = try Tensor(shape: [rows, 5], values: (0..<15).map { _ in g.nextNormal() })
    let reverse = try Tensor(shape: [rows, 5], values: (0..<15).map { _ in g.nextNormal() })
    var unused = SeededGenerator(seed: 0)
    let (difference, _) = try path.forward(Ops.concatenate([forward, reverse], axis: 0), training: false, generator: &unused)
    func mlp(_ x: [Float]) -> Double { NetworkFixtures.referenceMLP(path.mlp, store: store, x) }
    for r in 0..<rows {
        let expected = mlp(Array(forward.values[(r * 5)..<(r * 5 + 5)])) - mlp(Array(reverse.values[(r * 5)..<(r * 5 + 5)]))
        #expect(abs(Double(difference[r]) - expected) < 1e-4, "row \(r): \(difference[r]) against \(expected)")
    }
}

@Test func theDescriptorPathKeysAreReadCheckedAndNeedTheWidePaths() throws {
    let decoded = try ModelConfiguration.decode(Data(#"{"descriptorPathWidth": 64, "descriptorPathRateScale": 8}"#.utf8),
                                                source: "path.json")
    #expect(decoded.descriptorPathWidth == 64 && decoded.descriptorPathRateScale == 8)
    #expect(throws: ModelError.self) { try ModelConfiguration.decode(Data(#"{"descriptorPathWidth": -1}"#.utf8), source: "path.json") }
    #expect(throws: ModelError.self) { try ModelConfiguration.decode(Data(#"{"descriptorPathRateScale": 1000}"#.utf8), source: "path.json") }
    var bare = ModelConfiguration()
    bare.descriptorPathWidth = 16
    bare.widePaths = false
    #expect(throws: ModelError.self) { try bare.validate() }
}
