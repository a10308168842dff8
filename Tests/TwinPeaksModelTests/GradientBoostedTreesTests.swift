// The XGBoost wrapper: it learns a known nonlinear law, saves and loads without changing a prediction,
// is bitwise reproducible for a fixed seed and thread count, and names the row and column of bad input.

import Foundation
import Testing
import TwinPeaksBio
import TwinPeaksTensor
@testable import TwinPeaksModel

/// Made-up rows: x0 ∈ [−2, 2], x1 ∈ [−3, 3], x2 noise the law ignores; y = x0² + sin(x1).
private func nonlinearRows(_ count: Int, seed: UInt64) -> (features: [[Double]], targets: [Double]) {
    var g = SeededGenerator(seed: seed)
    func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * Double(g.next() >> 11) / 0x1p53 }
    let features = (0..<count).map { _ in [uniform(-2, 2), uniform(-3, 3), uniform(-1, 1)] }
    return (features, features.map { $0[0] * $0[0] + sin($0[1]) })
}

private func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("tp-trees-\(getpid())-\(name)").path
}

@Test func treesLearnASquareAndASineOnHeldOutPoints() throws {
    let train = nonlinearRows(2000, seed: 3), test = nonlinearRows(500, seed: 4)
    let trees = try GradientBoostedTrees(fitting: train.features, targets: train.targets, parameters: BoostingParameters())
    let predicted = try trees.predict(test.features)
    let mean = test.targets.reduce(0, +) / Double(test.targets.count)
    let residual = zip(test.targets, predicted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    let total = test.targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let r2 = 1 - residual / total
    #expect(r2 > 0.9, "held-out R² \(r2) (seeds 3/4)")
    #expect(trees.roundCount == 400 && trees.featureCount == 3)
    // Fewer trees fit less: the first 50 of 400 at learning rate 0.03 leave most of the variance.
    let early = try trees.predict(test.features, rounds: 50)
    let earlyResidual = zip(test.targets, early).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    #expect(earlyResidual > residual)
}

@Test func firstTreeStartsFromTheMeanTarget() throws {
    // One tree that cannot split (min child weight above the row count) predicts base_score + 0 = the mean.
    var parameters = BoostingParameters()
    (parameters.rounds, parameters.minChildWeight, parameters.subsample) = (1, 100, 1)
    let trees = try GradientBoostedTrees(fitting: [[0], [1], [2], [3]], targets: [1, 2, 3, 10], parameters: parameters)
    let p = try trees.predict([[0], [3]])
    #expect(abs(p[0] - 4) < 1e-5 && abs(p[1] - 4) < 1e-5, "\(p)")
}

@Test func savedTreesLoadBackWithIdenticalPredictionsAndParameters() throws {
    let train = nonlinearRows(600, seed: 5), test = nonlinearRows(100, seed: 6)
    var parameters = BoostingParameters()
    (parameters.rounds, parameters.maxLeaves, parameters.seed) = (120, 7, 42)
    let trees = try GradientBoostedTrees(fitting: train.features, targets: train.targets, parameters: parameters)
    let path = temporaryPath("model.json")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try trees.save(to: path)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.hasPrefix("{") && text.contains(GradientBoostedTrees.parametersAttribute))
    let loaded = try GradientBoostedTrees(contentsOf: path)
    #expect(loaded.parameters == parameters && loaded.featureCount == 3 && loaded.roundCount == 120)
    #expect(try loaded.predict(test.features) == trees.predict(test.features))
    #expect(try loaded.predict(test.features, rounds: 30) == trees.predict(test.features, rounds: 30))
    #expect(throws: ModelError.self) { try GradientBoostedTrees(contentsOf: temporaryPath("missing.json")) }
}

@Test func sameSeedAndThreadsGiveBitwiseIdenticalTrees() throws {
    let train = nonlinearRows(1500, seed: 7), test = nonlinearRows(200, seed: 8)
    for threads in [1, 2] {
        var parameters = BoostingParameters()
        (parameters.rounds, parameters.seed, parameters.threads) = (200, 11, threads)
        let first = try GradientBoostedTrees(fitting: train.features, targets: train.targets, parameters: parameters)
        let second = try GradientBoostedTrees(fitting: train.features, targets: train.targets, parameters: parameters)
        #expect(try first.predict(test.features) == second.predict(test.features), "threads \(threads), seed 11")
        // Row subsampling (0.8) and column sampling (0.7) draw from the seed: another seed, other trees.
        parameters.seed = 12
        let reseeded = try GradientBoostedTrees(fitting: train.features, targets: train.targets, parameters: parameters)
        #expect(try first.predict(test.features) != reseeded.predict(test.features), "threads \(threads), seeds 11/12")
    }
}

@Test func badInputNamesTheRowAndColumn() throws {
    let parameters = BoostingParameters()
    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }
    let good: [[Double]] = [[0, 1], [1, 2], [2, 3], [3, 4]]
    var withNaN = good
    withNaN[3][1] = .nan
    #expect(message { _ = try GradientBoostedTrees(fitting: withNaN, targets: [1, 2, 3, 4], parameters: parameters) }
        .hasPrefix("gradient-boosted trees fit, row 3, column 1: feature nan"))
    var withInfinity = good
    withInfinity[1][0] = .infinity
    #expect(message { _ = try GradientBoostedTrees(fitting: withInfinity, targets: [1, 2, 3, 4], parameters: parameters) }
        .hasPrefix("gradient-boosted trees fit, row 1, column 0: feature inf"))
    let ragged: [[Double]] = [[0, 1], [1, 2], [2], [3, 4]]
    #expect(message { _ = try GradientBoostedTrees(fitting: ragged, targets: [1, 2, 3, 4], parameters: parameters) }
        == "gradient-boosted trees fit, row 2: 1 features; expected 2, as in row 0")
    #expect(message { _ = try GradientBoostedTrees(fitting: good, targets: [1, .nan, 3, 4], parameters: parameters) }
        .hasPrefix("gradient-boosted trees fit, row 1: target nan"))
    #expect(message { _ = try GradientBoostedTrees(fitting: good, targets: [1, 2], parameters: parameters) }
        == "gradient-boosted trees fit: 2 targets for 4 rows; expected one per row")
    var zeroRounds = parameters
    zeroRounds.rounds = 0
    #expect(throws: ModelError.self) { try GradientBoostedTrees(fitting: good, targets: [1, 2, 3, 4], parameters: zeroRounds) }

    var small = parameters
    (small.rounds, small.minChildWeight) = (5, 1)
    let trees = try GradientBoostedTrees(fitting: good, targets: [1, 2, 3, 4], parameters: small)
    #expect(message { _ = try trees.predict([[0, 1, 2]]) } == "gradient-boosted trees predict: 3 features per row; expected 2, as in the fit")
    #expect(message { _ = try trees.predict([[0, .nan]]) }.hasPrefix("gradient-boosted trees predict, row 0, column 1"))
    #expect(message { _ = try trees.predict(good, rounds: 6) } == "gradient-boosted trees predict: rounds 6; expected 1...5, the trees this model has")
}
