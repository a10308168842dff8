// The last line of a predict shard file: which shard of which run it is, the blocks it covers and
// its row count, so the merge can refuse a deleted or added row, a duplicated, swapped or renamed
// shard, a shard of another run (inputs, model, options) and a --format that is not the shards'.
// Shard files are intermediate: the merged table carries no trailer and equals an unsharded run's.

import TwinPeaksBio
import TwinPeaksEmbedding

public struct PredictionShardTrailer: Equatable {
    public var shard: String
    /// Blocks [firstBlock, endBlock) of `totalBlocks`.
    public var firstBlock: Int
    public var endBlock: Int
    public var totalBlocks: Int
    public var rows: Int
    public var format: String
    public var runKey: String

    static let tag = "# twinpeaks predict shard"

    public init(shard: Shard, blocks: Range<Int>, totalBlocks: Int, rows: Int, format: String, runKey: String) {
        self.shard = shard.description
        firstBlock = blocks.lowerBound
        endBlock = blocks.upperBound
        self.totalBlocks = totalBlocks
        self.rows = rows
        self.format = format
        self.runKey = runKey
    }

    public var line: String {
        "\(Self.tag)\tshard=\(shard)\tblocks=\(firstBlock)-\(endBlock)/\(totalBlocks)\trows=\(rows)\tformat=\(format)\trun_key=\(runKey)\n"
    }

    /// Reads the trailer line; nil when `line` is not one.
    init?(parsing line: Substring) {
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == Self.tag else { return nil }
        var fields: [String: String] = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { return nil }
            fields[String(part[..<equals])] = String(part[part.index(after: equals)...])
        }
        let blocks = (fields["blocks"] ?? "").split(whereSeparator: { $0 == "-" || $0 == "/" }).compactMap { Int($0) }
        guard let shard = fields["shard"], blocks.count == 3, let rows = fields["rows"].flatMap(Int.init),
              let format = fields["format"], let runKey = fields["run_key"] else { return nil }
        self.shard = shard
        (firstBlock, endBlock, totalBlocks) = (blocks[0], blocks[1], blocks[2])
        self.rows = rows
        self.format = format
        self.runKey = runKey
    }
}
