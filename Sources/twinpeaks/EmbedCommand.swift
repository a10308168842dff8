// `twinpeaks embed`: per-residue features for every unique chain of the dataset, from the
// built-in descriptors or imported from an existing embedding file; resumable, shardable.
import ArgumentParser
import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksTensor

struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Give every unique chain of the dataset an L×D matrix of per-residue features.",
        discussion: """
        Reads the chains from DATASET/sequences.fasta (wild types and mutants, named by the MD5 of the \
        sequence) or from --fasta, and writes one [L, D] dataset per chain into --output (HDF5). \
        The default features are the built-in descriptors (D = 58, nothing to download). With --provider esm2 \
        --weights FILE (from `twinpeaks convert-esm2`), ESM-2 runs here on the CPU and one layer's hidden \
        states are written (D = the model width, <cls>/<eos> dropped, chains past 1,022 residues read in \
        overlapping windows). With --import, \
        embeddings made elsewhere (ESM-2, ESM C, ProtT5, …) are checked and copied in instead: chains \
        with L+1 rows lose the last (ProtT5's end token), L+2 rows the first and last (ESM's start and \
        end tokens); any other length, a dimension unlike the others or a missing chain is an error \
        naming the key. A rerun resumes where a killed run stopped; progress goes to stderr.
        """)

    @Option(help: "The dataset folder written by `twinpeaks prepare`; its sequences.fasta lists the chains.")
    var dataset: String?

    @Option(help: "A FASTA file of chains to embed instead of a dataset (one chain per record).")
    var fasta: String?

    @Option(help: "Where the features come from: descriptors (built in), or esm2 (ESM-2 computed here on the CPU from --weights).")
    var provider: String = "descriptors"

    @Option(help: "The ESM-2 parameter file written by `twinpeaks convert-esm2` (with --provider esm2).")
    var weights: String?

    @Option(help: "Threads for ESM-2 (default: OPENBLAS_NUM_THREADS, else all cores).")
    var threads: Int?

    @Option(help: "Built-in descriptor blocks, comma-separated, or 'default' for all (D = 58): onehot, blosum62, vhse, zscales, hydropathy, charge, volume, unknown, chain_start.")
    var descriptors: String = "default"

    @Option(name: .customLong("import"), help: "An HDF5 file of per-residue embeddings to import instead of computing descriptors.")
    var importFile: String?

    @Option(help: "Layout of the imported file: bio_embeddings (MD5 keys, original_id attribute), prottrans (residue_embeddings.h5, FASTA-header keys) or plain (one [L, D] dataset per FASTA name).")
    var format: String?

    @Option(help: "The FASTA that names the imported file's sequences (default: the chains' own FASTA). Chains are matched by sequence.")
    var importFasta: String?

    @Option(help: "Name recorded for imported embeddings, e.g. esm2_t33_650M_UR50D (default: import:FORMAT).")
    var name: String?

    @Option(help: "The network layer: for --provider esm2 the layer whose hidden states are written (0 = the token embeddings, default: the last, after the final LayerNorm); for --import the layer the embeddings were taken from, recorded with them (default -1: not stated).")
    var layer: Int?

    @Option(help: "On-disk precision of the output: float32 or float16 (11 significant bits, half the size).")
    var storage: String = "float32"

    @Option(help: "Deflate level 0-9 of the output (0: uncompressed; 1 is fast and shrinks descriptors 5-6×).")
    var compression: Int = EmbeddingStore.defaultCompression

    @Option(help: "The embedding file to write (HDF5).")
    var output: String = "work/embeddings.h5"

    @Option(help: "Embed only shard i of n (1-based, every n-th chain) into OUTPUT.shard-i-of-n. Inside a SLURM array job the shard is taken from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT.")
    var shard: String?

    @Option(help: "Merge the n finished shard files OUTPUT.shard-k-of-n into OUTPUT.")
    var mergeShards: Int?

    @Flag(help: "Check the input (and the imported file) and list every problem on stdout; write nothing; exit status 1 if there is a problem.")
    var check = false

    @Option(help: .hidden)
    var stopAfter: Int?

    /// Values per part file (default 16 Mi); smaller lets the kill drill cross several parts in a short run.
    @Option(help: .hidden)
    var partValues: Int?

    @OptionGroup var unrecognized: UnrecognizedArguments

    func validate() throws {
        try unrecognized.validate()
        guard (dataset == nil) != (fasta == nil) else {
            throw ValidationError("Give exactly one of --dataset DIR or --fasta FILE.")
        }
        guard ["descriptors", "esm2"].contains(provider) else {
            throw ValidationError("--provider must be descriptors or esm2, not '\(provider)'.")
        }
        if provider == "esm2" {
            guard weights != nil, importFile == nil else {
                throw ValidationError("--provider esm2 needs --weights FILE (from `twinpeaks convert-esm2`) and no --import.")
            }
            if descriptors != "default" { throw ValidationError("--descriptors does not go with --provider esm2.") }
        } else if weights != nil {
            throw ValidationError("--weights only goes with --provider esm2.")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        if importFile != nil {
            guard let format, EmbeddingFileFormat(rawValue: format) != nil else {
                throw ValidationError("--import needs --format bio_embeddings, prottrans or plain.")
            }
        } else {
            if format != nil || importFasta != nil || name != nil {
                throw ValidationError("--format, --import-fasta and --name only go with --import FILE.")
            }
        }
        guard HDF5FloatStorage(rawValue: storage) != nil else {
            throw ValidationError("--storage must be float32 or float16, not '\(storage)'.")
        }
        guard (0...9).contains(compression) else { throw ValidationError("--compression must be 0 to 9.") }
        if let shard { _ = try parse { try Shard(parsing: shard) } }
        if let mergeShards, !(1...Shard.maximumCount).contains(mergeShards) {
            throw ValidationError("--merge-shards \(mergeShards): expected a shard count of 1 … \(Shard.maximumCount)")
        }
    }

    private func parse<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as InputError { throw ValidationError(error.description) }
    }

    func run() throws {
        do {
            try embed()
        } catch let error as InputError {
            // Status 1, as every subcommand reports bad input (2 is for a bad command line).
            FileHandle.standardError.write(Data("twinpeaks embed: \(error)\n".utf8))
            throw ExitCode(1)
        } catch let error as HDF5Error {
            FileHandle.standardError.write(Data("twinpeaks embed: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func embed() throws {
        let chainsPath = dataset.map { "\($0)/sequences.fasta" } ?? fasta!
        let (targets, inputHash) = try Self.readTargets(chainsPath, namedByKey: dataset != nil)
        if let count = mergeShards {
            let chains = try EmbedStage.mergeShards(output: output, count: count, targets: targets)
            note("embed: merged \(count) shards, \(chains) chains → \(output)")
            return
        }
        let provider: any ResidueFeatureProvider
        let imported: ImportedEmbeddings?
        var storedLayer = 0
        if let weights {
            _ = try TensorThreads.configure(explicit: threads)
            let esm2 = try ESM2Provider(weights: weights, layer: layer)
            note("embed: \(esm2.model.configuration), layer \(esm2.layer), \(TensorThreads.count) thread\(TensorThreads.count == 1 ? "" : "s")")
            imported = nil
            provider = esm2
            storedLayer = esm2.layer
        } else if let importFile {
            let format = EmbeddingFileFormat(rawValue: format!)!
            let records = try importFasta.map { try Self.importRecords($0, format: format) }
                ?? targets.map { (id: $0.identifier, sequence: $0.sequence) }
            imported = try ImportedEmbeddings(path: importFile, format: format, records: records, name: name,
                                              layer: layer ?? -1)
            provider = imported!
            storedLayer = layer ?? -1
        } else {
            imported = nil
            provider = try DescriptorProvider(parsing: descriptors)
        }
        let shard = try self.shard.map { try Shard(parsing: $0) } ?? Shard.fromEnvironment(ProcessInfo.processInfo.environment)
        var stage = EmbedStage(targets: targets, provider: provider, storage: HDF5FloatStorage(rawValue: storage)!,
                               output: output, shard: shard, layer: storedLayer,
                               inputHash: inputHash, version: TwinPeaks.version)
        stage.compression = compression
        if let partValues { stage.partValueBudget = max(1, partValues) }

        let problems = imported?.problems(for: stage.shardTargets) ?? []
        if check {
            for problem in problems { print(problem) }
            note("embed --check: \(stage.shardTargets.count) chains, \(provider.name) D=\(provider.dimension): "
                 + (problems.isEmpty ? "no problems" : "\(problems.count) problem\(problems.count == 1 ? "" : "s")"))
            if !problems.isEmpty { throw ExitCode(1) }
            return
        }
        guard problems.isEmpty else {
            for problem in problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            throw InputError(importFile!, "\(problems.count) chains cannot be imported (listed above); nothing was written")
        }

        let reporter = ProgressLine()
        let summary = try stage.run(limit: stopAfter, progress: reporter.report, note: note)
        reporter.finish()
        switch summary.outcome {
        case .upToDate:
            // Touch the file so make sees it newer than the binary that confirmed it.
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: summary.outputPath)
            note("embed: \(summary.outputPath) is up to date (\(summary.total) chains, \(provider.name) D=\(provider.dimension))")
        case .stopped:
            note("embed: stopped after \(summary.embedded) chains; \(summary.reused + summary.embedded) of "
                 + "\(summary.total) stored; rerun to resume")
        case .finished:
            let rate = summary.seconds > 0 ? Int(Double(summary.residues) / summary.seconds) : 0
            note("embed: \(summary.total) chains (\(summary.embedded) embedded, \(summary.reused) reused) in "
                 + "\(String(format: "%.1f", summary.seconds)) s, \(rate) residues/s, \(provider.name) D=\(provider.dimension) → \(summary.outputPath)")
        }
    }

    /// The chains of a FASTA file, one per record, keyed by MD5 of the sequence, and the file's MD5.
    /// In a dataset's sequences.fasta every name must be that key.
    static func readTargets(_ path: String, namedByKey: Bool) throws -> ([EmbeddingTarget], String) {
        let records = try FASTAFile.read(path: path)
        var targets: [EmbeddingTarget] = []
        for record in records {
            guard record.chains.count == 1 else {
                throw InputError("\(path): record \(record.identifier)", "holds \(record.chains.count) chains joined by ':'; embeddings are per chain, one chain per record")
            }
            let key = MD5.sequenceKey(record.sequence)
            if namedByKey && record.identifier != key {
                throw InputError("\(path): record \(record.identifier)", "the name is not the MD5 of the upper-case sequence (\(key))")
            }
            targets.append(EmbeddingTarget(key: key, identifier: record.identifier, sequence: record.sequence.uppercased()))
        }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw InputError(path, "cannot read the file")
        }
        return (targets, MD5.hex(bytes))
    }

    /// The records of the FASTA that names an imported file's sequences. ProtTrans keys its
    /// datasets by the whole header line, the other layouts by the identifier.
    static func importRecords(_ path: String, format: EmbeddingFileFormat) throws -> [(id: String, sequence: String)] {
        try FASTAFile.read(path: path).map { record in
            guard record.chains.count == 1 else {
                throw InputError("\(path): record \(record.identifier)", "holds \(record.chains.count) chains joined by ':'; one chain per record expected")
            }
            return (id: format == .protTrans ? record.header : record.identifier, sequence: record.sequence)
        }
    }
}

/// One line on stderr (embed and score-esm2 report this way).
func note(_ line: String) { FileHandle.standardError.write(Data("\(line)\n".utf8)) }

/// The progress line on stderr: rewritten in place on a terminal, one line every 10 s otherwise.
private final class ProgressLine {
    private let terminal = isatty(2) != 0
    private var last = Date.distantPast
    private var shown = false

    func report(_ progress: EmbedProgress) {
        let interval: TimeInterval = terminal ? 0.25 : 10
        guard Date().timeIntervalSince(last) >= interval || progress.done == progress.total else { return }
        last = Date()
        if terminal {
            FileHandle.standardError.write(Data("\r\(progress.line)\u{1B}[K".utf8))
            shown = true
        } else {
            note(progress.line)
        }
    }

    func finish() { if shown { FileHandle.standardError.write(Data("\n".utf8)) } }
}
