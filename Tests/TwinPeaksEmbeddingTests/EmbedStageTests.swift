// The embed stage: interrupted runs resume and end with the same contents as uninterrupted ones,
// killed runs leave nothing that looks complete, reruns are no-ops, shards merge into the whole.
import Foundation
import Testing
import TwinPeaksBio
import TwinPeaksTensor
@testable import TwinPeaksEmbedding

/// Made-up chains (keys are arbitrary here; the CLI uses MD5) plus barnase.
let stageTargets: [EmbeddingTarget] = {
    let chains = ["MKVLA", "GSHMWE", "PEPTIDEK", "ACDEFGHIKLMNPQRSTVWY", barnase, "WWXWW", "KKKKRRRRDDDDEEEE",
                  String(barnase.reversed()), "MA", "QWERTYIPASDFGHKLCVNM", "HHHHHHGSSG", "LLLLLLLLLLLLLLLLLLLLLLLLL"]
    return chains.enumerated().map { EmbeddingTarget(key: String(format: "key%02d", $0.offset), identifier: "chain\($0.offset)",
                                                       sequence: $0.element) }
}()

/// Everything a store holds: per key the values and attributes, and the root metadata.
struct StoreContents: Equatable {
    var entries: [String: [Float]] = [:]
    var attributes: [String: EmbeddingAttributes] = [:]
    var metadata: [String: String] = [:]

    init(_ path: String) throws {
        let store = try EmbeddingStore(opening: path)
        for key in try store.keys() {
            entries[key] = try store.read(key).values
            attributes[key] = try store.attributes(of: key)
        }
        for name in ["format", "provider", "dimension", "layer", "storage", "compression", "configuration", "input_hash", "shard",
                     "sequences", "twinpeaks_version"] {
            metadata[name] = try store.metadata(name)
        }
    }
}

func stage(_ dir: TemporaryDirectory, _ name: String, provider: any ResidueFeatureProvider,
           targets: [EmbeddingTarget] = stageTargets, storage: HDF5FloatStorage = .float32, shard: Shard? = nil,
           inputHash: String = "input-1") -> EmbedStage {
    var stage = EmbedStage(targets: targets, provider: provider, storage: storage, output: dir.file(name), shard: shard,
                           layer: 0, inputHash: inputHash, version: "test")
    stage.partValueBudget = 400  // a few chains per part, so runs span several parts
    return stage
}

/// Counts the chains a provider is asked for.
final class CountingProvider: ResidueFeatureProvider {
    let inner: DescriptorProvider
    var calls = 0
    init(_ inner: DescriptorProvider) { self.inner = inner }
    var name: String { inner.name }
    var dimension: Int { inner.dimension }
    var configuration: String { inner.configuration }
    func features(for residues: [AminoAcid]) throws -> [Float] {
        calls += 1
        return inner.features(for: residues)
    }
}

@Test func interruptedRunResumesAndEndsWithTheSameContentsAsAnUninterruptedRun() throws {
    let dir = TemporaryDirectory()
    let provider = try DescriptorProvider()
    let whole = try stage(dir, "whole.h5", provider: provider).run()
    #expect(whole.outcome == .finished && whole.embedded == 12)

    let resumed = stage(dir, "resumed.h5", provider: provider)
    let first = try resumed.run(limit: 3)
    #expect(first.outcome == .stopped && first.embedded == 3)
    #expect(!FileManager.default.fileExists(atPath: resumed.outputPath))
    let second = try resumed.run(limit: 4)
    #expect(second.outcome == .stopped && second.reused == 3 && second.embedded == 4)
    let counting = CountingProvider(provider)
    let last = try stage(dir, "resumed.h5", provider: counting).run()
    #expect(last.outcome == .finished && last.reused == 7 && last.embedded == 5)
    #expect(counting.calls == 5)
    #expect(!FileManager.default.fileExists(atPath: resumed.partsDirectory))

    let a = try StoreContents(dir.file("whole.h5")), b = try StoreContents(dir.file("resumed.h5"))
    #expect(a.entries.count == 12)
    #expect(a == b)
    #expect(a.metadata["provider"] == "descriptors" && a.metadata["dimension"] == "58" && a.metadata["sequences"] == "12")
    #expect(a.attributes["key04"] == EmbeddingAttributes(sequence: barnase, identifier: "chain4", provider: "descriptors",
                                                         dimension: 58, layer: 0))
    #expect(a.entries["key04"] == provider.features(for: try residues(of: barnase, record: "b")))
}

@Test func aPartLeftHalfWrittenByAKilledRunIsDiscardedOnResume() throws {
    let dir = TemporaryDirectory()
    let provider = try DescriptorProvider()
    let run = stage(dir, "e.h5", provider: provider, storage: .float16)
    _ = try run.run(limit: 5)
    // What a kill during a write leaves: an unfinished part under its temporary name.
    let torn = "\(run.partsDirectory)/part-000099.h5.tmp"
    _ = FileManager.default.createFile(atPath: torn, contents: Data("\u{89}HDF\r\n\u{1a}\n truncated".utf8))
    let finished = try run.run()
    #expect(finished.outcome == .finished && finished.reused == 5)
    #expect(!FileManager.default.fileExists(atPath: torn))
    _ = try stage(dir, "whole.h5", provider: provider, storage: .float16).run()
    #expect(try StoreContents(dir.file("e.h5")) == StoreContents(dir.file("whole.h5")))
    #expect(try EmbeddingStore(opening: dir.file("e.h5")).storage == .float16)
}

@Test func rerunningAFinishedStageDoesNothing() throws {
    let dir = TemporaryDirectory()
    let provider = try DescriptorProvider()
    _ = try stage(dir, "e.h5", provider: provider).run()
    let counting = CountingProvider(provider)
    let again = try stage(dir, "e.h5", provider: counting).run()
    #expect(again.outcome == .upToDate && counting.calls == 0)
}

@Test func partsMadeWithAnotherConfigurationAreNotReused() throws {
    let dir = TemporaryDirectory()
    _ = try stage(dir, "e.h5", provider: try DescriptorProvider(blocks: [.oneHot])).run(limit: 4)
    let provider = try DescriptorProvider(blocks: [.oneHot, .hydropathy])
    var notes: [String] = []
    let result = try stage(dir, "e.h5", provider: provider).run(note: { notes.append($0) })
    #expect(result.reused == 0 && result.embedded == 12)
    #expect(notes.contains { $0.contains("another provider or configuration") })
    _ = try stage(dir, "whole.h5", provider: provider).run()
    #expect(try StoreContents(dir.file("e.h5")) == StoreContents(dir.file("whole.h5")))
}

@Test func addedSequencesAreEmbeddedAndTheEarlierOnesReused() throws {
    let dir = TemporaryDirectory()
    let provider = try DescriptorProvider()
    _ = try stage(dir, "e.h5", provider: provider, targets: Array(stageTargets.prefix(8)), inputHash: "v1").run()
    let counting = CountingProvider(provider)
    let grown = try stage(dir, "e.h5", provider: counting, inputHash: "v2").run()
    #expect(grown.outcome == .finished && grown.reused == 8 && grown.embedded == 4 && counting.calls == 4)
    _ = try stage(dir, "whole.h5", provider: provider, inputHash: "v2").run()
    #expect(try StoreContents(dir.file("e.h5")) == StoreContents(dir.file("whole.h5")))
}

@Test func shardsSplitTheChainsAndMergeIntoTheWholeStore() throws {
    let dir = TemporaryDirectory()
    let provider = try DescriptorProvider()
    var keys: [String] = []
    for index in 1...3 {
        let shard = try Shard(index: index, count: 3)
        let result = try stage(dir, "e.h5", provider: provider, shard: shard).run()
        #expect(result.outputPath == dir.file("e.h5.shard-\(index)-of-3"))
        keys += try EmbeddingStore(opening: result.outputPath).keys()
    }
    #expect(keys.sorted() == stageTargets.map(\.key))
    #expect(try EmbedStage.mergeShards(output: dir.file("e.h5"), count: 3, targets: stageTargets) == 12)
    _ = try stage(dir, "whole.h5", provider: provider).run()
    #expect(try StoreContents(dir.file("e.h5")) == StoreContents(dir.file("whole.h5")))
    // The merged file counts as the finished unsharded run.
    #expect(try stage(dir, "e.h5", provider: provider).run().outcome == .upToDate)
}

@Test func mergingWithAMissingShardIsAnError() throws {
    let dir = TemporaryDirectory()
    _ = try stage(dir, "e.h5", provider: try DescriptorProvider(), shard: try Shard(index: 1, count: 2)).run()
    #expect { try EmbedStage.mergeShards(output: dir.file("e.h5"), count: 2) } throws: { "\($0)".contains("shard-2-of-2") }
}

@Test func shardsAreParsedFromTextAndFromSlurmArrays() throws {
    #expect(try Shard(parsing: "3/8") == Shard(index: 3, count: 8))
    #expect(throws: InputError.self) { try Shard(parsing: "0/8") }
    #expect(throws: InputError.self) { try Shard(parsing: "9/8") }
    #expect(throws: InputError.self) { try Shard(parsing: "three") }
    #expect(try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "0"])
            == Shard(index: 1, count: 8))
    #expect(try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "1"])
            == Shard(index: 8, count: 8))
    #expect(try Shard.fromEnvironment([:]) == nil)
    let shard = try Shard(index: 2, count: 3)
    #expect((0..<9).filter(shard.contains(position:)) == [1, 4, 7])
}

@Test func importedEmbeddingsGoThroughTheStageAndAProblemStopsItNamingTheKey() throws {
    let dir = TemporaryDirectory()
    let targets = [target("MKVLA"), target("GSHMWE")]
    let good = seededValues(5 * 4, seed: 1), esm = seededValues(8 * 4, seed: 2)
    do {
        let file = RawHDF5Writer(dir.file("plain.h5"))
        file.floats("a", shape: [5, 4], good)
        file.floats("b", shape: [8, 4], esm)  // GSHMWE + ESM's two tokens
    }
    let records = [(id: "a", sequence: "MKVLA"), (id: "b", sequence: "GSHMWE")]
    let imported = try ImportedEmbeddings(path: dir.file("plain.h5"), format: .plain, records: records, name: "esm2_test",
                                          layer: 6, sequenceHash: md5ForTest)
    var run = EmbedStage(targets: targets, provider: imported, storage: .float32, output: dir.file("e.h5"), layer: 6,
                         inputHash: "h", version: "test")
    #expect(try run.run().embedded == 2)
    let store = try EmbeddingStore(opening: dir.file("e.h5"))
    #expect(try store.read(md5ForTest("MKVLA")).values == good)
    #expect(try store.read(md5ForTest("GSHMWE")).values == rows(esm, 1..<7, d: 4))
    #expect(try store.attributes(of: md5ForTest("GSHMWE")).provider == "esm2_test")
    #expect(try store.metadata("layer") == "6")

    run.output = dir.file("bad.h5")
    run.targets.append(target("PEPTIDEK"))
    #expect { try run.run() } throws: { "\($0)".contains(md5ForTest("PEPTIDEK")) }
}
