// Issue 13's crop rule (PartnerCrop): fixed tiles that depend on a partner's length only, each
// mutation set on the tiles of its own positions. Tile positions are checked against starts worked
// out by hand; request independence and "residue 1 and residue L are seen" against the shipped model.

import Foundation
import Testing
import TwinPeaksBio
@testable import TwinPeaksModel

private let referenceModel = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Reference/models/twinpeaks-descriptors").path

/// A made-up partner of `length` residues (a fixed linear congruential walk over the 20 residues).
private func madeUpSequence(_ length: Int, seed: UInt64) -> String {
    let letters = Array("ACDEFGHIKLMNPQRSTVWY")
    var state = seed
    return String((0..<length).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return letters[Int(state >> 33) % letters.count]
    })
}

/// The single mutant of residue `position` (1-based) of `sequence` on chain `chain`, to A (or G when it is A).
private func mutation(_ sequence: String, chain: Character, position: Int) -> String {
    let wildType = Array(sequence)[position - 1]
    return "\(wildType)\(chain)\(position)\(wildType == "A" ? "G" : "A")"
}

@Test func tilesStartAtMultiplesOfHalfAWindowAndTheLastEndsFlushWithThePartner() {
    #expect(PartnerCrop.tiles(length: 200, maxResidues: 256) == [0..<200])
    #expect(PartnerCrop.tiles(length: 256, maxResidues: 256) == [0..<256])
    // 600 − 256 = 344: starts 0, 128, 256, then 344 (not 384, which would run past the end).
    #expect(PartnerCrop.tiles(length: 600, maxResidues: 256).map(\.lowerBound) == [0, 128, 256, 344])
    #expect(PartnerCrop.tiles(length: 300, maxResidues: 256).map(\.lowerBound) == [0, 44])
    // Residue 1 and residue 600 read the end tiles; a tile's middle is (start + end − 1)/2.
    #expect(PartnerCrop.window(length: 600, mutatedPositions: [0], maxResidues: 256) == 0..<256)
    #expect(PartnerCrop.window(length: 600, mutatedPositions: [599], maxResidues: 256) == 344..<600)
    // Middles 127.5 and 255.5; 191.5 is as near to both: the lower tile.
    #expect(PartnerCrop.window(length: 600, mutatedPositions: [190, 193], maxResidues: 256) == 0..<256)
    // No mutation: the tile nearest the middle 299.5 (middles 255.5, 383.5, 471.5 for starts 128, 256, 344).
    #expect(PartnerCrop.window(length: 600, mutatedPositions: [], maxResidues: 256) == 128..<384)
    // Every residue lies in the tile its own mutation reads.
    for length in [257, 300, 511, 600, 1001] {
        for p in 0..<length { #expect(PartnerCrop.window(length: length, mutatedPositions: [p], maxResidues: 256).contains(p)) }
    }
}

@Test func aLongPairGivesTheSameBitsAloneWithOneMutationAndInsideAScan() throws {
    let predictor = try EnsemblePredictor(modelDirectory: referenceModel)
    let a = madeUpSequence(300, seed: 1), b = madeUpSequence(300, seed: 2)
    let records = (FASTARecord(header: "long", chains: [a]), FASTARecord(header: "long-b", chains: [b]))
    let first = mutation(a, chain: "A", position: 1), middle = mutation(a, chain: "A", position: 150)
    func rows(_ sets: [String]) throws -> [String: PredictionRow] {
        let pair = try PredictionPair(id: "long", partner1: records.0, partner2: records.1, mutations: sets)
        return Dictionary(uniqueKeysWithValues: try predictor.predict(pair).map { ($0.mutations, $0) })
    }
    let alone = try rows([]), one = try rows([first]), two = try rows([middle])
    // A scan of both ends and the middle of both partners: every tile of both, in one request
    // (kept small: the test binary is a debug build).
    let scanned = try ScanPositions(parsing: "A1-2,A150,A299-300,B1,B300")
        .mutationSets(partner1: records.0, partner2: records.1, pair: "long")
    let scan = try rows(scanned)
    for table in [one, two, scan] { #expect(table[""]!.deltaG == alone[""]!.deltaG) }
    #expect(scan[first]!.deltaDeltaG == one[first]!.deltaDeltaG)
    #expect(scan[first]!.deltaG == one[first]!.deltaG)
    #expect(scan[middle]!.deltaDeltaG == two[middle]!.deltaDeltaG)
}

@Test(arguments: [1, 600])
func aMutationAtEitherEndOfA600ResiduePartnerChangesTheNetworksInput(position: Int) throws {
    let predictor = try EnsemblePredictor(modelDirectory: referenceModel, use: .network)
    let assembler = predictor.members[0].assembler
    let a = madeUpSequence(600, seed: 3), b = madeUpSequence(80, seed: 4)
    let pair = try PredictionPair(id: "p", partner1: FASTARecord(header: "p", chains: [a]), partner2: FASTARecord(header: "q", chains: [b]),
                                  mutations: [mutation(a, chain: "A", position: position)])
    let complex = ComplexSample(id: "p", partners: pair.partners, deltaG: nil)
    let mutant = MutantSample(id: "p:0", complexID: "p", mutations: pair.mutationSets[0], deltaDeltaG: nil)
    let batch = try assembler.mutantGroup(complex, mutants: [mutant])
    // The per-residue features the encoder reads differ, and the mutated site is inside the crop.
    #expect(batch.rows[1].partner1 != batch.rows[0].partner1)
    #expect(batch.rows[1].partner2 == batch.rows[0].partner2)
    let crop = try assembler.crops(pair.partners, mutations: pair.mutationSets[0], record: "p")[0]
    #expect(crop.contains(position - 1))
    #expect(batch.pairs[0].sites == [MutatedResidue(partner: 0, residue: position - 1 - crop.lowerBound)])
}
