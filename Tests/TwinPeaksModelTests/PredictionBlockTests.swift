// Prediction blocks and shards: every mutation set in exactly one block, in input order; a pair's
// wild type with its first block; shards contiguous and near-equal, together the whole run.

import Testing
import TwinPeaksEmbedding
@testable import TwinPeaksModel

@Test func blocksCoverEveryMutationSetOnceInOrder() throws {
    let blocks = PredictionBlock.blocks(mutationCounts: [3, 0, 10], blockSize: 4)
    // Written out by hand: pair 0 in one block, pair 1 (wild type only), pair 2 cut every 4.
    #expect(blocks == [PredictionBlock(pairPosition: 0, mutationSets: 0..<3), PredictionBlock(pairPosition: 1, mutationSets: 0..<0),
                       PredictionBlock(pairPosition: 2, mutationSets: 0..<4), PredictionBlock(pairPosition: 2, mutationSets: 4..<8),
                       PredictionBlock(pairPosition: 2, mutationSets: 8..<10)])
    #expect(blocks.map(\.includesWildType) == [true, true, true, false, false])
}

@Test func shardsAreContiguousNearEqualRunsThatTogetherAreTheWholeRun() throws {
    let blocks = PredictionBlock.blocks(mutationCounts: [3, 0, 10], blockSize: 4)
    for count in 1...7 {
        let shards = try (1...count).map { PredictionBlock.blocks(of: try Shard(index: $0, count: count), in: blocks) }
        #expect(Array(shards.joined()) == blocks, "\(count) shards")
        let sizes = shards.map(\.count)
        #expect(sizes.max()! - sizes.min()! <= 1, "\(count) shards: sizes \(sizes)")
    }
}
