// Joining the shard files of a sharded `predict` run (`<output>.shard-k-of-n`, k = 1…n) into the
// table an unsharded run writes: shard 1's header, then every shard's rows in shard order.

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
        var body = ""
        var rows = 0
        for shard in shards {
            let path = shard.outputPath(output)
            let text = try TextFile.utf8Text(path: path, expected: "a \(format) prediction table written by `twinpeaks predict --shard`")
            guard text.isEmpty || text.hasSuffix("\n") else {
                throw InputError(path, "the last line is unterminated: not a complete shard file; rerun shard \(shard.index)/\(count)")
            }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            guard lines.count >= headerLines else {
                throw InputError(path, "expected the \(headerLines) header lines of a \(format) prediction table, found \(lines.count) lines")
            }
            let own = Array(lines.prefix(headerLines))
            if let header, own != header {
                throw InputError(path, "header differs from \(shards[0].outputPath(output)); shards of one run share the format and columns")
            }
            header = header ?? own
            for line in lines.dropFirst(headerLines) {
                body += line
                body += "\n"
                rows += 1
            }
        }
        let top = (header ?? []).map { $0 + "\n" }.joined()
        try OutputFile.write(top + body, to: output)
        return rows
    }
}
