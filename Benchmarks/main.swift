// `make bench`: speed figures for every part (tests never measure time).
// `twinpeaks-bench [embedding] [training]` runs only the named groups.

let selected = Set(CommandLine.arguments.dropFirst())
func wanted(_ name: String) -> Bool { selected.isEmpty || selected.contains(name) }

print("twinpeaks-bench: speed figures (tests never measure time)")
if wanted("embedding") { runEmbeddingBenchmarks() }
if wanted("training") { try runTrainingBenchmarks() }
