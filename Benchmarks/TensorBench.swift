// Tensor engine benchmarks: sgemm GFLOP/s, and forward+backward GFLOP/s of one encoder layer
// (width 256, 8 heads, 128 tokens, batch 32, feed-forward 1,024, key padding, dropout 0.1 in
// training mode) as a fraction of sgemm, with 1 and 2 threads, plus the time of each part.
// The machine is shared with other builds: every figure is the best of several interleaved
// rounds (the least disturbed run), and the load average is printed beside them.
import CBLAS
import Foundation
import TwinPeaksTensor

private func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
        .joined(separator: " ") ?? "?"
}

/// C[m×n] = A[m×k]·B[k×n] (2mnk FLOPs) on fixed buffers (also the embedding group's measured peak).
final class SgemmProbe {
    let m: Int, n: Int, k: Int
    private var a: [Float], b: [Float], c: [Float]
    init(m: Int, n: Int, k: Int) {
        (self.m, self.n, self.k) = (m, n, k)
        a = [Float](repeating: 0.5, count: m * k)
        b = [Float](repeating: 0.25, count: k * n)
        c = [Float](repeating: 0, count: m * n)
    }
    var flops: Double { 2 * Double(m * n * k) }
    func run() {
        let (m, n, k) = (Int32(m), Int32(n), Int32(k))
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeMutableBufferPointer { c in
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, a.baseAddress, k,
                        b.baseAddress, n, 0, c.baseAddress, n)
        } } }
    }
    /// GFLOP/s of the fastest of `repeats` products.
    func rate(repeats: Int) -> Double { flops / bestTime(repeats) { run() } / 1e9 }
}

private struct EncoderBenchSetup {
    let batch = 32, length = 128, width = 256, heads = 8, feedForward = 1024
    let store = ParameterStore()
    let layer: EncoderLayer
    let x: Tensor
    let mask: TokenMask

    init() throws {
        var generator = SeededGenerator(seed: 3)
        layer = try EncoderLayer("encoder.0", width: width, heads: heads, feedForwardWidth: feedForward,
                                 dropout: 0.1, store: store, generator: &generator)
        x = Tensor.normal([batch, length, width], using: &generator)
        // Some padding: lengths between 96 and 128 tokens.
        mask = try TokenMask(lengths: (0..<batch).map { _ in 96 + Int(generator.next() % 33) }, length: length)
    }

    /// FLOPs of one forward pass, counting 2mnk per product: QKV and output projections,
    /// attention scores and weighted values, and the two feed-forward products (padding included,
    /// as it is computed). Backward is counted as twice the forward (input and weight gradients).
    var forwardFlops: Double {
        let tokens = Double(batch * length), w = Double(width)
        let projections = 2 * tokens * w * 3 * w + 2 * tokens * w * w
        let attention = 2 * 2 * Double(batch * heads) * Double(length * length) * Double(width / heads)
        let feedForwardFlops = 2 * 2 * tokens * w * Double(feedForward)
        return projections + attention + feedForwardFlops
    }

    /// One training step of the layer: zero gradients, forward, backward. Returns (forward, backward) seconds.
    func step(_ generator: inout SeededGenerator) throws -> (Double, Double) {
        store.zeroGradients()
        let start = DispatchTime.now().uptimeNanoseconds
        let (y, cache) = try layer.forward(x, mask: mask, training: true, generator: &generator)
        let middle = DispatchTime.now().uptimeNanoseconds
        _ = try layer.backward(y, cache: cache)
        let end = DispatchTime.now().uptimeNanoseconds
        return (Double(middle - start) / 1e9, Double(end - middle) / 1e9)
    }
}

public func runTensorBenchmarks() throws {
    let setup = try EncoderBenchSetup()
    // `twinpeaks-bench encoder-loop N` runs only N encoder steps, for perf/callgrind.
    if let index = CommandLine.arguments.firstIndex(of: "encoder-loop") {
        let steps = CommandLine.arguments.dropFirst(index + 1).first.flatMap { Int($0) } ?? 10
        try TensorThreads.configure()
        var generator = SeededGenerator(seed: 4)
        let cpuBefore = ProcessInfo.processInfo.systemUptime
        let clockBefore = clock()
        for _ in 0..<steps { _ = try setup.step(&generator) }
        let seconds = ProcessInfo.processInfo.systemUptime - cpuBefore
        let cpu = Double(clock() - clockBefore) / Double(CLOCKS_PER_SEC)
        print(String(format: "%d encoder steps, %d threads: %.1f ms each (CPU %.1f ms), %.1f GFLOP/s", steps,
                     TensorThreads.count, seconds * 1e3 / Double(steps), cpu * 1e3 / Double(steps),
                     3 * setup.forwardFlops * Double(steps) / seconds / 1e9))
        return
    }

    print("TwinPeaksTensor benchmarks: best of interleaved rounds (the machine is shared; load average "
          + "\(loadAverage()) at the start)")
    let environment = ProcessInfo.processInfo.environment
    print("OpenBLAS kernel: \(BLASKernel.coreName); OPENBLAS_CORETYPE=\(environment["OPENBLAS_CORETYPE"] ?? "unset"), "
          + "OPENBLAS_THREAD_TIMEOUT=\(environment["OPENBLAS_THREAD_TIMEOUT"] ?? "unset")")
    let probes = [SgemmProbe(m: 1024, n: 1024, k: 1024), SgemmProbe(m: 4096, n: 768, k: 256),
                  SgemmProbe(m: 4096, n: 1024, k: 256), SgemmProbe(m: 128, n: 128, k: 32)]
    let names = ["sgemm 1024×1024×1024", "sgemm [4096,256]×[256,768]", "sgemm [4096,256]×[256,1024]",
                 "sgemm [128,32]×[32,128] (one head)"]
    let threadCounts = [1, 2]
    var sgemmBest = [[Double]](repeating: [Double](repeating: 0, count: probes.count), count: threadCounts.count)
    var layerBest = [Double](repeating: .infinity, count: threadCounts.count)
    var layerSplit = [(Double, Double)](repeating: (0, 0), count: threadCounts.count)
    var generator = SeededGenerator(seed: 4)
    for _ in 0..<5 {
        for (t, threads) in threadCounts.enumerated() {
            try TensorThreads.configure(explicit: threads)
            for (p, probe) in probes.enumerated() {
                probe.run()
                sgemmBest[t][p] = max(sgemmBest[t][p], probe.rate(repeats: p == 3 ? 200 : 6))
            }
            _ = try setup.step(&generator)  // warm caches and allocator
            for _ in 0..<3 {
                let (forward, backward) = try setup.step(&generator)
                if forward + backward < layerBest[t] {
                    layerBest[t] = forward + backward
                    layerSplit[t] = (forward, backward)
                }
            }
        }
    }
    let flops = 3 * setup.forwardFlops
    for (t, threads) in threadCounts.enumerated() {
        print("\n== \(threads) thread\(threads == 1 ? "" : "s") ==")
        for (p, name) in names.enumerated() {
            print(name.padding(toLength: 38, withPad: " ", startingAt: 0) + String(format: "%7.1f GFLOP/s", sgemmBest[t][p]))
        }
        let rate = flops / layerBest[t] / 1e9
        print(String(format: "encoder layer fwd+bwd: %.1f ms (forward %.1f ms, backward %.1f ms) for %.2f GFLOP",
                     layerBest[t] * 1e3, layerSplit[t].0 * 1e3, layerSplit[t].1 * 1e3, flops / 1e9))
        print(String(format: "encoder layer fwd+bwd                 %7.1f GFLOP/s = %.0f %% of sgemm 1024³ (%.0f %% of [4096,256]×[256,1024])",
                     rate, 100 * rate / sgemmBest[t][0], 100 * rate / sgemmBest[t][2]))
    }
    if sgemmBest[1][0] < 1.5 * sgemmBest[0][0] {
        print("\nnote: 2 threads ran sgemm at \(Int(sgemmBest[1][0] / sgemmBest[0][0] * 100)) % of twice the 1-thread "
              + "rate: this session did not get 2 cores (the kernel shares the CPU between login sessions, so "
              + "other busy sessions halve it). The fractions of sgemm still hold; rerun on a quiet machine for "
              + "the 2-thread figures.")
    }
    for threads in threadCounts {
        try TensorThreads.configure(explicit: threads)
        try breakdown(setup, threads: threads)
    }
    try TensorThreads.configure(explicit: 1)
    try rowStableProducts()
    print("\nload average at the end: \(loadAverage())")
}

/// Inference's row-stable products (one fused multiply-add chain per element) against OpenBLAS on
/// the network's row-stacked shapes, one thread, for every kernel this CPU runs.
private func rowStableProducts() throws {
    let defaultKernel = RowStableProducts.kernel
    defer { RowStableProducts.useKernel(defaultKernel) }
    var generator = SeededGenerator(seed: 6)
    print("\nrow-stable products (inference) against OpenBLAS, 1 thread, best of 5; default kernel \(defaultKernel):")
    for (rows, k, n) in [(4096, 128, 128), (4096, 480, 128), (4096, 128, 512), (37, 128, 128)] {
        let x = Tensor.normal([rows, k], using: &generator), w = Tensor.normal([k, n], using: &generator)
        let flops = 2 * Double(rows * k * n)
        let repeats = rows < 100 ? 200 : 5
        var line = "  [\(rows),\(k)]×[\(k),\(n)]".padding(toLength: 24, withPad: " ", startingAt: 0)
        let blas = try bestTime(repeats) { _ = try Ops.matmul(x, w) }
        line += String(format: "OpenBLAS %6.1f GFLOP/s", flops / blas / 1e9)
        for kernel in RowStableProducts.kernels where RowStableProducts.useKernel(kernel) {
            let seconds = try RowStableProducts.$enabled.withValue(true) { try bestTime(repeats) { _ = try Ops.matmul(x, w) } }
            line += String(format: ", %@ %6.1f", kernel, flops / seconds / 1e9)
        }
        print(line)
    }
}

/// Times each part of the layer alone (forward and backward) to show where the time goes.
private func breakdown(_ setup: EncoderBenchSetup, threads: Int) throws {
    let layer = setup.layer
    var generator = SeededGenerator(seed: 5)
    let x = setup.x
    let (normed, _) = try layer.attentionNorm.forward(x)
    var parts: [(String, Double)] = []
    parts.append(("layer norm ×2", 2 * (try bestTime(5) {
        let (y, cache) = try layer.attentionNorm.forward(x)
        _ = try layer.attentionNorm.backward(y, cache: cache)
    })))
    parts.append(("attention (QKV, heads, output)", try bestTime(5) {
        let (y, cache) = try layer.attention.forwardSelf(normed, mask: setup.mask, training: true, generator: &generator)
        _ = try layer.attention.backwardSelf(y, cache: cache)
    }))
    parts.append(("feed-forward (with dropout)", try bestTime(5) {
        let (y, cache) = try layer.feedForward.forward(normed, training: true, generator: &generator)
        _ = try layer.feedForward.backward(y, cache: cache)
    }))
    parts.append(("residual dropout ×2", 2 * (try bestTime(5) {
        let (y, cache) = try layer.dropout.forwardAdding(x, to: x, training: true, generator: &generator)
        _ = try layer.dropout.backward(y, cache: cache)
    })))
    let sum = parts.reduce(0) { $0 + $1.1 }
    print("\nparts of one fwd+bwd step alone, \(threads) thread\(threads == 1 ? "" : "s") (best of 5):")
    for (name, seconds) in parts {
        print("  " + name.padding(toLength: 34, withPad: " ", startingAt: 0)
              + String(format: "%6.1f ms  %4.0f %%", seconds * 1e3, 100 * seconds / sum))
    }
}
