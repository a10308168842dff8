// ESM-2 through the embed stage: batched chains land in the store exactly as the model gives
// them one by one, with <cls>/<eos> stripped, and an interrupted run resumes to the same file (to rounding).
import Foundation
import Testing
import TwinPeaksTensor
@testable import TwinPeaksEmbedding

@Test func esm2ThroughTheEmbedStageStoresEachChainsRowsAndResumesToTheSameFile() throws {
    let dir = TemporaryDirectory()
    let model = try randomESM2(tinyESM2, seed: 31)
    let provider = try ESM2Provider(model: model, layer: 1)
    #expect(provider.dimension == 16 && provider.name == "esm2_tiny_test")

    var wholeStage = stage(dir, "whole.h5", provider: provider)
    wholeStage.layer = provider.layer
    let whole = try wholeStage.run()
    #expect(whole.outcome == .finished && whole.embedded == stageTargets.count)
    let contents = try StoreContents(dir.file("whole.h5"))
    for target in stageTargets {
        // One chain alone, no batch: the same rows as in the batched run.
        let alone = try model.residueRepresentations([target.sequence], layer: 1)[0]
        let stored = try #require(contents.entries[target.key])
        #expect(stored.count == target.sequence.count * 16)
        let difference = zip(stored, alone).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 1e-5, "chain \(target.key): \(difference)")
        #expect(contents.attributes[target.key]?.layer == 1)
    }
    #expect(contents.metadata["provider"] == "esm2_tiny_test" && contents.metadata["dimension"] == "16")
    #expect(contents.metadata["configuration"]?.contains("layer=1") == true)

    var resumed = stage(dir, "resumed.h5", provider: provider)
    resumed.layer = provider.layer
    let first = try resumed.run(limit: 5)
    #expect(first.outcome == .stopped && first.embedded == 5)
    let last = try resumed.run()
    #expect(last.outcome == .finished && last.reused == 5)
    // Same chains, attributes and provenance; values equal to rounding (a chain padded in another
    // batch sums its attention over a different number of zeros, which moves the last bits).
    let again = try StoreContents(dir.file("resumed.h5"))
    #expect(again.attributes == contents.attributes && again.metadata == contents.metadata)
    for (key, values) in contents.entries {
        let difference = zip(values, again.entries[key] ?? []).map { abs($0 - $1) }.max() ?? 0
        #expect(again.entries[key]?.count == values.count && difference < 1e-5, "chain \(key): \(difference)")
    }
}
