// Gradient-boosted trees (XGBoost through its C API): the fit time of 800 trees on a ΔΔG-sized table
// (5,700 rows × 84 features, as the CATH hold-out's training part) and prediction throughput.

import Foundation
import TwinPeaksModel
import TwinPeaksTensor

func runTreesBenchmarks() throws {
    print("\n== gradient-boosted trees (XGBoost hist, lossguide, 15 leaves, made-up 5,700 × 84 rows)")
    // libgomp's worker threads spin while waiting: on a busy machine 2 threads ran 10× slower than 1
    // until OMP_WAIT_POLICY=passive (it is read when the library loads, so it must be set outside).
    print("(more than 1 thread on a shared machine: run with OMP_WAIT_POLICY=passive)")
    var g = SeededGenerator(seed: 5)
    func uniform() -> Double { Double(g.next() >> 11) / 0x1p53 }
    let rows = 5700, width = SubstitutionDescriptors.count
    let features = (0..<rows).map { _ in (0..<width).map { _ in uniform() } }
    // A nonlinear target of a few columns plus noise, so the trees have splits to find.
    let targets = features.map { $0[0] * $0[1] * 4 + sin(6 * $0[2]) + ($0[3] > 0.5 ? 1 : 0) + 0.3 * (uniform() - 0.5) }
    // Mirrored ΔΔG trees (the default for ΔΔG since session 14): each row also carries its reverse
    // block (here the negated columns), so the fit reads twice the rows and a prediction two passes.
    let mirroredFeatures = features.map { $0 + $0.map { -$0 } }
    for (mirrored, threads) in [(false, 1), (false, 2), (true, 1)] {
        var parameters = BoostingParameters()
        (parameters.rounds, parameters.threads) = (800, threads)
        if mirrored { parameters.mirroredWidth = width }
        let rowsRead = mirrored ? mirroredFeatures : features
        let start = Date()
        let trees = try GradientBoostedTrees(fitting: rowsRead, targets: targets, parameters: parameters)
        let fitSeconds = Date().timeIntervalSince(start)
        let predictStart = Date()
        var predicted = 0
        for _ in 0..<5 { predicted += try trees.predict(rowsRead).count }
        let predictSeconds = Date().timeIntervalSince(predictStart)
        print(String(format: "trees%@, %d thread(s): fit 800 trees on %d × %d in %.2f s (%.1f ms/tree); predict %.0f rows/s (all 800 trees)",
                     mirrored ? " (mirrored)" : "", threads, rows, rowsRead[0].count, fitSeconds, 1000 * fitSeconds / 800,
                     Double(predicted) / predictSeconds))
    }
}
