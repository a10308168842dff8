// Where an interrupted training stands, read from the metadata of its `last.h5` checkpoint and
// checked before it steers anything: epochs in range, a log this version can read, a finite score.

import Foundation

struct ResumeState {
    /// The last finished epoch (0 … the configured epochs; equal to them when the member is done).
    var epoch: Int
    var log: [EpochRecord]
    var bestScore: Double
    var bestEpoch: Int

    init(metadata: [String: String], path: String, epochs: Int) throws {
        func fail(_ key: String, _ problem: String) -> ModelError {
            .checkpoint("\(path): \(key) \(problem); delete the checkpoint folder to start this member over")
        }
        let epochText = metadata["training.epoch"] ?? "0"
        guard let epoch = Int(epochText), (0...epochs).contains(epoch) else {
            throw fail("training.epoch", "'\(epochText)': expected a whole number of 0 … \(epochs) (the configured epochs)")
        }
        do {
            log = try JSONDecoder().decode([EpochRecord].self, from: Data((metadata["training.log"] ?? "[]").utf8))
        } catch {
            throw fail("training.log", "is not the JSON list of epoch records `twinpeaks train` writes")
        }
        guard log.allSatisfy({ $0.epoch >= 1 && $0.epoch <= epoch }) else {
            throw fail("training.log", "lists epochs outside 1 … \(epoch)")
        }
        let bestText = metadata["training.best_epoch"] ?? "0"
        guard let best = Int(bestText), (0...epoch).contains(best) else {
            throw fail("training.best_epoch", "'\(bestText)': expected a whole number of 0 … \(epoch)")
        }
        let scoreText = metadata["training.best_score"] ?? "-inf"
        guard let score = Double(scoreText), !score.isNaN, score != .infinity else {
            throw fail("training.best_score", "'\(scoreText)': expected a number")
        }
        self.epoch = epoch
        bestEpoch = best
        bestScore = score
    }
}
