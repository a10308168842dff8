// `twinpeaks predict --shard i/n` and `--merge-shards n` end to end: a mutational scan cut inside a
// pair, merged, is the unsharded table byte for byte; a missing shard is refused by number and file.

import Foundation
import Testing

private let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
private func reference(_ path: String) -> String { packageRoot.appendingPathComponent("Reference/" + path).path }

/// A folder with the shipped examples' mutations plus a scan of eglin c (partner 2 of 1CSE) to five
/// residues at its first seven positions: more mutation sets on one pair than a test block (32) holds.
/// (Small: the tests run the debug build, where a prediction takes about half a second.)
private final class ScanFixture {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("tp-shard-\(UUID().uuidString)").path
    var mutations: String { root + "/mutations.tsv" }

    init(scan: Bool) throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let eglin = "KSFPEVVGKTVDQAREYFTLHYPQYNVYFLPEGSPVTLDLRYNRVRVFYNPGTNVVNHVPHVG"
        var text = try String(contentsOfFile: reference("examples/mutations.tsv"), encoding: .utf8)
        for (i, wild) in eglin.prefix(scan ? 7 : 0).enumerated() {
            for mutant in "AWDKG" where mutant != wild { text += "1CSE\t\(wild)B\(i + 1)\(mutant)\n" }
        }
        try text.write(toFile: mutations, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func predict(_ extra: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runTwinPeaks(["predict", "--model", reference("models/twinpeaks-descriptors"),
                          "--partner1", reference("examples/partner1.fasta"), "--partner2", reference("examples/partner2.fasta"),
                          "--mutations", mutations] + extra)
    }
}

@Test func shardsOfAScanCutInsideAPairMergeIntoTheUnshardedTableByteForByte() throws {
    let fixture = try ScanFixture(scan: true)
    let whole = fixture.root + "/whole.tsv", sharded = fixture.root + "/sharded.tsv"
    #expect(try fixture.predict(["--output", whole]).status == 0)
    // 1CSE has 3 + 34 mutation sets (eglin's K1 is one of the five): blocks 1 and 2 are 1CSE's, 3 and
    // 4 the other pairs'.
    for shard in 1...4 {
        let result = try fixture.predict(["--output", sharded, "--shard", "\(shard)/4", "--block-size", "32"])
        #expect(result.status == 0, "shard \(shard): \(result.stderr)")
    }
    let second = try String(contentsOfFile: sharded + ".shard-2-of-4", encoding: .utf8)
    #expect(!second.contains("\tWT\t"), "the second block of a pair carries no wild-type row")
    let merged = try runTwinPeaks(["predict", "--merge-shards", "4", "--output", sharded])
    #expect(merged.status == 0 && merged.stderr.contains("merged 4 shards, 46 rows"), "\(merged.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: sharded)) == Data(contentsOf: URL(fileURLWithPath: whole)))

    // A rerun of a shard writes the same bytes.
    let before = try Data(contentsOf: URL(fileURLWithPath: sharded + ".shard-2-of-4"))
    #expect(try fixture.predict(["--output", sharded, "--shard", "2/4", "--block-size", "32"]).status == 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: sharded + ".shard-2-of-4")) == before)
}

@Test func mergingWithAMissingShardNamesItAndWritesNothing() throws {
    let fixture = try ScanFixture(scan: false)
    let output = fixture.root + "/out.jsonl"
    for shard in [1, 3] {
        #expect(try fixture.predict(["--format", "jsonl", "--output", output, "--shard", "\(shard)/3"]).status == 0)
    }
    let merged = try runTwinPeaks(["predict", "--merge-shards", "3", "--format", "jsonl", "--output", output])
    #expect(merged.status != 0)
    #expect(merged.stderr.contains("1 of 3 shards are missing or unfinished: shard 2 (\(output).shard-2-of-3)"), "\(merged.stderr)")
    #expect(!FileManager.default.fileExists(atPath: output))
    let withInputs = try fixture.predict(["--merge-shards", "3", "--output", output])
    #expect(withInputs.status != 0 && withInputs.stderr.contains("--merge-shards only joins shard files"))
}
