// A dataset and a network small enough to train as a real `twinpeaks` process in about a second:
// `prepare` on the Bio fixtures' tiny reference (5 complexes), and a width-8, 3-epoch configuration.
import Foundation

// `tinyReference` (the fixture folder) is defined once, in Scratch.swift.

let tinyConfiguration = """
{"width": 8, "heads": 2, "feedForwardWidth": 16, "headWidth": 8, "encoderLayers": 1, "crossLayers": 1,
 "epochs": 3, "batchSize": 4, "maxResidues": 64, "warmupSteps": 1}
"""

struct TinyTraining {
    let dataset: String
    let configuration: String

    /// Prepares the dataset and writes the configuration under `scratch`.
    init(_ scratch: Scratch) throws {
        dataset = scratch.path("dataset")
        let prepared = try runTwinPeaks(["prepare", "--reference", tinyReference, "--output", dataset])
        guard prepared.status == 0 else { throw CocoaError(.fileReadCorruptFile, userInfo: ["prepare": prepared.stderr]) }
        configuration = try scratch.write("tiny.json", tinyConfiguration)
    }

    /// `train` of a 2-member ensemble with trees into `output`.
    func trainArguments(output: String, threads: Int = 1, extra: [String] = []) -> [String] {
        ["train", "--dataset", dataset, "--config", configuration, "--ensemble", "2", "--stack-folds", "0",
         "--seed", "1", "--threads", String(threads), "--output", output] + extra
    }
}

/// The bytes of every file under `folder` (relative path → contents), checkpoints left out.
func filesUnder(_ folder: String, excluding: Set<String> = ["checkpoints"]) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) where !excluding.contains(name) {
        files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
    }
    return files
}

/// training-log.tsv without its timing columns (seconds, samples per second), which differ by design.
func untimedLog(_ data: Data?) -> [String] {
    String(decoding: data ?? Data(), as: UTF8.self).split(separator: "\n").map { line in
        let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
        return (cells.prefix(3) + cells.dropFirst(5)).joined(separator: "\t")
    }
}
