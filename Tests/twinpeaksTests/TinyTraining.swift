// A dataset and a network small enough to train as a real `twinpeaks` process in about a second:
// `prepare` on the Bio fixtures' tiny reference (5 complexes), and a width-8, 3-epoch configuration.
// With `withTrees`, `prepare` reads instead a slice of Reference/ with enough rows for the trees and
// a 2-fold stack (about 2 s to train).
import Foundation
import TwinPeaksBio

// `tinyReference` (the fixture folder) and `packageReference` are defined once, in Scratch.swift.

let tinyConfiguration = """
{"width": 8, "heads": 2, "feedForwardWidth": 16, "headWidth": 8, "encoderLayers": 1, "crossLayers": 1,
 "epochs": 3, "batchSize": 4, "maxResidues": 64, "warmupSteps": 1}
"""

struct TinyTraining {
    let dataset: String
    let configuration: String
    /// `--stack-folds` of `trainArguments`: 2 where the dataset has the rows for trees, else 0.
    let stackFolds: Int

    /// Prepares the dataset and writes the configuration under `scratch`. The 5-complex fixture has
    /// fewer than the 10 labelled rows per task that the trees need, so only `withTrees` writes
    /// trees-ddG.json, trees-dG.json and (2-fold) stack.json.
    init(_ scratch: Scratch, withTrees: Bool = false) throws {
        dataset = scratch.path("dataset")
        let reference = withTrees ? try referenceWithTrees(in: scratch) : tinyReference
        let prepared = try runTwinPeaks(["prepare", "--reference", reference, "--output", dataset])
        guard prepared.status == 0 else { throw CocoaError(.fileReadCorruptFile, userInfo: ["prepare": prepared.stderr]) }
        configuration = try scratch.write("tiny.json", tinyConfiguration)
        stackFolds = withTrees ? 2 : 0
    }

    /// `train` of an ensemble (2 members unless told) with trees into `output`; `stackFolds` nil: the dataset's.
    func trainArguments(output: String, threads: Int = 1, ensemble: Int = 2, stackFolds: Int? = nil,
                        extra: [String] = []) -> [String] {
        ["train", "--dataset", dataset, "--config", configuration, "--ensemble", String(ensemble),
         "--stack-folds", String(stackFolds ?? self.stackFolds), "--seed", "1", "--threads", String(threads),
         "--output", output] + extra
    }

    /// The complex ids of the prepared dataset, in complexes.tsv order.
    func complexIDs() throws -> [String] {
        try TextFile(path: dataset + "/complexes.tsv").lines.dropFirst().compactMap { $0.split(separator: "\t").first.map(String.init) }
    }
}

/// A reference folder under `scratch` cut from Reference/: the first SKEMPI rows of three small complexes
/// (8 of 1BRS, 8 of 1KNE, 4 of 3EQY, with their structures) and the first 11 PDBbind entries whose
/// partners are both at most 120 residues; `prepare` makes 20 ΔΔG and 13 ΔG rows of it (the trees
/// need 10 per task). Three SKEMPI complexes, so that each side of a 2-fold stack split has one.
private func referenceWithTrees(in scratch: Scratch) throws -> String {
    let manager = FileManager.default
    let root = scratch.path("reference-with-trees")
    for folder in ["skempi/pdbs", "pdbbind"] {
        try manager.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
    }
    let skempi = try TextFile(path: packageReference + "/skempi/skempi_v2.csv").lines
    var rows = [skempi[0]]
    for (pdb, count) in [("1BRS", 8), ("1KNE", 8), ("3EQY", 4)] {
        rows += skempi.filter { $0.hasPrefix(pdb + "_") }.prefix(count)
        for suffix in [".pdb.gz", ".mapping.gz"] {
            try manager.copyItem(atPath: packageReference + "/skempi/pdbs/" + pdb + suffix, toPath: root + "/skempi/pdbs/" + pdb + suffix)
        }
    }
    try scratch.write("reference-with-trees/skempi/skempi_v2.csv", rows.joined(separator: "\n") + "\n")
    let partners = try TextFile(path: packageReference + "/pdbbind/pdbbind_pp_sequences.tsv.gz").lines
    let short = partners.dropFirst().filter { line in
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        return fields.count > 4 && fields[3].count <= 120 && fields[4].count <= 120
    }.prefix(11)
    try scratch.write("reference-with-trees/pdbbind/pdbbind_pp_sequences.tsv", ([partners[0]] + short).joined(separator: "\n") + "\n")
    let codes = Set(short.map { String($0.prefix { $0 != "\t" }) })
    let export = try TextFile(path: packageReference + "/pdbbind/PDBbind_v2020_PP_pdbbindcn_export.csv").lines
    // The PDB code is the second field; the quoted fields that may hold commas all come after it.
    let entries = export.dropFirst().filter { line in
        let fields = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        return fields.count > 1 && codes.contains(String(fields[1]))
    }
    try scratch.write("reference-with-trees/pdbbind/PDBbind_v2020_PP_pdbbindcn_export.csv", ([export[0]] + entries).joined(separator: "\n") + "\n")
    return root
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
