// Tensor engine benchmarks: sgemm GFLOP/s, and forward+backward GFLOP/s of one encoder layer
// (width 256, 8 heads, 128 tokens, batch 32, feed-forward 1,024, some key padding) as a fraction
// of sgemm, with 1 and 2 threads, plus a per-part time breakdown of the layer.
import CBLAS
import Foundation
import TwinPeaksTensor

/// Seconds of the fastest of `repeats` runs (the fastest is the least disturbed on a shared machine).
private func fastest(repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

/// GFLOP/s of C[m×n] = A[m×k]·B[k×n] (2mnk FLOPs), best of enough repeats to fill ~1 s.
private func sgemmRate(m: Int, n: Int, k: Int) -> Double {
    let a = [Float](repeating: 0.5, count: m * k), b = [Float](repeating: 0.25, count: k * n)
    var c = [Float](repeating: 0, count: m * n)
    let flops = 2.0 * Double(m * n * k)
    let once = {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeMutableBufferPointer { c in
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                        a.baseAddress, Int32(k), b.baseAddress, Int32(n), 0, c.baseAddress, Int32(n))
        } } }
    }
    once()
    let single = fastest(repeats: 1, once)
    let repeats = max(5, min(200, Int(1.0 / max(single, 1e-6))))
    return flops / fastest(repeats: repeats, once) / 1e9
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
    /// attention scores and weighted values, and the two feed-forward products.
    var forwardFlops: Double {
        let tokens = Double(batch * length), w = Double(width)
        let projections = 2 * tokens * w * 3 * w + 2 * tokens * w * w
        let attention = 2 * 2 * Double(batch * heads) * Double(length * length) * Double(width / heads)
        let feedForwardFlops = 2 * 2 * tokens * w * Double(feedForward)
        return projections + attention + feedForwardFlops
    }
}

public func runTensorBenchmarks() throws {
    // `twinpeaks-bench encoder-loop N` runs only N encoder steps, for perf/callgrind.
    if let index = CommandLine.arguments.firstIndex(of: "encoder-loop") {
        let steps = CommandLine.arguments.dropFirst(index + 1).first.flatMap { Int($0) } ?? 10
        try TensorThreads.configure()
        let setup = try EncoderBenchSetup()
        var generator = SeededGenerator(seed: 4)
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        let cpuBefore = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        let seconds = try fastest(repeats: 1) {
            for _ in 0..<steps {
                setup.store.zeroGradients()
                let (y, cache) = try setup.layer.forward(setup.x, mask: setup.mask, training: true, generator: &generator)
                _ = try setup.layer.backward(y, cache: cache)
            }
        }
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6 - cpuBefore
        print(String(format: "%d encoder steps, %d threads: %.1f ms each (CPU %.1f ms), %.1f GFLOP/s", steps,
                     TensorThreads.count, seconds * 1e3 / Double(steps), cpu * 1e3 / Double(steps),
                     3 * setup.forwardFlops * Double(steps) / seconds / 1e9))
        return
    }
    print("TwinPeaksTensor benchmarks (best of repeated runs; the machine is shared, so figures are upper-bound-ish)")
    let available = ProcessInfo.processInfo.activeProcessorCount
    print("OpenBLAS kernel: \(BLASKernel.coreName)"
          + (ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map { " (OPENBLAS_CORETYPE=\($0))" } ?? ""))
    let setup = try EncoderBenchSetup()
    for threads in [1, 2] where threads <= max(available, 2) {
        try TensorThreads.configure(explicit: threads)
        print("\n== \(threads) thread\(threads == 1 ? "" : "s") ==")
        let cube = sgemmRate(m: 1024, n: 1024, k: 1024)
        print(String(format: "sgemm 1024×1024×1024        %7.1f GFLOP/s", cube))
        print(String(format: "sgemm [4096,256]×[256,768]   %7.1f GFLOP/s", sgemmRate(m: 4096, n: 768, k: 256)))
        print(String(format: "sgemm [4096,256]×[256,1024]  %7.1f GFLOP/s", sgemmRate(m: 4096, n: 1024, k: 256)))
        print(String(format: "sgemm [128,32]×[32,128]      %7.1f GFLOP/s (one attention head)", sgemmRate(m: 128, n: 128, k: 32)))

        var generator = SeededGenerator(seed: 4)
        let layer = setup.layer
        var forwardSeconds = 0.0, backwardSeconds = 0.0
        let total = try fastest(repeats: 8) {
            setup.store.zeroGradients()
            let start = DispatchTime.now().uptimeNanoseconds
            let (y, cache) = try layer.forward(setup.x, mask: setup.mask, training: true, generator: &generator)
            let middle = DispatchTime.now().uptimeNanoseconds
            _ = try layer.backward(y, cache: cache)
            let end = DispatchTime.now().uptimeNanoseconds
            forwardSeconds = Double(middle - start) / 1e9
            backwardSeconds = Double(end - middle) / 1e9
        }
        let flops = 3 * setup.forwardFlops
        let rate = flops / total / 1e9
        print(String(format: "encoder layer fwd+bwd: %.1f ms (last run: forward %.1f ms, backward %.1f ms), %.2f GFLOP per step",
                     total * 1e3, forwardSeconds * 1e3, backwardSeconds * 1e3, flops / 1e9))
        print(String(format: "encoder layer fwd+bwd        %7.1f GFLOP/s = %.0f %% of sgemm 1024³", rate, 100 * rate / cube))
        try breakdown(setup, threads: threads)
    }
}

/// Times each part of the layer alone (forward and backward) to show where the time goes.
private func breakdown(_ setup: EncoderBenchSetup, threads: Int) throws {
    let layer = setup.layer
    var generator = SeededGenerator(seed: 5)
    let x = setup.x
    let (normed, normCache) = try layer.attentionNorm.forward(x)
    let dy = x
    var parts: [(String, Double)] = []
    parts.append(("layer norm ×2 fwd+bwd", 2 * (try fastest(repeats: 5) {
        let (y, cache) = try layer.attentionNorm.forward(x)
        _ = try layer.attentionNorm.backward(y, cache: cache)
    })))
    _ = normCache
    parts.append(("attention fwd+bwd", try fastest(repeats: 5) {
        let (y, cache) = try layer.attention.forwardSelf(normed, mask: setup.mask, training: true, generator: &generator)
        _ = try layer.attention.backwardSelf(y, cache: cache)
    }))
    parts.append(("feed-forward fwd+bwd", try fastest(repeats: 5) {
        let (y, cache) = try layer.feedForward.forward(normed, training: true, generator: &generator)
        _ = try layer.feedForward.backward(y, cache: cache)
    }))
    parts.append(("dropout ×2 + residual ×4", 2 * (try fastest(repeats: 5) {
        let (y, cache) = layer.dropout.forward(x, training: true, generator: &generator)
        _ = try layer.dropout.backward(y, cache: cache)
        _ = try Ops.add(x, y)
        _ = try Ops.add(dy, y)
    })))
    let sum = parts.reduce(0) { $0 + $1.1 }
    for (name, seconds) in parts {
        print(String(format: "  %-28@ %6.1f ms  %4.0f %%", name as NSString, seconds * 1e3, 100 * seconds / sum))
    }
}
