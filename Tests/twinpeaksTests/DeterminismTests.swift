// Cross-process reproducibility: the same input and seed, run as separate `twinpeaks` processes,
// write byte-identical model files and predictions (README "Reproducibility and safety"). Each
// process has its own hash seed, so an unsorted dictionary or an HDF5 timestamp shows here.
import Foundation
import Testing

@Test func twoTrainingProcessesWriteByteIdenticalModelFiles() throws {
    let scratch = try Scratch()
    let tiny = try TinyTraining(scratch)
    var runs: [[String: Data]] = []
    for (name, threads) in [("a", 1), ("b", 1), ("c", 2)] {
        let result = try runTwinPeaks(tiny.trainArguments(output: scratch.path(name), threads: threads))
        #expect(result.status == 0, "\(result.stderr)")
        runs.append(try filesUnder(scratch.path(name)))
    }
    let names = runs[0].keys.sorted()
    #expect(names.contains("member-0.h5") && names.contains("member-1.h5") && names.contains("provenance.json"), "\(names)")
    for (index, run) in runs.enumerated().dropFirst() {
        #expect(run.keys.sorted() == names, "run \(index)")
        for name in names where name != "training-log.tsv" {
            #expect(run[name] == runs[0][name], "run \(index) (\(index == 2 ? "2 threads" : "1 thread")): \(name) differs")
        }
        #expect(untimedLog(run["training-log.tsv"]) == untimedLog(runs[0]["training-log.tsv"]), "run \(index)")
    }
}

@Test func twoPredictProcessesWriteByteIdenticalPredictions() throws {
    let scratch = try Scratch()
    let tiny = try TinyTraining(scratch)
    #expect(try runTwinPeaks(tiny.trainArguments(output: scratch.path("model"))).status == 0)
    let pairs = try scratch.write("pairs.fasta", ">a\nMKVLAAGIVGSTWEPEPT\n>b\nGSHMWEPEPTQQAAKV\n>c\nMKVLA\n>d\nGSHMW\n")
    var outputs: [Data] = []
    for (name, format) in [("p1.tsv", "tsv"), ("p2.tsv", "tsv"), ("p1.jsonl", "jsonl"), ("p2.jsonl", "jsonl")] {
        let result = try runTwinPeaks(["predict", "--model", scratch.path("model"), "--pairs", pairs, "--mutation", "MA1W",
                                       "--format", format, "--output", scratch.path(name)])
        #expect(result.status == 0, "\(result.stderr)")
        outputs.append(try Data(contentsOf: URL(fileURLWithPath: scratch.path(name))))
    }
    #expect(!outputs[0].isEmpty && outputs[0] == outputs[1])
    #expect(!outputs[2].isEmpty && outputs[2] == outputs[3])
}
