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
