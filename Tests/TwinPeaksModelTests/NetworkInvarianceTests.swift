// Symmetries the network must have by construction: partner order, mutant/wild-type order, and
// independence of padding and batch composition.

import Testing
import TwinPeaksTensor
@testable import TwinPeaksModel

private func predict(_ network: TwinPeaksNetwork, _ batch: NetworkBatch) throws -> TwinPeaksNetwork.Prediction {
    var g = SeededGenerator(seed: 0)
    return try network.forward(batch, training: false, generator: &g).prediction
}

private func swappedPartners(_ batch: NetworkBatch) -> NetworkBatch {
    NetworkBatch(rows: batch.rows.map(\.swapped), pairs: batch.pairs.map { pair in
        var p = pair
        p.sites = pair.sites.map { MutatedResidue(partner: 1 - $0.partner, residue: $0.residue) }
        return p
    })
}

@Test(arguments: [false, true])
func swappingPartnersLeavesDeltaGAndDeltaDeltaGUnchanged(widePaths: Bool) throws {
    let network = try NetworkFixtures.network(NetworkFixtures.tinyConfiguration(widePaths: widePaths))
    let batch = NetworkFixtures.mixedBatch()
    let a = try predict(network, batch), b = try predict(network, swappedPartners(batch))
    for (x, y) in zip(a.deltaG, b.deltaG) { #expect(abs(x - y) <= 1e-5 * max(1, abs(x)), "ΔG \(x) vs \(y)") }
    for (x, y) in zip(a.deltaDeltaG, b.deltaDeltaG) { #expect(abs(x - y) <= 1e-5 * max(1, abs(x)), "ΔΔG \(x) vs \(y)") }
    #expect(Set(a.deltaG).count == a.deltaG.count, "distinct complexes give distinct ΔG")
}

@Test func swappingWildTypeAndMutantFlipsDeltaDeltaGExactly() throws {
    let network = try NetworkFixtures.network(NetworkFixtures.tinyConfiguration())
    let batch = NetworkFixtures.mixedBatch()
    let a = try predict(network, batch), b = try predict(network, NetworkFixtures.reversedPairs(batch))
    #expect(a.deltaDeltaG.allSatisfy { $0 != 0 })
    for (x, y) in zip(a.deltaDeltaG, b.deltaDeltaG) { #expect(x == -y, "ΔΔG \(x) reversed gives \(y)") }
}

@Test func aRowsOutputDoesNotDependOnPaddingOrBatchComposition() throws {
    let network = try NetworkFixtures.network(NetworkFixtures.tinyConfiguration())
    let batch = NetworkFixtures.mixedBatch()
    let together = try predict(network, batch)
    // The unrelated complex alone (no padding) and the mutant group without it (other padding).
    let alone = try predict(network, NetworkBatch(rows: [batch.rows[3]]))
    #expect(abs(alone.deltaG[0] - together.deltaG[3]) <= 1e-5 * max(1, abs(alone.deltaG[0])))
    let group = try predict(network, NetworkBatch(rows: Array(batch.rows[0..<3]), pairs: batch.pairs))
    for i in 0..<3 { #expect(abs(group.deltaG[i] - together.deltaG[i]) <= 1e-5 * max(1, abs(group.deltaG[i]))) }
    for i in 0..<2 {
        #expect(abs(group.deltaDeltaG[i] - together.deltaDeltaG[i]) <= 1e-5 * max(1, abs(group.deltaDeltaG[i])))
    }
}

/// A scan's batch: the wild type and mutants of partner 1 only, so partner 2 repeats in every row
/// (and the wild type's partner 1 once more as the last row).
private func scanBatch(mutants: Int) -> NetworkBatch {
    var g = SeededGenerator(seed: 11)
    let wildType = NetworkFixtures.complex(13, 10, &g)
    var rows = [wildType]
    var pairs: [MutantPair] = []
    for k in 0..<mutants {
        rows.append(NetworkFixtures.mutant(of: wildType, partner: 0, residue: k % 13, &g))
        pairs.append(MutantPair(mutantRow: rows.count - 1, wildTypeRow: 0, sites: [MutatedResidue(partner: 0, residue: k % 13)],
                                forwardDescriptors: NetworkFixtures.randomValues(NetworkFixtures.substitutionDescriptorWidth, &g),
                                reverseDescriptors: NetworkFixtures.randomValues(NetworkFixtures.substitutionDescriptorWidth, &g)))
    }
    rows.append(wildType)
    return NetworkBatch(rows: rows, pairs: pairs)
}

@Test func aPartnerRepeatedAcrossRowsIsEncodedOnceAndGivesEachRowTheBitsItHasAlone() throws {
    let network = try NetworkFixtures.network(NetworkFixtures.tinyConfiguration())
    let batch = scanBatch(mutants: 6)
    // Partner 2 is one distinct row; partner 1 has the wild type twice.
    let pack = { (side: Int) in
        PartnerEncoder.PartnerResidues(features: try Tensor(shape: [batch.rows.count, side == 0 ? 13 : 10, NetworkFixtures.featureWidth],
                                                            values: batch.rows.flatMap { side == 0 ? $0.partner1 : $0.partner2 }),
                                       lengths: batch.rows.map { side == 0 ? $0.length1 : $0.length2 })
    }
    #expect(RepeatedRows(try pack(0)).representatives == Array(0...6))
    #expect(RepeatedRows(try pack(0)).distinctIndex.last == 0)
    #expect(RepeatedRows(try pack(1)).representatives == [0])
    let together = try predict(network, batch)
    for (r, row) in batch.rows.enumerated() {
        let alone = try predict(network, NetworkBatch(rows: [row]))
        #expect(alone.deltaG[0].bitPattern == together.deltaG[r].bitPattern, "row \(r): ΔG \(alone.deltaG[0]) alone, \(together.deltaG[r]) in the scan")
    }
    // Fewer mutants per pass (other sharing) leaves every ΔΔG's bits unchanged.
    let first = try predict(network, NetworkBatch(rows: Array(batch.rows[0...2]), pairs: Array(batch.pairs[0...1])))
    for i in 0...1 { #expect(first.deltaDeltaG[i].bitPattern == together.deltaDeltaG[i].bitPattern) }
}

@Test func rowsDifferingOnlyInLengthOrTheSignOfZeroAreNotShared() throws {
    let features = try Tensor(shape: [4, 2, 1], values: [1, 0, 1, 0, 1, -0.0, 1, 0])
    let rows = RepeatedRows(PartnerEncoder.PartnerResidues(features: features, lengths: [2, 1, 2, 2]))
    #expect(rows.distinctIndex == [0, 1, 2, 0])
    #expect(try rows.expand(rows.distinct(PartnerEncoder.PartnerResidues(features: features, lengths: [2, 1, 2, 2])).features) == features)
}

@Test func aTrainingPassSharesNoRowsAndASharedEvaluationPassHasTheGradientsOfAnUnsharedOne() throws {
    let network = try NetworkFixtures.network(NetworkFixtures.tinyConfiguration())
    let batch = scanBatch(mutants: 3)
    var g = SeededGenerator(seed: 0)
    #expect(!(try network.forward(batch, training: true, generator: &g)).cache.trunk.sharedRows)
    // The same rows made distinct by a negligible change of the repeated partner's features give
    // (up to that change) the same gradients through separate copies.
    var distinct = batch
    for r in distinct.rows.indices {
        distinct.rows[r].partner1[0] += Float(r) * 1e-7
        distinct.rows[r].partner2[0] += Float(r) * 1e-7
    }
    func gradients(_ b: NetworkBatch) throws -> (shared: Bool, values: [Float]) {
        network.store.zeroGradients()
        var u = SeededGenerator(seed: 0)
        let (prediction, cache) = try network.forward(b, training: false, generator: &u)
        let dTokens = (Tensor(repeating: 0.01, shape: cache.tokens.0.shape), Tensor(repeating: -0.02, shape: cache.tokens.1.shape))
        _ = prediction
        try network.trunk.backward(dTokens.0, dTokens.1, cache: cache.trunk)
        return (cache.trunk.sharedRows, Array(network.store.gradients))
    }
    let shared = try gradients(batch), unshared = try gradients(distinct)
    #expect(shared.shared && !unshared.shared)
    #expect(shared.values.contains { $0 != 0 })
    for (a, b) in zip(shared.values, unshared.values) { #expect(abs(a - b) <= 1e-4 * max(1, abs(b)), "\(a) vs \(b)") }
}
