// One fuzz target per reader of user files. A target feeds the bytes to the reader and ignores its
// thrown errors: a bad input must end in an error, and only a trap, an ASan report or a hang counts.
import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksModel
import TwinPeaksSplit
import TwinPeaksTensor

enum FuzzTargets {
    typealias Target = @Sendable ([UInt8]) -> Void

    static let all: [String: Target] = [
        "fasta": { bytes in _ = try? FASTAFile.parse(TextFile(name: "fuzz.fasta", text: text(bytes))) },
        "mutations": mutations,
        "skempi": { bytes in _ = try? SKEMPITable.parse(TextFile(name: "skempi_v2.csv", text: text(bytes)), strict: false) },
        "pdb": { bytes in _ = try? PDBFormat.parse(TextFile(name: "fuzz.pdb", text: text(bytes))) },
        "mmcif": { bytes in _ = try? MMCIFFormat.parse(TextFile(name: "fuzz.cif", text: text(bytes))) },
        "folds": folds,
        "config": { bytes in _ = try? ModelConfiguration.decode(Data(bytes), source: "fuzz.json") },
        "pair": pair,
        "hdf5": hdf5,
    ]

    /// The target named by TWINPEAKS_FUZZ_TARGET, resolved once.
    static let selected: Target = {
        let name = ProcessInfo.processInfo.environment["TWINPEAKS_FUZZ_TARGET"] ?? ""
        guard let target = all[name] else {
            FileHandle.standardError.write(Data("twinpeaks-fuzz: set TWINPEAKS_FUZZ_TARGET to one of \(all.keys.sorted().joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    /// The bytes as the readers' TextFile would see them from disk (invalid UTF-8 repaired, as
    /// `String(decoding:)` does for every reader that takes a path).
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Readers that take only a path get the bytes through this file (one per process).
    static func scratchFile(_ bytes: [UInt8], suffix: String) -> String {
        let path = NSTemporaryDirectory() + "twinpeaks-fuzz-\(getpid())\(suffix)"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// `mutations.tsv` of the dataset, and the predict `--mutations` list (pair id, mutation sets).
    static func mutations(_ bytes: [UInt8]) {
        _ = try? MutationTable.read(path: scratchFile(bytes, suffix: ".tsv"))
        for line in text(bytes).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if let last = fields.last { _ = try? MutationSet(parsing: String(last)) }
        }
    }

    static func folds(_ bytes: [UInt8]) {
        _ = try? FoldFile.load(scratchFile(bytes, suffix: ".tsv"))
        _ = try? ComplexFamilyTable.load(scratchFile(bytes, suffix: ".families.tsv"))
    }

    /// The pair builder: FASTA text, a NUL byte, then one mutation set per line. The first two
    /// records are the partners (seeds give them many chains, declared and undeclared).
    static func pair(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
        guard let records = try? FASTAFile.parse(TextFile(name: "fuzz.fasta", text: text(Array(parts[0])))),
              records.count >= 2 else { return }
        let mutations = parts.count > 1 ? text(Array(parts[1])).split(separator: "\n").map(String.init) : []
        _ = try? PredictionPair(id: records[0].identifier, partner1: records[0], partner2: records[1], mutations: mutations)
    }

    /// Every HDF5 reader on the bytes as a file (the raw file API over every object, a parameter
    /// file's metadata, an embedding store, the three import formats): everything TwinPeaks could read from the bytes as a file: the walk `check-hdf5` runs.
    static func hdf5(_ bytes: [UInt8]) {
        HDF5ReadThrough.readEverything(at: scratchFile(bytes, suffix: ".h5"))
    }
}
