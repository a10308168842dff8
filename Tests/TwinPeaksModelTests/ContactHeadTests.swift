// The contact head (window-pair logits from both partners' final tokens): its gradients against
// central differences, its symmetry under listing the partners the other way round, the window
// contact map against a hand count, and the loss against its definition.

import Foundation
import Testing
import TwinPeaksBio
import TwinPeaksTensor
@testable import TwinPeaksModel

private func contactConfiguration() -> ModelConfiguration {
    var c = NetworkFixtures.tinyConfiguration()
    c.interfaceLossWeight = 1
    c.interfaceGate = true
    c.contactLossWeight = 1
    return c
}

@Test func contactHeadGradientsMatchCentralDifferences() throws {
    let network = try NetworkFixtures.network(contactConfiguration())
    let batch = NetworkFixtures.mixedBatch()
    var g = SeededGenerator(seed: 23)
    var unused = SeededGenerator(seed: 0)
    let probe = try network.forward(batch, training: false, generator: &unused).prediction
    let shape = try #require(probe.contactLogits).shape
    #expect(shape == [batch.rows.count, 3, 5])  // longest partners 7 and 11 residues at w = 3, s = 2: 3 and 5 tokens
    let r = NetworkFixtures.randomValues(shape.reduce(1, *), &g)
    let rDeltaG = NetworkFixtures.randomValues(batch.rows.count, &g)

    func loss() throws -> Double {
        var unused = SeededGenerator(seed: 0)
        let p = try network.forward(batch, training: false, generator: &unused).prediction
        return zip(p.contactLogits!.values, r).reduce(0.0) { $0 + Double($1.0 * $1.1) }
            + zip(p.deltaGStandardised, rDeltaG).reduce(0.0) { $0 + Double($1.0 * $1.1) }
    }

    network.store.zeroGradients()
    let (_, cache) = try network.forward(batch, training: false, generator: &unused)
    try network.backward(dDeltaGStandardised: Tensor(shape: [batch.rows.count], values: rDeltaG), dDeltaDeltaG: nil,
                         dContactLogits: Tensor(shape: shape, values: r), cache: cache)
    let analytic = Array(network.store.gradients)
    let checked = try NetworkFixtures.expectGradientsMatchCentralDifferences(network, analytic: analytic, loss: loss)
    #expect(checked.keys.contains("contact_head.p.weight") && checked.keys.contains("contact_head.q.bias"))
    // The contact loss reaches the encoder through the tokens.
    let encoder = try #require(network.store.parameters.first { $0.name.hasPrefix("encoder") || $0.name.hasPrefix("trunk") })
    #expect((0..<encoder.count).contains { analytic[encoder.offset + $0] != 0 })
}

@Test func contactMapTransposesWhenThePartnersSwap() throws {
    let network = try NetworkFixtures.network(contactConfiguration())
    let batch = NetworkFixtures.mixedBatch()
    let swapped = NetworkBatch(rows: batch.rows.map(\.swapped))
    var u1 = SeededGenerator(seed: 0), u2 = SeededGenerator(seed: 0)
    let a = try #require(try network.forward(NetworkBatch(rows: batch.rows), training: false, generator: &u1).prediction.contactLogits)
    let b = try #require(try network.forward(swapped, training: false, generator: &u2).prediction.contactLogits)
    // Row 0 is 7 + 9 residues: 3 × 4 tokens one way, 4 × 3 the other.
    for i in 0..<3 {
        for j in 0..<4 {
            let forward = a[flat: (0 * a.shape[1] + i) * a.shape[2] + j], backward = b[flat: (0 * b.shape[1] + j) * b.shape[2] + i]
            #expect(abs(forward - backward) < 1e-4, "window pair \(i), \(j)")
        }
    }
}

@Test func windowContactMapMarksEveryWindowPairHoldingAContact() {
    // w = 3, s = 2: 6 residues → tokens 0..<3, 2..<5, 4..<6; 5 residues → 0..<3, 2..<5.
    var c = ModelConfiguration()
    (c.windowSize, c.windowStride) = (3, 2)
    let map = WindowLabels.contactMap([(2, 0), (5, 4)], lengths: (6, 5), configuration: c)
    #expect(map.tokens1 == 3 && map.tokens2 == 2)
    // Residue 2 sits in tokens 0 and 1 of partner 1, residue 0 in token 0 of partner 2; residue 5 in
    // token 2, residue 4 in token 1.
    #expect(map.values == [1, 0,
                           1, 0,
                           0, 1])
    #expect(map.transposed.values == [1, 1, 0,
                                      0, 0, 1])
    #expect(map.transposed.transposed == map)
}

@Test func contactLossIsBinaryCrossEntropyOverEachRowsWindowPairs() throws {
    // Row 0: a 1 × 2 map inside 2 × 2 padded logits; row 1: no structure.
    let logits = try Tensor(shape: [2, 2, 2], values: [0.5, -1, 7, 7, 9, 9, 9, 9])
    let result = try #require(try ContactLoss.binaryCrossEntropy(
        logits, targets: [ContactTargets(tokens1: 1, tokens2: 2, values: [1, 0]), nil]))
    func bce(_ x: Double, _ y: Double) -> Double {
        let s = 1 / (1 + exp(-x))
        return -(y * log(s) + (1 - y) * log(1 - s))
    }
    #expect(abs(Double(result.value) - (bce(0.5, 1) + bce(-1, 0)) / 2) < 1e-6)
    #expect(abs(Double(result.dLogits[flat: 0]) - (1 / (1 + exp(-0.5)) - 1) / 2) < 1e-6)
    #expect(abs(Double(result.dLogits[flat: 1]) - (1 / (1 + exp(1.0))) / 2) < 1e-6)
    #expect(result.dLogits.values[2...].allSatisfy { $0 == 0 })
    #expect(try ContactLoss.binaryCrossEntropy(logits, targets: [nil, nil]) == nil)
    // A map larger than the logits is refused.
    #expect(throws: ModelError.self) {
        try ContactLoss.binaryCrossEntropy(logits, targets: [ContactTargets(tokens1: 3, tokens2: 1, values: [1, 0, 0]), nil])
    }
}

@Test func contactScoresAreAnAUROCOverEveryWindowPair() {
    var scores = LabelScores()
    scores.labels = [true, false, false, true]
    scores.probabilities = [0.9, 0.2, 0.4, 0.3]
    // Positives 0.9 and 0.3 against negatives 0.2 and 0.4: 3 of the 4 pairs ranked right.
    #expect(scores.auroc == 0.75)
    #expect(LabelScores().auroc == nil)
}

@Test func structureScoresScoreEveryCroppedResidueAndWindowPairFromOneEnsembleMean() throws {
    // Random weights are enough: the question is which residues and window pairs are scored, and that
    // an ensemble of two identical members gives the one member's probabilities.
    let t = try trainer(epochs: 1) { $0.interfaceLossWeight = 1; $0.contactLossWeight = 1 }
    let predictor = Predictor(network: t.network, assembler: t.assembler)
    var complexes = Array(t.fit.complexIDs.prefix(2).map { t.fit.complexes[$0]! })
    for (k, id) in complexes.indices.enumerated() {
        let lengths = complexes[id].partners.partners.map { $0.reduce(0) { $0 + $1.residues.count } }
        // Minimum distances: every third residue of partner 1 and every fourth of partner 2 within 5 Å.
        let flags = lengths.enumerated().map { side, n in (0..<n).map { Float(($0 + k) % (3 + side) == 0 ? 4 : 12) } }
        let contacts = (0..<min(lengths[0], lengths[1])).filter { $0 % 12 == 0 }
            .map { ResidueContact(position1: $0, position2: $0, distance: 4) }
        complexes[id].interface = ComplexInterface(partner1: flags[0], partner2: flags[1], contacts: contacts)
    }
    let one = try StructureScores.score([predictor], complexes: complexes)
    let two = try StructureScores.score([predictor, predictor], complexes: complexes)
    var residues = 0, windowPairs = 0
    for complex in complexes {
        let structure = try predictor.wildTypeStructure(complex)
        residues += structure.crops.reduce(0) { $0 + $1.count }
        windowPairs += try #require(structure.contact).count
    }
    #expect(one.interface.labels.count == residues && one.contact.labels.count == windowPairs)
    #expect(one.interface.labels.contains(true) && one.interface.labels.contains(false))
    #expect(one.contact.labels.contains(true))
    #expect(one.interface.probabilities.allSatisfy { $0 > 0 && $0 < 1 })
    for (a, b) in zip(one.interface.probabilities, two.interface.probabilities) { #expect(abs(a - b) <= 1e-12) }
    for (a, b) in zip(one.contact.probabilities, two.contact.probabilities) { #expect(abs(a - b) <= 1e-12) }
    // Without structure heads nothing is scored.
    let plain = try trainer(epochs: 1)
    let none = try StructureScores.score([Predictor(network: plain.network, assembler: plain.assembler)], complexes: complexes)
    #expect(none.interface.labels.isEmpty && none.contact.labels.isEmpty)
}
