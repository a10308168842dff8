// twinpeaks-bench: speed figures for `make bench` (never part of `make test`).
import TwinPeaksTensor

// OpenBLAS 0.3.21 falls back to its SSE3 kernel on CPUs it does not know; restart with the right one.
BLASKernel.relaunchWithOptimizedKernelIfNeeded()
do {
    try runTensorBenchmarks()
} catch {
    print("twinpeaks-bench: \(error)")
}
