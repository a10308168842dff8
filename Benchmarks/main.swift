// `make bench`: speed figures for every part (never part of `make test`).
// `twinpeaks-bench [tensor] [embedding] [training] [predict] [trees] [labels]` runs only the named groups.
import TwinPeaksTensor

// Restart once with OPENBLAS_CORETYPE / OPENBLAS_THREAD_TIMEOUT set (see BLASKernel.swift).
BLASKernel.relaunchWithTunedSettingsIfNeeded()

let selected = Set(CommandLine.arguments.dropFirst())
func wanted(_ name: String) -> Bool { selected.isEmpty || selected.contains(name) }

print("twinpeaks-bench: speed figures (tests never measure time)")
do {
    if wanted("tensor") { try runTensorBenchmarks() }
    if wanted("embedding") { runEmbeddingBenchmarks() }
    if wanted("training") { try runTrainingBenchmarks(); try runStructureDescriptorBenchmarks(); try runWeightAverageBenchmarks(); try runDescriptorPathBenchmarks(); try runDeltaGDescriptorPathBenchmarks() }
    if wanted("predict") { try runPredictBenchmarks() }
    if wanted("trees") { try runTreesBenchmarks() }
    if wanted("labels") { try runLabelsBenchmarks() }
} catch {
    print("twinpeaks-bench: \(error)")
}
