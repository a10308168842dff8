print("twinpeaks-bench: no benchmarks yet")
runEmbeddingBenchmarks()
