// The kill -9 drill: real `train` (2 members, trees, 2-fold stack), `embed` and `predict --output`
// processes SIGKILLed at several moments. Nothing under a final name may be partial or changed before
// its rename, and the rerun (`train --resume`, `embed` and `predict` as they were) must finish with the
// files of an uninterrupted run, byte for byte, removing the killed run's leftovers and nothing else.
import Foundation
import Testing

/// Starts `twinpeaks arguments` and SIGKILLs it the moment `moment(pid)` holds (polled every 0.2 ms);
/// true when it was killed, false when it finished first.
private func run(_ arguments: [String], killingWhen moment: (Int32) -> Bool) throws -> Bool {
    let process = Process()
    process.executableURL = productsDirectory.appendingPathComponent("twinpeaks")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    while process.isRunning {
        if moment(process.processIdentifier) {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return true
        }
        usleep(200)
    }
    return false
}

private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

/// FASTA records of made-up chains named `name(0)`, `name(1)`, … with lengths in `lengths`, from a
/// fixed linear congruential generator: the same text in every process, and the first records of a
/// longer call are the records of a shorter one.
private func madeUpFASTA(_ count: Int, lengths: ClosedRange<Int>, name: (Int) -> String) -> String {
    let residues = Array("ACDEFGHIKLMNPQRSTVWY")
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
    var text = ""
    for index in 0..<count {
        let length = lengths.lowerBound + next(lengths.count)
        text += ">\(name(index))\n" + String((0..<length).map { _ in residues[next(residues.count)] }) + "\n"
    }
    return text
}

/// Kills `train` once per moment (when `file` appears under its output), checks that every file under
/// a final name is the uninterrupted run's, then that `--resume` ends with exactly its files and no
/// temporaries. Returns how many kills landed before the run finished.
private func drillTrain(_ tiny: TinyTraining, _ scratch: Scratch, moments: [(moment: String, file: String)],
                        expecting names: [String]) throws -> Int {
    let reference = try runTwinPeaks(tiny.trainArguments(output: scratch.path("reference")))
    #expect(reference.status == 0, "\(reference.stderr)")
    let expected = try filesUnder(scratch.path("reference"))
    for name in names { #expect(expected[name] != nil, "the uninterrupted run wrote no \(name): \(expected.keys.sorted())") }
    var killed = 0
    for (index, (moment, file)) in moments.enumerated() {
        let output = scratch.path("run-\(index)")
        let arguments = tiny.trainArguments(output: output)
        if try run(arguments, killingWhen: { _ in exists(output + "/" + file) }) { killed += 1 }
        // What lies under a final name is complete: the same bytes as the uninterrupted run's. A kill
        // while a file is written leaves its temporary (`.NAME.PID.tmp`), which the resume removes.
        for (name, data) in try filesUnder(output) where name != "training-log.tsv" && !name.hasSuffix(".tmp") {
            #expect(expected[name] == data, "\(moment): \(name) is under its final name but partial or different")
        }
        let resumed = try runTwinPeaks(arguments + ["--resume"])
        #expect(resumed.status == 0, "\(moment): \(resumed.stderr)")
        let files = try filesUnder(output)
        #expect(files.keys.sorted() == expected.keys.sorted(), "\(moment): \(files.keys.sorted())")
        for (name, data) in expected where name != "training-log.tsv" {
            #expect(files[name] == data, "\(moment): \(name) after --resume differs from the uninterrupted run")
        }
        #expect(untimedLog(files["training-log.tsv"]) == untimedLog(expected["training-log.tsv"]), "\(moment)")
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: output).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(moment): temporaries left: \(leftovers)")
    }
    return killed
}

@Test func trainKilledAtAnyMomentLosesNothingAndResumesToTheUninterruptedResult() throws {
    let scratch = try Scratch()
    // The 5-complex dataset: members only (too few rows for trees), about 1 s a run.
    let moments = [("after member 0's first checkpoint", "checkpoints/member-0/last.h5"),
                   ("after member 0's model file", "member-0.h5"),
                   ("after member 1's first checkpoint", "checkpoints/member-1/last.h5"),
                   ("after the training log", "training-log.tsv")]
    let killed = try drillTrain(try TinyTraining(scratch), scratch, moments: moments,
                                expecting: ["member-0.h5", "member-1.h5", "training-log.tsv", "provenance.json"])
    // The moments come in order during a ~1 s run; the first ones at least must be caught alive.
    #expect(killed >= 2, "only \(killed) of \(moments.count) kills landed before the run finished")
}

@Test func trainKilledInTheTreesOrTheStackResumesToTheSameTreesAndStack() throws {
    let scratch = try Scratch()
    // After the members (about 1 s) train fits the ΔΔG trees, the ΔG trees, then the stack's two
    // inner-fold networks (about 0.5 s), and writes stack-out-of-fold.tsv, stack.json, provenance.json.
    let moments = [("after the training log (fitting the ΔΔG trees)", "training-log.tsv"),
                   ("after the ΔΔG trees (fitting the ΔG trees)", "trees-ddG.json"),
                   ("after the ΔG trees (the stack's inner folds)", "trees-dG.json"),
                   ("after the stack's out-of-fold table", "stack-out-of-fold.tsv")]
    let killed = try drillTrain(try TinyTraining(scratch, withTrees: true), scratch, moments: moments,
                                expecting: ["trees-ddG.json", "trees-dG.json", "stack.json", "stack-out-of-fold.tsv"])
    // The last window (writing stack.json and provenance.json) is too short to hit every time.
    #expect(killed >= 3, "only \(killed) of \(moments.count) kills landed before the run finished")
}

/// Y of embed's summary "N chains (X embedded, Y reused)".
private func reusedChains(_ stderr: String) -> Int? {
    guard let end = stderr.range(of: " reused)") else { return nil }
    return Int(String(stderr[..<end.lowerBound].reversed().prefix { $0.isNumber }.reversed()))
}

@Test func embedKilledInItsPartsOrBeforeTheRenameRerunsToTheUninterruptedFile() throws {
    let scratch = try Scratch()
    // 1,200 chains of 50–150 residues (about 120k residues × 58 descriptors) in parts of 2 Mi values:
    // the run writes 4 parts (about 0.1 s each), then merges them (about 0.5 s in a debug build).
    let chains = try scratch.write("chains.fasta", madeUpFASTA(1200, lengths: 50...150) { "chain-\($0)" })
    func embed(_ fasta: String, into folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: scratch.path(folder), withIntermediateDirectories: true)
        return ["embed", "--fasta", fasta, "--output", scratch.path(folder + "/embeddings.h5"), "--part-values", "2097152"]
    }
    let reference = try runTwinPeaks(try embed(chains, into: "reference"))
    #expect(reference.status == 0, "\(reference.stderr)")
    let expected = try Data(contentsOf: URL(fileURLWithPath: scratch.path("reference/embeddings.h5")))
    // An earlier output of embed (5 of the chains) sits under the final name of every drilled run:
    // until the rename it must stay as it was, and the rerun may reuse its chains.
    let fewer = try scratch.write("fewer.fasta", madeUpFASTA(5, lengths: 50...150) { "chain-\($0)" })
    #expect(try runTwinPeaks(try embed(fewer, into: "earlier")).status == 0)
    let earlier = try Data(contentsOf: URL(fileURLWithPath: scratch.path("earlier/embeddings.h5")))
    let moments: [(String, (String) -> Bool)] = [
        ("while part 1 is written", { exists($0 + "/embeddings.h5.parts/part-000001.h5.tmp") }),
        ("after part 2, while part 3 is written",
         { exists($0 + "/embeddings.h5.parts/part-000002.h5") && !exists($0 + "/embeddings.h5.tmp") }),
        ("while the merged file is written, before its rename", { exists($0 + "/embeddings.h5.tmp") }),
    ]
    var killed = 0
    for (index, (moment, holds)) in moments.enumerated() {
        let folder = "run-\(index)"
        let arguments = try embed(chains, into: folder)
        try FileManager.default.copyItem(atPath: scratch.path("earlier/embeddings.h5"), toPath: scratch.path(folder + "/embeddings.h5"))
        try scratch.write(folder + "/notes.txt", "the user's own file")
        let killedHere = try run(arguments, killingWhen: { _ in holds(scratch.path(folder)) })
        if killedHere {
            killed += 1
            #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path(folder + "/embeddings.h5"))) == earlier,
                    "\(moment): the earlier embeddings.h5 changed before the rename")
        }
        let rerun = try runTwinPeaks(arguments)
        #expect(rerun.status == 0, "\(moment): \(rerun.stderr)")
        // Past a complete part the rerun resumes: it reuses more than the earlier output's 5 chains.
        if killedHere && index > 0 {
            #expect((reusedChains(rerun.stderr) ?? 0) > 5, "\(moment): \(rerun.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path(folder + "/embeddings.h5"))) == expected,
                "\(moment): the rerun's embeddings.h5 differs from the uninterrupted run's")
        // The parts, their folder and embeddings.h5.tmp are gone; the user's file is not.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path(folder)).sorted() == ["embeddings.h5", "notes.txt"],
                "\(moment)")
        #expect(try scratch.read(folder + "/notes.txt") == "the user's own file", "\(moment)")
    }
    #expect(killed >= moments.count - 1, "only \(killed) of \(moments.count) kills landed before the run finished")
}

@Test func predictKilledMidTableKeepsTheEarlierTableAndTheRerunRemovesTheKilledRunsTemporary() throws {
    let scratch = try Scratch()
    let tiny = try TinyTraining(scratch)
    let trained = try runTwinPeaks(tiny.trainArguments(output: scratch.path("model")))
    #expect(trained.status == 0, "\(trained.stderr)")
    // 300 made-up pairs (records 2i and 2i+1 are pair i): rows are written as each pair's block
    // finishes, for about 1.5 s, so the kill lands with part of the table under its temporary name.
    let pairs = try scratch.write("pairs.fasta", madeUpFASTA(600, lengths: 40...80) { "pair-\($0 / 2)-\($0 % 2 + 1)" })
    let fewer = try scratch.write("fewer.fasta", madeUpFASTA(4, lengths: 40...80) { "pair-\($0 / 2)-\($0 % 2 + 1)" })
    func predict(_ pairs: String, _ output: String) -> [String] {
        ["predict", "--model", scratch.path("model"), "--pairs", pairs, "--output", scratch.path(output)]
    }
    #expect(try runTwinPeaks(predict(pairs, "uninterrupted.tsv")).status == 0)
    let expected = try Data(contentsOf: URL(fileURLWithPath: scratch.path("uninterrupted.tsv")))
    try FileManager.default.createDirectory(atPath: scratch.path("run"), withIntermediateDirectories: true)
    #expect(try runTwinPeaks(predict(fewer, "run/table.tsv")).status == 0)
    let earlier = try Data(contentsOf: URL(fileURLWithPath: scratch.path("run/table.tsv")))
    // Files of the user's beside the table, one named like a temporary but with no PID in it.
    try scratch.write("run/.table.tsv.notes.tmp", "the user's own file")
    try scratch.write("run/notes.txt", "the user's own file")

    var temporary = ""
    let killed = try run(predict(pairs, "run/table.tsv"), killingWhen: { pid in
        temporary = scratch.path("run/.table.tsv.\(pid).tmp")
        // The header is about 400 bytes and a row about 60: past 4 KiB, dozens of rows are written.
        var status = stat()
        return stat(temporary, &status) == 0 && status.st_size > 4096
    })
    #expect(killed, "predict finished before 4 KiB of its table were written")
    #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path("run/table.tsv"))) == earlier,
            "the earlier table changed before the rename")
    // The killed run's partial table is left behind under its temporary name: the rerun must remove it.
    let partial = try Data(contentsOf: URL(fileURLWithPath: temporary))
    #expect(!partial.isEmpty && partial != expected)

    let rerun = try runTwinPeaks(predict(pairs, "run/table.tsv"))
    #expect(rerun.status == 0, "\(rerun.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path("run/table.tsv"))) == expected,
            "the rerun's table differs from the uninterrupted run's")
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("run")).sorted()
            == [".table.tsv.notes.tmp", "notes.txt", "table.tsv"])
    #expect(try scratch.read("run/.table.tsv.notes.tmp") == "the user's own file")
}
