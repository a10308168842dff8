// Burial supervision's targets: each token's mean relative burial over the cropped wild type's
// window (buried area over the residue type's largest surface, capped at 1), nil without buried
// areas or without the burial head; and the loss reaches the burial head only through its labels.
import Testing
import TwinPeaksBio
import TwinPeaksTensor
@testable import TwinPeaksModel

@Test func burialTargetsAreEachWindowsMeanRelativeBurialOfTheCroppedWildType() throws {
    let t = try trainer(epochs: 1) { $0.burialLossWeight = 1 }
    var complex = try #require(t.fit.complexes[t.fit.complexIDs[0]])
    let residues = complex.partners.partners.map { $0.flatMap { $0.residues.map(\.oneLetter) } }
    // Every fifth residue buries 300 Å² (more than any residue type's largest surface: capped at 1),
    // every seventh 50 Å²; the rest nothing.
    let areas = residues.map { side in side.indices.map { Float($0 % 5 == 0 ? 300 : $0 % 7 == 0 ? 50 : 0) } }
    let distances = residues.map { side in side.map { _ in Float(4) } }
    complex.interface = ComplexInterface(partner1: distances[0], partner2: distances[1], buriedArea: areas)
    let crops = try t.assembler.cropRanges(complex)
    let row = try t.assembler.deltaGBatch([complex]).rows[0]
    let targets = try #require(row.burialTargets)
    for side in 0..<2 {
        let relative = zip(areas[side], residues[side]).map { min($0 / InterfaceLabels.maximumSurface(of: $1), 1) }
        #expect(relative.contains(1) && relative.contains { $0 > 0 && $0 < 1 })
        let expected = WindowLabels.tokenFractions(Array(relative[crops[side]]), configuration: t.configuration)
        #expect(targets[side] == expected)
        #expect(targets[side].count == t.configuration.tokenCount(residues: crops[side].count))
    }
    // The same row seen with the partners swapped swaps its targets.
    #expect(row.swapped.burialTargets == [targets[1], targets[0]])
    // A structure without buried areas (a table from before them) gives no burial labels, and the
    // network without a burial head asks for none.
    complex.interface?.buriedArea = nil
    #expect(try t.assembler.deltaGBatch([complex]).rows[0].burialTargets == nil)
    complex.interface?.buriedArea = areas
    let plain = try trainer(epochs: 1)
    #expect(try plain.assembler.deltaGBatch([complex]).rows[0].burialTargets == nil)

    // The burial loss of a forward pass is the interface loss's cross-entropy on the burial logits.
    var generator = SeededGenerator(seed: 3)
    let batch = try t.assembler.deltaGBatch([complex])
    let prediction = try t.network.forward(batch, training: false, generator: &generator).prediction
    let loss = try #require(try t.burialLoss(prediction, batch))
    let logits = try #require(prediction.burialLogits)
    let halves = try (0..<2).map { side in
        try #require(try InterfaceLoss.binaryCrossEntropy(side == 0 ? logits.0 : logits.1, targets: [targets[side]])).value
    }
    #expect(abs(loss.value - 0.5 * (halves[0] + halves[1])) < 1e-6)
    #expect(try t.burialLoss(prediction, NetworkBatch(rows: batch.rows.map { var r = $0; r.burialTargets = nil; return r })) == nil)
}
