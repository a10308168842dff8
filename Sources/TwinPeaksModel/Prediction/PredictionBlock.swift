// The blocks a prediction run is cut into for `--shard i/n`: each pair's mutation sets in blocks of
// a fixed size, the pair's wild-type row with its first block. Shards take contiguous runs of
// blocks, so the shard files concatenated in shard order are the unsharded table, row for row.

import TwinPeaksEmbedding

public struct PredictionBlock: Equatable, Sendable {
    /// The pair's position in the input (0-based).
    public var pairPosition: Int
    /// Which of the pair's mutation sets this block predicts.
    public var mutationSets: Range<Int>
    /// The wild-type row comes with the pair's first block.
    public var includesWildType: Bool { mutationSets.lowerBound == 0 }

    public init(pairPosition: Int, mutationSets: Range<Int>) {
        self.pairPosition = pairPosition
        self.mutationSets = mutationSets
    }

    /// Every block of a run, in output order: `mutationCounts[p]` mutation sets for pair p, cut every
    /// `blockSize`. A pair without mutations is one block (its wild-type row).
    public static func blocks(mutationCounts: [Int], blockSize: Int) -> [PredictionBlock] {
        var blocks: [PredictionBlock] = []
        for (position, count) in mutationCounts.enumerated() {
            var start = 0
            repeat {
                let end = min(start + blockSize, count)
                blocks.append(PredictionBlock(pairPosition: position, mutationSets: start..<end))
                start = end
            } while start < count
        }
        return blocks
    }

    /// The blocks of `shard`: the i-th of n contiguous, near-equal runs (the first runs one longer
    /// when the count does not divide). Contiguous, not dealt round-robin as embed's chains are,
    /// because the merge then only concatenates.
    public static func blocks(of shard: Shard, in all: [PredictionBlock]) -> ArraySlice<PredictionBlock> {
        let base = all.count / shard.count, extra = all.count % shard.count
        let start = (shard.index - 1) * base + min(shard.index - 1, extra)
        return all[start..<(start + base + (shard.index <= extra ? 1 : 0))]
    }
}
