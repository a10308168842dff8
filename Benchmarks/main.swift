// twinpeaks-bench: speed figures for `make bench` (never part of `make test`).
import TwinPeaksTensor

// Restart once with OPENBLAS_CORETYPE / OPENBLAS_THREAD_TIMEOUT set (see BLASKernel.swift).
BLASKernel.relaunchWithTunedSettingsIfNeeded()
do {
    try runTensorBenchmarks()
} catch {
    print("twinpeaks-bench: \(error)")
}
