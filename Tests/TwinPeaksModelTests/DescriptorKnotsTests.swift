// Quantile hinges in front of the descriptor path (`descriptorPathKnots`): knots at the training
// rows' quantiles, columns standardised on those rows, a constant column read as 0, ΔΔG still
// exactly antisymmetric, and a saved model carrying its knots (the loaded network predicts the same).

import Foundation
import Testing
import TwinPeaksTensor
@testable import TwinPeaksModel

@Test func descriptorKnotsSitAtTheQuantilesAndStandardiseEveryColumn() throws {
    let store = ParameterStore()
    var g = SeededGenerator(seed: 5)
    let knots = try DescriptorKnots("k", count: 3, descriptorWidth: 3, store: store, generator: &g)
    // Column 0: 0…8 (quantiles 1/4, 2/4, 3/4 → 2, 4, 6); column 1: skewed (mostly 0); column 2: constant.
    let rows: [[Float]] = (0..<9).map { i in [Float(i), i >= 7 ? Float(i) : 0, 3] }
    try knots.fit(rows, store: store)
    let q = store.value(knots.knots).values
    #expect([q[0], q[3], q[6]] == [2, 4, 6])
    #expect([q[1], q[4], q[7]] == [0, 0, 0])
    let expanded = try knots.expand(Tensor(shape: [9, 3], values: rows.flatMap { $0 }), store: store)
    #expect(expanded.shape == [9, 12])
    for c in 0..<12 {
        let column = (0..<9).map { Double(expanded.values[$0 * 12 + c]) }
        let mean = column.reduce(0, +) / 9
        let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 9).squareRoot()
        #expect(abs(mean) < 1e-5, "column \(c) mean \(mean)")
        if c % 3 == 2 { #expect(column.allSatisfy { $0 == 0 }, "the constant column \(c) reads \(column)") }
        else { #expect(abs(sd - 1) < 1e-4, "column \(c) sd \(sd)") }
    }
    // By hand: row 5, column 0, knot 4 → relu(5 − 4) = 1 against the column's values relu(i − 4).
    let hinge = (0..<9).map { Double(max($0 - 4, 0)) }
    let m = hinge.reduce(0, +) / 9, s = (hinge.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 9).squareRoot()
    #expect(abs(Double(expanded.values[5 * 12 + 6]) - (1 - m) / s) < 1e-5)
    #expect(throws: ModelError.self) { try knots.fit([[1, 2]], store: store) }
}

@Test func theKnottedPathStaysAntisymmetricAndASavedModelCarriesItsKnots() throws {
    let t = try trainer(epochs: 1) { $0.descriptorPathWidth = 8; $0.descriptorPathKnots = 4; $0.descriptorPathPretrainEpochs = 5 }
    try t.train()
    let path = try #require(t.network.descriptorPath)
    let knots = try #require(path.knots)
    #expect(t.network.store.value(knots.knots).values.contains { $0 != 0 }, "the knots were not placed")
    let complex = t.fit.complexes[t.fit.complexIDs[0]]!
    let batch = try t.assembler.mutantGroup(complex, mutants: t.fit.mutants.filter { $0.complexID == complex.id })
    var g = SeededGenerator(seed: 0)
    let a = try t.network.forward(batch, training: false, generator: &g).prediction.deltaDeltaG
    let b = try t.network.forward(NetworkFixtures.reversedPairs(batch), training: false, generator: &g).prediction.deltaDeltaG
    for (x, y) in zip(a, b) { #expect(x == -y) }
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("tp-knots-\(UUID().uuidString).h5").path
    defer { try? FileManager.default.removeItem(atPath: file) }
    try ModelCheckpoint(network: t.network, assembler: t.assembler, extra: [:]).save(t.network, to: file)
    let loaded = try ModelCheckpoint.load(file).network
    #expect(loaded.store.value(try #require(loaded.descriptorPath?.knots).knots).values
            == t.network.store.value(knots.knots).values)
    let c = try loaded.forward(batch, training: false, generator: &g).prediction.deltaDeltaG
    #expect(c == a)
}

@Test func theKnotsKeyIsReadAndChecked() throws {
    let decoded = try ModelConfiguration.decode(Data(#"{"descriptorPathWidth": 64, "descriptorPathKnots": 7}"#.utf8), source: "k.json")
    #expect(decoded.descriptorPathKnots == 7)
    #expect(throws: ModelError.self) { try ModelConfiguration.decode(Data(#"{"descriptorPathKnots": 7}"#.utf8), source: "k.json") }
    #expect(throws: ModelError.self) {
        try ModelConfiguration.decode(Data(#"{"descriptorPathWidth": 8, "descriptorPathKnots": 99}"#.utf8), source: "k.json")
    }
}
