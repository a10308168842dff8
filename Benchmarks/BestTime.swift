// The one timer of the benchmarks: the best of a few runs, on the monotonic clock, so a figure is
// what the code can do and not what a busy moment of the machine let it do.

import Foundation

/// Seconds of the fastest of `repeats` runs of `body`.
func bestTime(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}
