// Mirrored trees (`BoostingParameters.mirroredWidth`): rows [forward | reverse | shared], fitted on
// both directions with y and −y and read as (t(f) − t(r)) / 2. Exact antisymmetry, an antisymmetric
// law learnt while a symmetric one is not, save and load, and errors that name the caller's row.

import Foundation
import Testing
import TwinPeaksBio
import TwinPeaksTensor
@testable import TwinPeaksModel

/// Made-up mutations: a signed Δ d (reverse −d), a symmetric |Δ|-like s (the same both ways) and a
/// shared context c. y = d·(1 + c) + 0.8·s: the first term antisymmetric, the second not.
private func mirroredRows(_ count: Int, seed: UInt64) -> (rows: [[Double]], antisymmetric: [Double], targets: [Double]) {
    var g = SeededGenerator(seed: seed)
    func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * Double(g.next() >> 11) / 0x1p53 }
    var rows: [[Double]] = [], antisymmetric: [Double] = [], targets: [Double] = []
    for _ in 0..<count {
        let d = uniform(-2, 2), s = uniform(0, 2), c = uniform(0, 1)
        rows.append([d, s, -d, s, c])
        antisymmetric.append(d * (1 + c))
        targets.append(d * (1 + c) + 0.8 * s)
    }
    return (rows, antisymmetric, targets)
}

/// [forward | reverse | shared] → [reverse | forward | shared]: the reversed mutation.
private func swapped(_ rows: [[Double]], width: Int) -> [[Double]] {
    rows.map { Array($0[width..<(2 * width)] + $0[0..<width] + $0[(2 * width)...]) }
}

private func mirrored(_ width: Int, rounds: Int = 200) -> BoostingParameters {
    var p = BoostingParameters()
    (p.rounds, p.mirroredWidth) = (rounds, width)
    return p
}

@Test func mirroredTreesNegateExactlyWhenTheMutationIsReversed() throws {
    let train = mirroredRows(1500, seed: 21), test = mirroredRows(300, seed: 22)
    let trees = try GradientBoostedTrees(fitting: train.rows, targets: train.targets, parameters: mirrored(2))
    #expect(trees.featureCount == 5)
    let forward = try trees.predict(test.rows), reverse = try trees.predict(swapped(test.rows, width: 2))
    #expect(forward == reverse.map { -$0 })
    // They learn the antisymmetric part of the law; the symmetric 0.8·s cannot be said both ways.
    #expect(Correlation.pearson(forward, test.antisymmetric)! > 0.95)
    // The symmetric term (mean 0.8 here) is left out, not averaged in.
    let offset = zip(forward, test.antisymmetric).reduce(0) { $0 + $1.0 - $1.1 } / Double(forward.count)
    #expect(abs(offset) < 0.1, "offset \(offset) over the antisymmetric part")
    // Plain trees on the same rows learn the offset and are not antisymmetric: the check above could fail.
    var plainParameters = BoostingParameters()
    plainParameters.rounds = 200
    let plain = try GradientBoostedTrees(fitting: train.rows, targets: train.targets, parameters: plainParameters)
    let plainForward = try plain.predict(test.rows), plainReverse = try plain.predict(swapped(test.rows, width: 2))
    #expect(zip(plainForward, plainReverse).map { abs($0 + $1) }.max()! > 1)
}

@Test func mirroredTreesSaveAndLoadWithTheirWidth() throws {
    let train = mirroredRows(400, seed: 23), test = mirroredRows(50, seed: 24)
    let trees = try GradientBoostedTrees(fitting: train.rows, targets: train.targets, parameters: mirrored(2, rounds: 60))
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tp-mirrored-\(getpid()).json").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try trees.save(to: path)
    let loaded = try GradientBoostedTrees(contentsOf: path)
    #expect(loaded.parameters.mirroredWidth == 2 && loaded.featureCount == 5)
    #expect(try loaded.predict(test.rows) == trees.predict(test.rows))
    // Models saved before mirroring have no such key: they load as plain trees.
    let older = try JSONDecoder().decode(BoostingParameters.self, from: Data(#"{"learningRate": 0.03, "maxLeaves": 15, "minChildWeight": 20, "rounds": 400, "subsample": 0.8, "columnSample": 0.7, "lambda": 1, "seed": 1, "threads": 1}"#.utf8))
    #expect(older.mirroredWidth == nil && older == BoostingParameters())
}

@Test func mirroredTreesNameTheCallersRowInErrors() throws {
    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }
    let rows: [[Double]] = [[1, 0, -1, 0, 0.5], [2, 1, -2, 1, 0.1], [-1, 1, 1, 1, 0.9], [0, 2, 0, 2, 0.3]]
    var withNaN = rows
    withNaN[1][3] = .nan   // the reverse block of row 1: named as the caller wrote it, not as a split row
    #expect(message { _ = try GradientBoostedTrees(fitting: withNaN, targets: [1, 2, 3, 4], parameters: mirrored(2)) }
        .hasPrefix("gradient-boosted trees fit, row 1, column 3: feature nan"))
    #expect(message { _ = try GradientBoostedTrees(fitting: rows.map { Array($0[0..<3]) }, targets: [1, 2, 3, 4], parameters: mirrored(2)) }
        == "gradient-boosted trees fit, row 0: 3 features; expected at least 4, a forward and a reverse block of 2")
    #expect(message { _ = try GradientBoostedTrees(fitting: rows, targets: [1, 2], parameters: mirrored(2)) }
        == "gradient-boosted trees fit: 2 targets for 4 rows; expected one per row")
    #expect(message { _ = try GradientBoostedTrees(fitting: rows, targets: [1, 2, 3, 4], parameters: mirrored(0)) }
        .contains("mirrored width 0; expected at least 1"))
    var small = mirrored(2, rounds: 5)
    small.minChildWeight = 1
    let trees = try GradientBoostedTrees(fitting: rows, targets: [1, 2, 3, 4], parameters: small)
    #expect(message { _ = try trees.predict([[1, 0, -1, 0]]) } == "gradient-boosted trees predict: 4 features per row; expected 5, as in the fit")
    // Rows that disagree on having a reverse block are refused, never mixed.
    var withReverse = BaselineSample(complexID: "C0", features: [1, 0], targetKcalPerMol: 1)
    withReverse.reverseFeatures = [-1, 0]
    let without = BaselineSample(complexID: "C1", features: [1, 0], targetKcalPerMol: 1)
    #expect(try [withReverse, withReverse].mirroredWidth(place: "rows") == 2)
    #expect(try [without].mirroredWidth(place: "rows") == nil)
    #expect(message { _ = try [withReverse, without].mirroredWidth(place: "rows") }
        == "rows: rows with and without reverse descriptors (widths [0, 2]); expected one kind")
}
