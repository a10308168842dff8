// Joining the shard files of a sharded `predict` run (`<output>.shard-k-of-n`, k = 1…n) into the
// table an unsharded run writes: shard 1's header, then every shard's rows in shard order. Each
// shard's trailer (PredictionShardTrailer) is checked against its name, the other shards and its rows.

import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksSplit

public enum PredictionShardMerge {
    /// Header lines a table of `format` starts with (the convention line and the column names).
    static func headerLineCount(format: String) -> Int { format == "jsonl" ? 0 : 2 }

    /// Merges the `count` shard files of `output` into `output` (temporary name, then rename).
    /// Refuses, naming the shard numbers and files, when any is missing; a shard file exists only
    /// once its task finished, since predict renames it into place complete. Returns the row count.
    @discardableResult
    public static func merge(output: String, count: Int, format: String) throws -> Int {
        let shards = try Shard.all(count: count)
        let missing = shards.filter { !FileManager.default.fileExists(atPath: $0.outputPath(output)) }
        guard missing.isEmpty else {
            throw InputError(output, "cannot merge: \(missing.count) of \(count) shards are missing or unfinished: shard "
                             + Shard.list(missing, output: output)
                             + "; rerun those tasks (e.g. sbatch --array=… or twinpeaks predict --shard i/\(count)) and merge again")
        }
        let headerLines = headerLineCount(format: format)
        var header: [Substring]? = nil
        var first: PredictionShardTrailer? = nil
        var nextBlock = 0
        var body = ""
        var rows = 0
        for shard in shards {
            let path = shard.outputPath(output)
            let text = try TextFile.utf8Text(path: path, expected: "a \(format) prediction table written by `twinpeaks predict --shard`")
            guard text.isEmpty || text.hasSuffix("\n") else {
                throw InputError(path, "the last line is unterminated: not a complete shard file; rerun shard \(shard.index)/\(count)")
            }
            var lines = Array(text.split(separator: "\n", omittingEmptySubsequences: false).dropLast())
            guard let last = lines.popLast(), let trailer = PredictionShardTrailer(parsing: last) else {
                throw InputError(path, "has no '\(PredictionShardTrailer.tag)' last line; not a shard file of this version of "
                                 + "`twinpeaks predict --shard`: rerun shard \(shard.index)/\(count)")
            }
            func refuse(_ problem: String) -> InputError { InputError(path, problem + "; rerun shard \(shard.index)/\(count) and merge again") }
            guard trailer.shard == shard.description else {
                throw refuse("holds shard \(trailer.shard), but its name says \(shard.description) (a copied or swapped file)")
            }
            guard trailer.format == format else {
                throw InputError(path, "is a \(trailer.format) shard; merge it with --format \(trailer.format)")
            }
            if let first, trailer.runKey != first.runKey || trailer.totalBlocks != first.totalBlocks {
                throw refuse("comes from another run than \(shards[0].outputPath(output)) (inputs, model or options differ)")
            }
            guard trailer.firstBlock == nextBlock, trailer.endBlock >= trailer.firstBlock, trailer.endBlock <= trailer.totalBlocks else {
                throw refuse("covers blocks \(trailer.firstBlock)–\(trailer.endBlock) of \(trailer.totalBlocks), expected to start at \(nextBlock)")
            }
            first = first ?? trailer
            nextBlock = trailer.endBlock
            guard lines.count >= headerLines else {
                throw InputError(path, "expected the \(headerLines) header lines of a \(format) prediction table, found \(lines.count) lines")
            }
            let own = Array(lines.prefix(headerLines))
            if let header, own != header {
                throw InputError(path, "header differs from \(shards[0].outputPath(output)); shards of one run share the format and columns")
            }
            header = header ?? own
            let data = lines.dropFirst(headerLines)
            guard data.count == trailer.rows else {
                throw refuse("has \(data.count) rows, but its trailer says \(trailer.rows) (rows were added or deleted)")
            }
            for (offset, line) in data.enumerated() {
                guard PredictionTable.isRow(line, format: format) else {
                    throw refuse("line \(headerLines + offset + 1) is not a \(format) prediction row")
                }
                body += line
                body += "\n"
                rows += 1
            }
        }
        if let first, nextBlock != first.totalBlocks {
            throw InputError(output, "the shards cover blocks 0–\(nextBlock) of \(first.totalBlocks); some blocks are in no shard")
        }
        let top = (header ?? []).map { $0 + "\n" }.joined()
        try OutputFile.write(top + body, to: output)
        return rows
    }
}
