// End-to-end tests of `twinpeaks embed`: descriptors into a store, resume after a stop, shards,
// import with --check listing every problem, and argument errors.
import Foundation
import Testing
import TwinPeaksEmbedding
import TwinPeaksTensor

/// A dataset folder holding sequences.fasta named by MD5 keys (digests from coreutils md5sum).
private final class EmbedFixture {
    static let chains: [(key: String, sequence: String)] = [
        ("78f24a5d046064dc4f4b7bf0b4386891", "MKVLA"),
        ("20f779c86e179c0ca9ed5c035277d2a5", "GSHMWE"),
        ("b2e7060b69df2438e53d7c8d89a80bf9", "PEPTIDEK"),
        ("638ef73a7502450731f6bfb2c2dd8747", "ACDEFGHIKLMNPQRSTVWY"),
    ]
    let root: String
    var dataset: String { "\(root)/dataset" }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tp-embed-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: "\(root)/dataset", withIntermediateDirectories: true)
        let fasta = Self.chains.map { ">\($0.key)\n\($0.sequence)\n" }.joined()
        try fasta.write(toFile: "\(root)/dataset/sequences.fasta", atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ name: String) -> String { "\(root)/\(name)" }
}

/// Keys, values and attributes of a store, and its provenance.
private func contents(_ path: String) throws -> [String: String] {
    let store = try EmbeddingStore(opening: path)
    var result: [String: String] = [:]
    for key in try store.keys() {
        result[key] = "\(try store.read(key).values) \(try store.attributes(of: key))"
    }
    for name in ["provider", "dimension", "layer", "storage", "compression", "configuration", "input_hash", "shard", "sequences"] {
        result["@\(name)"] = try store.metadata(name)
    }
    return result
}

@Test func embedWritesDescriptorsForEveryChainAndARerunIsUpToDate() throws {
    let fixture = try EmbedFixture()
    let output = fixture.path("embeddings.h5")
    let first = try runTwinPeaks(["embed", "--dataset", fixture.dataset, "--output", output])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stderr.contains("4 chains (4 embedded, 0 reused)"))
    #expect(first.stderr.contains("descriptors D=58"))
    let store = try EmbeddingStore(opening: output)
    #expect(try store.keys().sorted() == EmbedFixture.chains.map(\.key).sorted())
    #expect(try store.read("78f24a5d046064dc4f4b7bf0b4386891").length == 5)
    #expect(try store.attributes(of: "638ef73a7502450731f6bfb2c2dd8747").sequence == "ACDEFGHIKLMNPQRSTVWY")
    #expect(try store.metadata("input_hash")?.count == 32)
    let second = try runTwinPeaks(["embed", "--dataset", fixture.dataset, "--output", output])
    #expect(second.status == 0 && second.stderr.contains("up to date"))
}

@Test func aStoppedRunResumesToTheSameContentsAsAnUninterruptedOne() throws {
    let fixture = try EmbedFixture()
    let whole = try runTwinPeaks(["embed", "--dataset", fixture.dataset, "--output", fixture.path("whole.h5"), "--storage", "float16"])
    #expect(whole.status == 0, "\(whole.stderr)")
    let resumed = fixture.path("resumed.h5")
    let stopped = try runTwinPeaks(["embed", "--dataset", fixture.dataset, "--output", resumed, "--storage", "float16", "--stop-after", "2"])
    #expect(stopped.status == 0 && stopped.stderr.contains("stopped after 2 chains"))
    #expect(!FileManager.default.fileExists(atPath: resumed))
    let rest = try runTwinPeaks(["embed", "--dataset", fixture.dataset, "--output", resumed, "--storage", "float16"])
    #expect(rest.status == 0 && rest.stderr.contains("(2 embedded, 2 reused)"), "\(rest.stderr)")
    #expect(try contents(resumed) == contents(fixture.path("whole.h5")))
}

@Test func shardsWrittenSeparatelyMergeIntoTheWholeStore() throws {
    let fixture = try EmbedFixture()
    let output = fixture.path("e.h5")
    for shard in ["1/3", "2/3", "3/3"] {
        let result = try runTwinPeaks(["embed", "--dataset", fixture.dataset, "--output", output, "--shard", shard])
        #expect(result.status == 0, "\(result.stderr)")
    }
    #expect(FileManager.default.fileExists(atPath: output + ".shard-2-of-3"))
    let merged = try runTwinPeaks(["embed", "--dataset", fixture.dataset, "--output", output, "--merge-shards", "3"])
    #expect(merged.status == 0 && merged.stderr.contains("merged 3 shards, 4 chains"), "\(merged.stderr)")
    _ = try runTwinPeaks(["embed", "--dataset", fixture.dataset, "--output", fixture.path("whole.h5")])
    #expect(try contents(output) == contents(fixture.path("whole.h5")))
}

@Test func importCheckListsEveryProblemAndWritesNothing() throws {
    let fixture = try EmbedFixture()
    let source = fixture.path("esm.h5")
    do {
        // Written through the HDF5 wrapper, as a plain layout keyed by the dataset's names.
        let file = try HDF5File(creating: source)
        let keys = EmbedFixture.chains.map(\.key)
        try file.write([Float](repeating: 0.5, count: 7 * 6), shape: [7, 6], to: keys[0])  // MKVLA + ESM tokens: fine
        try file.write([Float](repeating: 0.5, count: 9 * 6), shape: [9, 6], to: keys[1])  // GSHMWE: 9 rows, wrong
        try file.write([Float](repeating: 0.5, count: 8 * 5), shape: [8, 5], to: keys[2])  // PEPTIDEK: D 5, wrong
        // ACDEFGHIKLMNPQRSTVWY: missing
    }
    let arguments = ["embed", "--dataset", fixture.dataset, "--output", fixture.path("e.h5"), "--import", source,
                     "--format", "plain", "--name", "esm2_test", "--layer", "6"]
    let check = try runTwinPeaks(arguments + ["--check"])
    #expect(check.status == 1)
    let lines = check.stdout.split(separator: "\n")
    #expect(lines.count == 3, "\(check.stdout)")
    #expect(lines.contains { $0.contains(EmbedFixture.chains[1].key) && $0.contains("9 rows") })
    #expect(lines.contains { $0.contains(EmbedFixture.chains[2].key) && $0.contains("dimension 5") })
    #expect(lines.contains { $0.contains(EmbedFixture.chains[3].key) && $0.contains("no embedding") })
    #expect(check.stderr.contains("3 problems"))
    let run = try runTwinPeaks(arguments)
    #expect(run.status != 0 && run.stderr.contains("nothing was written"))
    #expect(!FileManager.default.fileExists(atPath: fixture.path("e.h5")))
}

@Test func importStripsESMTokensAndRecordsTheNameAndLayer() throws {
    let fixture = try EmbedFixture()
    let source = fixture.path("esm.h5")
    var expected: [String: [Float]] = [:]
    do {
        let file = try HDF5File(creating: source)
        for (index, chain) in EmbedFixture.chains.enumerated() {
            let rows = chain.sequence.count + 2
            let values = (0..<(rows * 4)).map { Float(index * 1000 + $0) }
            try file.write(values, shape: [rows, 4], to: chain.key)
            expected[chain.key] = Array(values[4..<((rows - 1) * 4)])
        }
    }
    let output = fixture.path("e.h5")
    let result = try runTwinPeaks(["embed", "--dataset", fixture.dataset, "--output", output, "--import", source,
                                   "--format", "plain", "--name", "esm2_test", "--layer", "6"])
    #expect(result.status == 0, "\(result.stderr)")
    let store = try EmbeddingStore(opening: output)
    for (key, values) in expected { #expect(try store.read(key).values == values) }
    #expect(try store.metadata("provider") == "esm2_test" && store.metadata("layer") == "6")
    #expect(try store.attributes(of: EmbedFixture.chains[0].key).layer == 6)
}

@Test func aDatasetFastaNamedOtherwiseThanByKeyIsRejected() throws {
    let fixture = try EmbedFixture()
    try ">chainA\nMKVLA\n".write(toFile: "\(fixture.dataset)/sequences.fasta", atomically: true, encoding: .utf8)
    let result = try runTwinPeaks(["embed", "--dataset", fixture.dataset, "--output", fixture.path("e.h5")])
    #expect(result.status != 0 && result.stderr.contains("chainA") && result.stderr.contains("78f24a5d046064dc4f4b7bf0b4386891"))
    // A FASTA given with --fasta may use any names.
    try ">chainA\nMKVLA\n".write(toFile: fixture.path("own.fasta"), atomically: true, encoding: .utf8)
    let own = try runTwinPeaks(["embed", "--fasta", fixture.path("own.fasta"), "--output", fixture.path("e.h5")])
    #expect(own.status == 0, "\(own.stderr)")
    #expect(try EmbeddingStore(opening: fixture.path("e.h5")).attributes(of: "78f24a5d046064dc4f4b7bf0b4386891").identifier == "chainA")
}

@Test func badEmbedArgumentsAreRejectedWithAReason() throws {
    let fixture = try EmbedFixture()
    let noFormat = try runTwinPeaks(["embed", "--dataset", fixture.dataset, "--import", "x.h5"])
    #expect(noFormat.status != 0 && noFormat.stderr.contains("--format"))
    let both = try runTwinPeaks(["embed", "--dataset", fixture.dataset, "--fasta", "x.fasta"])
    #expect(both.status != 0 && both.stderr.contains("exactly one"))
    let badShard = try runTwinPeaks(["embed", "--dataset", fixture.dataset, "--shard", "4/3"])
    #expect(badShard.status != 0 && badShard.stderr.contains("4/3"))
    let badBlock = try runTwinPeaks(["embed", "--dataset", fixture.dataset, "--descriptors", "onehot,esm", "--output", fixture.path("e.h5")])
    #expect(badBlock.status != 0 && badBlock.stderr.contains("esm"))
}
