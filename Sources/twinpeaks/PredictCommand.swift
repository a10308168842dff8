// `twinpeaks predict`: ΔG and Kd of partner pairs from FASTA, and ΔΔG of their mutations, from a
// trained model folder. Bad pairs are reported by name; the others still come out.
import ArgumentParser
import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksModel
import TwinPeaksSplit
import TwinPeaksTensor

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict binding ΔG (and Kd) of protein pairs and the ΔΔG of their mutations.",
        discussion: """
        Partners come as two FASTA files (record i of --partner1 pairs with record i of --partner2, \
        like paired reads) or one --pairs FASTA with the partners interleaved; '-' reads stdin. A \
        partner of several chains is one record with the chains joined by ':'; name them with a \
        'chains=HL' token in the header, otherwise chain A is partner 1 and B is partner 2 (positions \
        then count across the partner's chains). Mutations: KA15A = wild-type K at position 15 of chain \
        A mutated to A; several joined by commas; from --mutation (every pair) or a --mutations TSV \
        (pair id, mutation list; the pair id is the partner-1 record's first word). Partners longer \
        than the model's residue budget are cropped to one window centred on the mutations (or the \
        middle). Output: TSV (or CSV, JSON Lines) with ΔG and ΔΔG in kcal/mol, Kd in M at 298.15 K, \
        and the ensemble's spread; ΔΔG = ΔG(mutant) − ΔG(wild type), positive = weaker binding.
        """)

    @Option(help: "The trained model folder (member-k.h5 files).")
    var model: String = "Reference/models/twinpeaks-descriptors"

    @Option(help: "FASTA of the first partners ('-' for stdin).")
    var partner1: String?

    @Option(help: "FASTA of the second partners, record i pairs with record i of --partner1.")
    var partner2: String?

    @Option(help: "One FASTA with the partners interleaved: records 1 and 2 are pair 1, 3 and 4 pair 2, … ('-' for stdin).")
    var pairs: String?

    @Option(help: "A mutation set to score on every pair, e.g. KA15A or KA15A,DB30N (repeatable).")
    var mutation: [String] = []

    @Option(help: "A TSV of pair id and mutation set per line (a header line 'pair_id<TAB>mutations' is allowed).")
    var mutations: String?

    @Option(help: "Output format: tsv, csv or jsonl.")
    var format: String = "tsv"

    @Option(help: "Write to this file instead of stdout (written under a temporary name, then renamed).")
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

    private func records(_ path: String) throws -> [Result<FASTARecord, InputError>] {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return try FASTAFile.parseEach(TextFile(name: "stdin", text: String(decoding: data, as: UTF8.self)))
        }
        return try FASTAFile.parseEach(TextFile(path: path))
    }

    /// The pair id: the header's first word. Tabs separate words too, so an id never holds a tab
    /// that would shift the columns of the table.
    /// What makes two shards parts of one run: the records, the mutation sets, the model's files
    /// (its provenance, or the member files' sizes in a folder without one) and the options that
    /// change a number or a row.
    private func runKey(paired: [(Result<FASTARecord, InputError>, Result<FASTARecord, InputError>, Int)],
                        byPair: [String: [String]], blockSize: Int) -> String {
        var text = "format=\(format)\tuse=\(use?.rawValue ?? "")\tblock=\(blockSize)\tembeddings=\(embeddings ?? "")\n"
        for (a, b, number) in paired {
            for side in [a, b] {
                switch side {
                case .success(let r): text += "\(number)\t\(r.header)\t\(r.sequence)\n"
                case .failure(let e): text += "\(number)\terror\t\(e)\n"
                }
            }
        }
        for key in byPair.keys.sorted() { text += "\(key)\t\(byPair[key]!.joined(separator: ";"))\n" }
        text += "mutation\t\(mutation.joined(separator: ";"))\n"
        let fm = FileManager.default
        for name in ((try? fm.contentsOfDirectory(atPath: model)) ?? []).sorted() where name.hasSuffix(".h5") || name.hasSuffix(".json") {
            let size = (try? fm.attributesOfItem(atPath: model + "/" + name)[.size] as? Int) ?? -1
            text += "\(name)\t\(size)\n"
        }
        text += MD5.hex(Array(fm.contents(atPath: model + "/provenance.json") ?? Data()))
        return MD5.hex(text)
    }

    private static func firstWord(_ header: String) -> String {
        String(header.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
    }

    func run() throws {
        if let mergeShards, let output {
            let rows = try PredictionShardMerge.merge(output: output, count: mergeShards, format: format)
            FileHandle.standardError.write(Data("merged \(mergeShards) shards, \(rows) rows into \(output)\n".utf8))
            return
        }
        _ = try TensorThreads.configure(explicit: threads)
        var failures = 0
        func report(_ message: String) {
            failures += 1
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        }
        // The partner records, paired.
        var paired: [(Result<FASTARecord, InputError>, Result<FASTARecord, InputError>, Int)] = []
        if let pairs {
            let all = try records(pairs)
            for i in stride(from: 0, to: all.count, by: 2) {
                if i + 1 < all.count { paired.append((all[i], all[i + 1], i / 2 + 1)) }
                else { report("\(pairs): pair \(i / 2 + 1) has no second partner (an odd number of records); expected partners interleaved") }
            }
        } else if let partner1, let partner2 {
            let first = try records(partner1), second = try records(partner2)
            for i in 0..<max(first.count, second.count) {
                if i < first.count, i < second.count { paired.append((first[i], second[i], i + 1)) }
                else { report("pair \(i + 1): missing mate: \(i < first.count ? partner2 : partner1) has only \(min(first.count, second.count)) records") }
            }
        }
        // Mutation sets per pair id.
        var byPair: [String: [String]] = [:]
        if let mutations {
            let file = try TextFile(path: mutations)
            try file.forEachLine { number, line in
                let text = String(decoding: UnsafeBufferPointer(rebasing: line[...]), as: UTF8.self)
                let fields = text.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
                if fields.isEmpty || fields[0].hasPrefix("#") || (number == 1 && fields[0] == "pair_id") { return }
                guard fields.count == 2 else {
                    throw InputError(file.place(number), "expected 2 tab-separated fields (pair id, mutation list), found \(fields.count)")
                }
                byPair[fields[0], default: []].append(fields[1])
            }
        }
        // Mutation rows for a pair id that no pair has would be dropped without a word: name them.
        let pairIDs = Set(paired.compactMap { first, _, _ in (try? first.get()).map { Self.firstWord($0.header) } })
        let orphans = byPair.keys.filter { !pairIDs.contains($0) }.sorted()
        if !orphans.isEmpty, let mutations {
            report("\(mutations): \(orphans.count) pair id(s) match no pair of the partner files: \(orphans.prefix(20).joined(separator: ", "))"
                   + "\(orphans.count > 20 ? ", …" : ""); expected the first word of a partner-1 header")
        }
        let shardSpec = try shard.map(Shard.init(parsing:)) ?? Shard.fromEnvironment(ProcessInfo.processInfo.environment)
        let predictor: EnsemblePredictor
        guard FileManager.default.fileExists(atPath: model) else {
            throw ValidationError("no model folder at \(model); train one with `twinpeaks train` or give --model")
        }
        predictor = try EnsemblePredictor(modelDirectory: model, embeddings: embeddings, use: use)
        var writer = PredictionTable(format: format)
        let mutationCounts = paired.map { first, _, _ in
            mutation.count + ((try? first.get()).map { byPair[Self.firstWord($0.header)]?.count ?? 0 } ?? 0)
        }
        let blockSize = self.blockSize ?? predictor.mutationBlockSize
        // Blocks batched as the whole list is keep every number bit-identical to an unsharded run.
        guard blockSize >= 1, predictor.members.allSatisfy({ blockSize % $0.network.configuration.batchSize == 0 }) else {
            throw ValidationError("--block-size \(blockSize): expected a multiple of the model's batch size")
        }
        let allBlocks = PredictionBlock.blocks(mutationCounts: mutationCounts, blockSize: blockSize)
        let blocks = shardSpec.map { PredictionBlock.blocks(of: $0, in: allBlocks) } ?? allBlocks[...]
        // A pair is prepared once (crop centres over all its mutation sets) for all of its blocks.
        var prepared: (position: Int, pair: EnsemblePredictor.PreparedPair?)? = nil
        for block in blocks {
            let (first, second, number) = paired[block.pairPosition]
            do {
                if prepared?.position != block.pairPosition {
                    prepared = (block.pairPosition, nil)
                    let a = try first.get(), b = try second.get()
                    let id = Self.firstWord(a.header)
                    let pair = try PredictionPair(id: id, partner1: a, partner2: b, mutations: mutation + (byPair[id] ?? []))
                    prepared = (block.pairPosition, try predictor.prepare(pair))
                }
                guard let pair = prepared?.pair else { continue }  // reported at its first block
                writer.append(try predictor.predict(pair, mutationSets: block.mutationSets, includingWildType: block.includesWildType))
            } catch {
                report("pair \(number): \(error)")
            }
        }
        let text = writer.text
        if let output {
            // Temporary name, then rename: a killed task leaves no shard file that a merge would trust,
            // and a rerun replaces it with the same bytes.
            // A shard ends in its trailer: which shard of which run, its blocks and rows, for the merge to check.
            let trailer = shardSpec.map { spec in
                PredictionShardTrailer(shard: spec, blocks: blocks.startIndex..<blocks.endIndex, totalBlocks: allBlocks.count,
                                       rows: writer.rowCount, format: format,
                                       runKey: runKey(paired: paired, byPair: byPair, blockSize: blockSize)).line
            }
            try OutputFile.write(text + (trailer ?? ""), to: shardSpec.map { $0.outputPath(output) } ?? output)
        } else {
            try StandardOutput.write(text)
        }
        let answers = "ΔΔG from the \(predictor.choice[.ddG]?.rawValue ?? "network"), ΔG from the \(predictor.choice[.dG]?.rawValue ?? "network")"
        FileHandle.standardError.write(Data("predicted \(writer.rowCount) rows with \(predictor.members.count) network member(s) (\(answers)); \(failures) pair(s) failed\n".utf8))
        if failures > 0 { throw ExitCode(1) }
    }
}

extension PredictorChoice: ExpressibleByArgument {}
