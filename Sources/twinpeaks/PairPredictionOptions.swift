// Options shared by `predict` and `scan`: the model, the partner pairs, the table's format and
// destination, shards and their merge. `run` streams the table block by block to --output (under a
// temporary name, renamed when complete) or stdout, and reports failed pairs by name on stderr.
import ArgumentParser
import Foundation
import TwinPeaksEmbedding
import TwinPeaksModel
import TwinPeaksSplit
import TwinPeaksTensor

struct PairPredictionOptions: ParsableArguments {
    @Option(help: "The trained model folder (member-k.h5 files).")
    var model: String = "Reference/models/twinpeaks-descriptors"

    @Option(help: "FASTA of the first partners ('-' for stdin).")
    var partner1: String?

    @Option(help: "FASTA of the second partners, record i pairs with record i of --partner1.")
    var partner2: String?

    @Option(help: "One FASTA with the partners interleaved: records 1 and 2 are pair 1, 3 and 4 pair 2, … ('-' for stdin).")
    var pairs: String?

    @Option(help: "Output format: tsv, csv or jsonl.")
    var format: String = "tsv"

    @Option(help: "Write to this file instead of stdout (rows are written as each block finishes, under a temporary name that is renamed when the table is complete).")
    var output: String?

    @Option(help: "Predict only shard i of n (1-based): the i-th of n contiguous runs of blocks of up to 256 mutation sets (a pair's wild type with its first block); inside a SLURM array job taken from SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT. With --output the shard writes OUTPUT.shard-i-of-n.")
    var shard: String?

    @Option(help: "Join the n shard files OUTPUT.shard-k-of-n of a sharded run into --output, as an unsharded run writes it; refuses, naming them, when shards are missing.")
    var mergeShards: Int?

    /// Mutation sets per block (tests: small blocks cut small inputs inside a pair); a multiple of the batch size.
    @Option(help: .hidden)
    var blockSize: Int?

    // .unconditional: `--threads -1` reaches validate() (and its message) instead of reading as a flag.
    @Option(parsing: .unconditional, help: "BLAS threads. One pair is small work: 1 (the default) is fastest unless cores are idle and batches are large.")
    var threads: Int = 1

    @Option(help: "Per-residue embeddings for models trained on imported embeddings (a store holding every chain).")
    var embeddings: String?

    @Option(help: "Predictor for both tasks: network, trees or stack (default: the model's metrics.json 'shipped' choice, else network).")
    var use: PredictorChoice?

    @OptionGroup var unrecognized: UnrecognizedArguments

    func validate() throws {
        try unrecognized.validate()
        guard ["tsv", "csv", "jsonl"].contains(format) else { throw ValidationError("--format must be tsv, csv or jsonl") }
        try CountBounds.check(threads, CountBounds.threads, "--threads")
        if let mergeShards {
            guard output != nil else { throw ValidationError("--merge-shards needs --output, the file the shards were written for") }
            guard (1...Shard.maximumCount).contains(mergeShards) else {
                throw ValidationError("--merge-shards \(mergeShards): expected a shard count of 1 … \(Shard.maximumCount)")
            }
            guard shard == nil, pairs == nil, partner1 == nil, partner2 == nil else {
                throw ValidationError("--merge-shards only joins shard files: give it --output (and --format), no inputs or --shard")
            }
            return
        }
        guard (pairs != nil) != (partner1 != nil || partner2 != nil) else {
            throw ValidationError("give either --partner1 and --partner2, or --pairs")
        }
        if pairs == nil, partner1 == nil || partner2 == nil { throw ValidationError("--partner1 and --partner2 go together") }
    }

    /// The merge of a sharded run into --output, when asked for; returns false when there is none to do.
    func mergeIfAsked() throws -> Bool {
        guard let mergeShards, let output else { return false }
        let rows = try PredictionShardMerge.merge(output: output, count: mergeShards, format: format)
        FileHandle.standardError.write(Data("merged \(mergeShards) shards, \(rows) rows into \(output)\n".utf8))
        return true
    }

    /// The table's path for this run: --output, or its shard file; nil for stdout.
    var tablePath: String? {
        get throws { try output.map { path in try shardSpec.map { $0.outputPath(path) } ?? path } }
    }

    var shardSpec: Shard? {
        get throws { try shard.map(Shard.init(parsing:)) ?? Shard.fromEnvironment(ProcessInfo.processInfo.environment) }
    }

    /// Pairs the inputs, predicts every block of this run's shard and streams the table out; `rows`
    /// sees each block's rows after they are written, `problems` names what is wrong with the job
    /// as a whole (reported, and counted as failures, before any prediction). Exits 1 (after the
    /// table) when a pair failed or a problem was named.
    func run(mutationSets: @escaping PredictionJob.MutationSource, problems: (PredictionJob) -> [String] = { _ in [] },
             rows observe: ([PredictionRow]) -> Void = { _ in }) throws {
        _ = try TensorThreads.configure(explicit: threads)
        var failures = 0
        func report(_ message: String) {
            failures += 1
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        }
        let job: PredictionJob
        if let pairs { job = try PredictionJob(interleaved: pairs, mutationSets: mutationSets) }
        else { job = try PredictionJob(partner1: partner1!, partner2: partner2!, mutationSets: mutationSets) }
        job.pairingProblems.forEach(report)
        problems(job).forEach(report)
        let shard = try shardSpec
        guard FileManager.default.fileExists(atPath: model) else {
            throw ValidationError("no model folder at \(model); train one with `twinpeaks train` or give --model")
        }
        let predictor = try EnsemblePredictor(modelDirectory: model, embeddings: embeddings, use: use)
        let blockSize = self.blockSize ?? predictor.mutationBlockSize
        // Blocks batched as the whole list is keep every number bit-identical to an unsharded run.
        guard blockSize >= 1, predictor.members.allSatisfy({ blockSize % $0.network.configuration.batchSize == 0 }) else {
            throw ValidationError("--block-size \(blockSize): expected a multiple of the model's batch size")
        }
        // A killed task leaves no table (or shard file) that a merge would trust, and a rerun
        // replaces it with the same bytes.
        let destination = try tablePath.map { try StreamingOutput(file: $0) } ?? .standardOutput()
        let table = PredictionTable(format: format)
        try destination.write(table.header)
        var rowCount = 0
        try job.run(predictor, blockSize: blockSize, shard: shard, emit: { rows in
            try destination.write(table.lines(rows))
            rowCount += rows.count
            observe(rows)
        }, failed: report)
        // A shard file ends in its trailer: which shard of which run, its blocks and rows, for the merge to check.
        if let shard, output != nil {
            let (blocks, total) = job.blocks(blockSize: blockSize, shard: shard)
            let settings = "format=\(format)\tuse=\(use?.rawValue ?? "")\tblock=\(blockSize)\tembeddings=\(embeddings ?? "")"
            try destination.write(PredictionShardTrailer(shard: shard, blocks: blocks.startIndex..<blocks.endIndex, totalBlocks: total,
                                                         rows: rowCount, format: format,
                                                         runKey: job.runKey(settings: settings, modelDirectory: model)).line)
        }
        try destination.finish()
        let answers = "ΔΔG from the \(predictor.choice[.ddG]?.rawValue ?? "network"), ΔG from the \(predictor.choice[.dG]?.rawValue ?? "network")"
        FileHandle.standardError.write(Data("predicted \(rowCount) rows with \(predictor.members.count) network member(s) (\(answers)); \(failures) pair(s) failed\n".utf8))
        if failures > 0 { throw ExitCode(1) }
    }
}

extension PredictorChoice: ExpressibleByArgument {}
