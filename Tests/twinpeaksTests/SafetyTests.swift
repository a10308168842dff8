// Issue 17, "nothing lost, nothing silently wrong", against the built binary: outputs that cannot
// destroy what this tool did not write, merges and model folders that refuse what is not theirs,
// and valid-looking input that once gave a wrong answer with exit 0. Every input is made up here.
import Foundation
import Testing

private let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
private let referenceModel = packageRoot.appendingPathComponent("Reference/models/twinpeaks-descriptors").path
private let examples = packageRoot.appendingPathComponent("Reference/examples").path

private extension Scratch {
    /// A copy of the reference model (members, trees, stack, provenance) to damage.
    func referenceModelCopy() throws -> String {
        try FileManager.default.copyItem(atPath: referenceModel, toPath: path("model"))
        return path("model")
    }
}

private let examplePairs = ["--partner1", examples + "/partner1.fasta", "--partner2", examples + "/partner2.fasta",
                            "--mutations", examples + "/mutations.tsv"]
/// One made-up pair: partner 1 has K at 2 (chain A), partner 2 W at 5 (chain B).
private let tinyPair = ">p1 made up\nMKVLAAGIVG\n>p1b\nGSHMWEPEPT\n"

// MARK: data loss

@Test func embedNeverRemovesAFolderOrAFileItDidNotWrite() throws {
    let scratch = try Scratch()
    try FileManager.default.createDirectory(atPath: scratch.path("dataset"), withIntermediateDirectories: true)
    try scratch.write("dataset/sequences.fasta", ">78f24a5d046064dc4f4b7bf0b4386891\nMKVLA\n")
    try FileManager.default.createDirectory(atPath: scratch.path("precious"), withIntermediateDirectories: true)
    try scratch.write("precious/thesis.tex", "years of work")
    try scratch.write("notes.h5", "not an embedding store")
    for (output, expected) in [("precious", "is a folder; embed never removes a folder"),
                               ("notes.h5", "is not an embedding file this tool wrote")] {
        for extra in [[], ["--merge-shards", "1"]] {
            let result = try runTwinPeaks(["embed", "--dataset", scratch.path("dataset"), "--output", scratch.path(output)] + extra)
            #expect(result.status == 1, "\(output) \(extra)")
            #expect(result.stderr.contains(scratch.path(output)) && result.stderr.contains(expected), "\(result.stderr)")
        }
    }
    #expect(try scratch.read("precious/thesis.tex") == "years of work")
    #expect(try scratch.read("notes.h5") == "not an embedding store")
    // Its own output it replaces: a second run over the first is fine.
    for _ in 0..<2 {
        let result = try runTwinPeaks(["embed", "--dataset", scratch.path("dataset"), "--output", scratch.path("e.h5")])
        #expect(result.status == 0, "\(result.stderr)")
    }
}

@Test func aSpecialFileIsWrittenInPlaceNotReplaced() throws {
    guard FileManager.default.fileExists(atPath: "/dev/null") else { return }
    let result = try runTwinPeaks(["predict", "--model", referenceModel, "--output", "/dev/null"] + examplePairs)
    #expect(result.status == 0, "\(result.stderr)")
    let type = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
    #expect(type == .typeCharacterSpecial)
}

@Test func aRerunRemovesTheStaleTemporariesOfKilledRunsOnly() throws {
    let scratch = try Scratch()
    // PIDs above the kernel's pid_max (4,194,304 at most) belong to no process.
    try scratch.write(".out.tsv.4999999.tmp", "a complete table of a killed run")
    try scratch.write(".out.tsv.notes.tmp", "someone else's")
    let result = try runTwinPeaks(["predict", "--model", referenceModel, "--output", scratch.path("out.tsv")] + examplePairs)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.root).sorted() == [".out.tsv.notes.tmp", "out.tsv"])
}

// MARK: stale or foreign state

@Test(arguments: [("stray copy", "member-0 (copy).h5 not listed"),
                  ("missing member", "member-1.h5 listed in"),
                  ("missing member of a folder without a file list", "member-1.h5 missing")])
func aModelFolderWithAStrayOrMissingMemberIsRefused(damage: String, named: String) throws {
    let scratch = try Scratch()
    let model = try scratch.referenceModelCopy()
    if damage == "stray copy" {
        try FileManager.default.copyItem(atPath: model + "/member-0.h5", toPath: model + "/member-0 (copy).h5")
    } else {
        try FileManager.default.removeItem(atPath: model + "/member-1.h5")
    }
    if damage.hasSuffix("without a file list") {
        // As folders from before `train` listed its files: the members follow from "ensemble".
        var provenance = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: model + "/provenance.json"))) as? [String: Any])
        provenance["files"] = nil
        try JSONSerialization.data(withJSONObject: provenance).write(to: URL(fileURLWithPath: model + "/provenance.json"))
    }
    let result = try runTwinPeaks(["predict", "--model", model] + examplePairs)
    #expect(result.status == 1)
    #expect(result.stderr.contains(named), "\(result.stderr)")
}

@Test func leftOverTreesOfAFolderWhoseListDoesNotNameThemAreRefused() throws {
    let scratch = try Scratch()
    let model = try scratch.referenceModelCopy()
    // As `train --no-trees` over an older folder leaves it: the list names the members only.
    try scratch.write("model/provenance.json", #"{"ensemble": "3", "files": ["member-0.h5", "member-1.h5", "member-2.h5"]}"#)
    let refused = try runTwinPeaks(["predict", "--model", model, "--use", "trees"] + examplePairs)
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("not listed in " + model + "/provenance.json"), "\(refused.stderr)")
    try FileManager.default.removeItem(atPath: model + "/stack.json")
    for task in ["ddG", "dG"] { try FileManager.default.removeItem(atPath: model + "/trees-\(task).json") }
    let network = try runTwinPeaks(["predict", "--model", model, "--use", "network"] + examplePairs)
    #expect(network.status == 0, "\(network.stderr)")
}

@Test func theShippedLegacyModelWithoutAFileListStillLoads() throws {
    let result = try runTwinPeaks(["predict", "--model", referenceModel] + examplePairs)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.split(separator: "\n").count == 2 + 3 + 9)
}

/// Shards 1/2 and 2/2 of the example scan in `format`, written for `output`.
private func writeShards(_ scratch: Scratch, format: String) throws -> String {
    let output = scratch.path("out." + format)
    for k in 1...2 {
        let result = try runTwinPeaks(["predict", "--model", referenceModel, "--format", format, "--shard", "\(k)/2",
                                       "--block-size", "32", "--output", output] + examplePairs)
        #expect(result.status == 0, "\(result.stderr)")
    }
    return output
}

@Test(arguments: ["tsv", "csv", "jsonl"])
func mergedShardsEqualOneProcessAndDamagedShardsAreRefused(format: String) throws {
    let scratch = try Scratch()
    let output = try writeShards(scratch, format: format)
    let whole = try runTwinPeaks(["predict", "--model", referenceModel, "--format", format, "--block-size", "32"] + examplePairs)
    let merged = try runTwinPeaks(["predict", "--merge-shards", "2", "--format", format, "--output", output])
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(try String(contentsOfFile: output, encoding: .utf8) == whole.stdout)
    #expect(merged.stderr.contains("\(whole.stdout.split(separator: "\n").count - (format == "jsonl" ? 0 : 2)) rows"), "\(merged.stderr)")

    let first = output + ".shard-1-of-2", second = output + ".shard-2-of-2"
    let original = try String(contentsOfFile: first, encoding: .utf8)
    var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let dataLine = format == "jsonl" ? 0 : 2
    func refused(_ expected: String, _ mergeFormat: String = format) throws {
        let result = try runTwinPeaks(["predict", "--merge-shards", "2", "--format", mergeFormat, "--output", output])
        #expect(result.status == 1)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }
    lines.remove(at: dataLine)
    try lines.joined(separator: "\n").write(toFile: first, atomically: true, encoding: .utf8)
    try refused("rows were added or deleted")
    lines.insert("hello", at: dataLine + 1)
    try lines.joined(separator: "\n").write(toFile: first, atomically: true, encoding: .utf8)
    try refused("is not a \(format) prediction row")
    // Duplicated (shard 2 copied over shard 1) and swapped shards.
    try FileManager.default.removeItem(atPath: first)
    try FileManager.default.copyItem(atPath: second, toPath: first)
    try refused("holds shard 2/2, but its name says 1/2")
    try original.write(toFile: second, atomically: true, encoding: .utf8)
    try refused("holds shard 2/2, but its name says 1/2")  // swapped: shard 1's file is checked first
    // The right shards merged with the wrong --format.
    try FileManager.default.removeItem(atPath: first)
    try FileManager.default.removeItem(atPath: second)
    _ = try writeShards(scratch, format: format)
    try refused("is a \(format) shard; merge it with --format \(format)", format == "tsv" ? "jsonl" : "tsv")
}

@Test func aShardOfAnotherRunIsRefused() throws {
    let scratch = try Scratch()
    let output = try writeShards(scratch, format: "tsv")
    // Shard 2 again, with another predictor: same blocks and rows, other numbers.
    let result = try runTwinPeaks(["predict", "--model", referenceModel, "--shard", "2/2", "--block-size", "32",
                                   "--use", "network", "--output", output] + examplePairs)
    #expect(result.status == 0, "\(result.stderr)")
    let merged = try runTwinPeaks(["predict", "--merge-shards", "2", "--output", output])
    #expect(merged.status == 1)
    #expect(merged.stderr.contains("comes from another run"), "\(merged.stderr)")
}

@Test func csvQuotesIdsWithCommasAndQuotesAsRFC4180Says() throws {
    let scratch = try Scratch()
    let pairs = try scratch.write("p.fasta", ">p\"1,x\n" + "MKVLAAGIVG\n>b\nGSHMWEPEPT\n")
    let result = try runTwinPeaks(["predict", "--model", referenceModel, "--pairs", pairs, "--format", "csv"])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n")
    #expect(lines[0].hasPrefix("\"# ΔG in kcal/mol") && lines[0].hasSuffix("\""))
    #expect(lines[1] == "pair_id,partner1_length,partner2_length,mutations,dg_kcal_per_mol,dg_spread,kd_molar,ddg_kcal_per_mol,ddg_spread")
    #expect(lines[2].hasPrefix("\"p\"\"1,x\",10,10,WT,"), "\(lines[2])")
}

// MARK: wrong answers from valid-looking input

@Test func aNoOpMutationIsAnErrorNamingThePair() throws {
    let scratch = try Scratch()
    let pairs = try scratch.write("p.fasta", tinyPair)
    let result = try runTwinPeaks(["predict", "--model", referenceModel, "--pairs", pairs, "--mutation", "KA2K"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("pair p1") && result.stderr.contains("KA2K: the mutant residue is the wild type"), "\(result.stderr)")
}

@Test func mutationRowsForNoPairAreNamed() throws {
    let scratch = try Scratch()
    let pairs = try scratch.write("p.fasta", tinyPair)
    let mutations = try scratch.write("m.tsv", "pair_id\tmutations\np1\tKA2A\nnobody\tKA2A\nP1\tWB5A\n")
    let result = try runTwinPeaks(["predict", "--model", referenceModel, "--pairs", pairs, "--mutations", mutations])
    #expect(result.status == 1)
    #expect(result.stderr.contains(mutations + ": 2 pair id(s) match no pair of the partner files: P1, nobody"), "\(result.stderr)")
    #expect(result.stdout.contains("p1\t10\t10\tKA2A\t"))  // the matching rows still come out
}

@Test func aTabInAFASTAHeaderEndsThePairIdAndNeverShiftsColumns() throws {
    let scratch = try Scratch()
    let pairs = try scratch.write("p.fasta", ">p1\tjunk\tmore\nMKVLAAGIVG\n>p1b\nGSHMWEPEPT\n")
    let mutations = try scratch.write("m.tsv", "p1\tKA2A\n")
    let result = try runTwinPeaks(["predict", "--model", referenceModel, "--pairs", pairs, "--mutations", mutations])
    #expect(result.status == 0, "\(result.stderr)")
    let rows = result.stdout.split(separator: "\n").dropFirst(2)
    #expect(rows.count == 2)
    #expect(rows.allSatisfy { $0.hasPrefix("p1\t10\t10\t") && $0.split(separator: "\t", omittingEmptySubsequences: false).count == 9 })
}

@Test(arguments: [("networkWeight", "-0.5", "network weight -0.5: expected a finite weight ≥ 0"),
                  ("intercept", "1e308", "intercept 1e+308: expected a finite value within ±100.0 kcal/mol"),
                  ("intercept", "-150", "intercept -150.0: expected a finite value within ±100.0 kcal/mol")])
func aStackWithANegativeWeightOrAnAbsurdInterceptIsRefusedAtLoad(key: String, value: String, expected: String) throws {
    let scratch = try Scratch()
    let model = try scratch.referenceModelCopy()
    var stack = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model + "/stack.json"))) as! [String: Any]
    var stacks = stack["stacks"] as! [String: Any]
    var ddG = stacks["ddG"] as! [String: Any]
    ddG[key] = Double(value)!
    stacks["ddG"] = ddG
    stack["stacks"] = stacks
    try JSONSerialization.data(withJSONObject: stack).write(to: URL(fileURLWithPath: model + "/stack.json"))
    let result = try runTwinPeaks(["predict", "--model", model, "--use", "stack"] + examplePairs)
    #expect(result.status == 1)
    #expect(result.stderr.contains(model + "/stack.json: ddG stack " + expected), "\(result.stderr)")
}

@Test(arguments: [(["--split", "a=f.tsv", "--split", "a=g.tsv"], "split name 'a' is given twice"),
                  (["--split", "../../X=f.tsv"], "cannot name a folder under --output"),
                  (["--split", "a/b=f.tsv"], "cannot name a folder under --output"),
                  (["--split", "a=f.tsv", "--stop-by-complex", "b"], "--stop-by-complex b: no --split of that name; expected one of a")])
func aSplitNameTwiceOrOneThatLeavesTheOutputIsRefused(arguments: [String], expected: String) throws {
    let scratch = try Scratch()
    let result = try runTwinPeaks(["evaluate", "--dataset", scratch.path("missing"), "--output", scratch.path("eval")] + arguments)
    #expect(result.status == 1)
    #expect(result.stderr.contains(expected), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: scratch.path("eval")))
}
