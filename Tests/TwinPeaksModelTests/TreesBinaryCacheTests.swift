// The trees' binary cache: a JSON model loaded through its UBJSON cache predicts exactly what the
// JSON predicts (bit for bit), the cache is made on first load, and a changed JSON is never
// shadowed by the cache made from the old one.

import Foundation
import Testing
import TwinPeaksTensor
@testable import TwinPeaksModel

private func rows(_ count: Int, seed: UInt64) -> [[Double]] {
    var g = SeededGenerator(seed: seed)
    return (0..<count).map { _ in (0..<4).map { _ in Double(g.next() % 10_000) / 1_000 - 5 } }
}

@Test func treesLoadedThroughTheBinaryCachePredictTheJSONsBits() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tp-ubj-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/trees-ddG.json", features = rows(300, seed: 7), probe = rows(200, seed: 8)
    var parameters = BoostingParameters()
    parameters.rounds = 60
    try GradientBoostedTrees(fitting: features, targets: features.map { $0[0] * $0[1] - $0[2] }, parameters: parameters).save(to: path)
    let fromJSON = try GradientBoostedTrees(contentsOf: path).predict(probe)

    let first = try GradientBoostedTrees.loadingCached(path)
    #expect(FileManager.default.fileExists(atPath: GradientBoostedTrees.binaryCachePath(for: path)), "the first load makes the cache")
    let second = try GradientBoostedTrees.loadingCached(path)  // from the cache
    #expect(try first.predict(probe).map(\.bitPattern) == fromJSON.map(\.bitPattern))
    #expect(try second.predict(probe).map(\.bitPattern) == fromJSON.map(\.bitPattern))
    #expect(second.parameters == parameters && second.featureCount == 4)

    // A retrained JSON: the old cache no longer matches it and is replaced.
    try GradientBoostedTrees(fitting: features, targets: features.map { $0[3] }, parameters: parameters).save(to: path)
    let retrained = try GradientBoostedTrees(contentsOf: path).predict(probe)
    #expect(retrained != fromJSON)
    #expect(try GradientBoostedTrees.loadingCached(path).predict(probe).map(\.bitPattern) == retrained.map(\.bitPattern))
    #expect(try GradientBoostedTrees.loadingCached(path).predict(probe).map(\.bitPattern) == retrained.map(\.bitPattern))
}
