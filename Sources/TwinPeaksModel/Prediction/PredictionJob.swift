// A prediction run as one library call: partner records paired (two FASTA files or one interleaved),
// each pair's mutation sets, the run cut into blocks (and the blocks of one shard), each block
// predicted and handed on the moment it is done, so a caller streams the table out and memory does
// not grow with the number of mutation sets. `predict` and `scan` differ only in where a pair's
// mutation sets come from.

import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding

public struct PredictionJob {
    /// One pair's two FASTA records (either may have failed to parse) and its 1-based number in the input.
    public struct PairedRecords {
        public var partner1: Result<FASTARecord, InputError>
        public var partner2: Result<FASTARecord, InputError>
        public var number: Int

        public init(partner1: Result<FASTARecord, InputError>, partner2: Result<FASTARecord, InputError>, number: Int) {
            self.partner1 = partner1
            self.partner2 = partner2
            self.number = number
        }
    }

    /// A pair's mutation sets as written, from its id and records (throws for a pair that cannot have them).
    public typealias MutationSource = (_ id: String, _ partner1: FASTARecord, _ partner2: FASTARecord) throws -> [String]

    public let pairs: [PairedRecords]
    /// Problems met while pairing (an odd interleaved file, a missing mate): those records are not pairs.
    public let pairingProblems: [String]
    public let mutationSets: MutationSource

    /// `--pairs` (interleaved records) or `--partner1` with `--partner2`; "-" reads stdin.
    public init(interleaved path: String, mutationSets: @escaping MutationSource) throws {
        let all = try Self.records(path)
        var pairs: [PairedRecords] = [], problems: [String] = []
        for i in stride(from: 0, to: all.count, by: 2) {
            if i + 1 < all.count { pairs.append(PairedRecords(partner1: all[i], partner2: all[i + 1], number: i / 2 + 1)) }
            else { problems.append("\(path): pair \(i / 2 + 1) has no second partner (an odd number of records); expected partners interleaved") }
        }
        self.init(pairs: pairs, pairingProblems: problems, mutationSets: mutationSets)
    }

    public init(partner1: String, partner2: String, mutationSets: @escaping MutationSource) throws {
        let first = try Self.records(partner1), second = try Self.records(partner2)
        var pairs: [PairedRecords] = [], problems: [String] = []
        for i in 0..<max(first.count, second.count) {
            if i < first.count, i < second.count { pairs.append(PairedRecords(partner1: first[i], partner2: second[i], number: i + 1)) }
            else { problems.append("pair \(i + 1): missing mate: \(i < first.count ? partner2 : partner1) has only \(min(first.count, second.count)) records") }
        }
        self.init(pairs: pairs, pairingProblems: problems, mutationSets: mutationSets)
    }

    public init(pairs: [PairedRecords], pairingProblems: [String] = [], mutationSets: @escaping MutationSource) {
        self.pairs = pairs
        self.pairingProblems = pairingProblems
        self.mutationSets = mutationSets
    }

    static func records(_ path: String) throws -> [Result<FASTARecord, InputError>] {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return try FASTAFile.parseEach(TextFile(name: "stdin", text: String(decoding: data, as: UTF8.self)))
        }
        return try FASTAFile.parseEach(TextFile(path: path))
    }

    /// A pair's id: the first word of the partner-1 header. Tabs separate words too, so an id never
    /// holds a tab that would shift the columns of the table.
    public static func pairID(_ header: String) -> String {
        String(header.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
    }

    /// The ids of the pairs whose partner-1 record parsed.
    public var pairIDs: Set<String> { Set(pairs.compactMap { (try? $0.partner1.get()).map { Self.pairID($0.header) } }) }

    /// Mutation sets per pair id from a TSV of pair id and mutation set per line (a header line
    /// `pair_id<TAB>mutations` and `#` comments are allowed).
    public static func mutationSets(fromTSV path: String) throws -> [String: [String]] {
        var byPair: [String: [String]] = [:]
        let file = try TextFile(path: path)
        try file.forEachLine { number, line in
            let text = String(decoding: UnsafeBufferPointer(rebasing: line[...]), as: UTF8.self)
            let fields = text.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.isEmpty || fields[0].hasPrefix("#") || (number == 1 && fields[0] == "pair_id") { return }
            guard fields.count == 2 else {
                throw InputError(file.place(number), "expected 2 tab-separated fields (pair id, mutation list), found \(fields.count)")
            }
            byPair[fields[0], default: []].append(fields[1])
        }
        return byPair
    }

    /// The pair's id and mutation sets, or the reason it has none.
    func mutationSets(of pair: PairedRecords) throws -> (id: String, sets: [String], records: (FASTARecord, FASTARecord)) {
        let a = try pair.partner1.get(), b = try pair.partner2.get()
        let id = Self.pairID(a.header)
        return (id, try mutationSets(id, a, b), (a, b))
    }

    /// Every block of the run (or of `shard`, a slice whose indices are those of the whole run's
    /// blocks), in output order, and the run's block count. A pair that will fail is one block, so
    /// it is reported in the shard that holds it.
    public func blocks(blockSize: Int, shard: Shard?) -> (blocks: ArraySlice<PredictionBlock>, total: Int) {
        let counts = pairs.map { (try? mutationSets(of: $0).sets.count) ?? 0 }
        let all = PredictionBlock.blocks(mutationCounts: counts, blockSize: blockSize)
        return (shard.map { PredictionBlock.blocks(of: $0, in: all) } ?? all[...], all.count)
    }

    /// Predicts the blocks of `shard` (all when nil) in order and hands each block's rows to `emit`
    /// as soon as they are done. A pair that fails goes to `failed` ("pair N: reason") once, and the
    /// run goes on; errors from `emit` (a full disk) stop it. Block boundaries never change a
    /// number: every block of a pair is predicted from the one preparation of the whole pair.
    public func run(_ predictor: EnsemblePredictor, blockSize: Int, shard: Shard?,
                    emit: ([PredictionRow]) throws -> Void, failed: (String) -> Void) throws {
        var prepared: (position: Int, pair: EnsemblePredictor.PreparedPair?)? = nil
        for block in blocks(blockSize: blockSize, shard: shard).blocks {
            let rows: [PredictionRow]
            do {
                if prepared?.position != block.pairPosition {
                    prepared = (block.pairPosition, nil)
                    let (id, sets, (a, b)) = try mutationSets(of: pairs[block.pairPosition])
                    prepared = (block.pairPosition, try predictor.prepare(PredictionPair(id: id, partner1: a, partner2: b, mutations: sets)))
                }
                guard let pair = prepared?.pair else { continue }  // reported at its first block
                rows = try predictor.predict(pair, mutationSets: block.mutationSets, includingWildType: block.includesWildType)
            } catch {
                failed("pair \(pairs[block.pairPosition].number): \(error)")
                continue
            }
            try emit(rows)
        }
    }
}
