// Row-stable products (inference): with `RowStableProducts.enabled`, a row's product does not
// depend on how many rows share the call, to the bit; the network relies on it so that a mutant's
// ΔΔG is the same alone and inside a scan.

import Testing
@testable import TwinPeaksTensor

/// The product of all `rows` rows, and of every window of rows s..<s+m (s in `offsets`) on its own.
private func windowProducts(_ product: (Tensor) throws -> Tensor, rows: Int, width: Int, offsets: [Int], seed: UInt64)
    throws -> (all: [Float], windows: [(start: Int, values: [Float])]) {
    var g = SeededGenerator(seed: seed)
    let x = (0..<(rows * width)).map { _ in g.nextNormal() }
    let all = try product(Tensor(shape: [rows, width], values: x)).values
    var windows: [(start: Int, values: [Float])] = []
    for start in offsets {
        for m in 1...(rows - start) {
            let window = Array(x[(start * width)..<((start + m) * width)])
            windows.append((start, try product(Tensor(shape: [m, width], values: window)).values))
        }
    }
    return (all, windows)
}

@Test(arguments: [(128, 128), (480, 128), (128, 256), (32, 63), (63, 32), (128, 1)])
func rowStableProductsGiveEveryRowTheBitsItHasAlone(inputWidth: Int, outputWidth: Int) throws {
    let store = ParameterStore()
    var g = SeededGenerator(seed: 3)
    let linear = try Linear("l", inputWidth: inputWidth, outputWidth: outputWidth, store: store, generator: &g)
    let weights = try Tensor(shape: [inputWidth, outputWidth], values: (0..<(inputWidth * outputWidth)).map { _ in g.nextNormal() })
    // 150 rows: two whole blocks and a padded one; windows that start inside a block and end in
    // another put a row at a different place in its call than it has in the 150-row product.
    let rows = 150, offsets = [0, 1, 5, 17, 64, 100]
    for product in [{ (x: Tensor) in try linear.forward(x).output }, { (x: Tensor) in try Ops.matmul(x, weights) }] {
        let (all, windows) = try RowStableProducts.$enabled.withValue(true) {
            try windowProducts(product, rows: rows, width: inputWidth, offsets: offsets, seed: 9)
        }
        var differing: [String] = []
        for (start, values) in windows {
            let from = start * outputWidth
            if values != Array(all[from..<(from + values.count)]) {
                differing.append("\(start)..<\(start + values.count / outputWidth)")
            }
        }
        #expect(differing.isEmpty, "rows \(differing.prefix(5)) of \(inputWidth)→\(outputWidth) alone differ from the same rows of \(rows)")
        // Without it the same products may differ in the last bits on some row counts (they do with
        // this machine's OpenBLAS for odd counts); the values still agree to rounding.
        let (plain, plainWindows) = try windowProducts(product, rows: rows, width: inputWidth, offsets: [0], seed: 9)
        for (_, values) in plainWindows {
            for (a, b) in zip(values, plain) { #expect(abs(a - b) <= 1e-4 * max(1, abs(a))) }
        }
        for (a, b) in zip(plain, all) { #expect(abs(a - b) <= 1e-4 * max(1, abs(a))) }
    }
}

/// The plain reference: each element the fused multiply-add chain over k in order, from zero, then
/// plus beta·C (what `tp_row_stable_sgemm` promises, written as the definition).
private func fusedChainProduct(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transposeB: Bool,
                               beta: Float, c: [Float]) -> [Float] {
    var out = c
    for i in 0..<m {
        for j in 0..<n {
            var acc: Float = 0
            for kk in 0..<k { acc = acc.addingProduct(a[i * k + kk], transposeB ? b[j * k + kk] : b[kk * n + j]) }
            out[i * n + j] = beta == 0 ? acc : acc + beta * c[i * n + j]
        }
    }
    return out
}

@Test func everyRowStableKernelThisCPURunsGivesThePlainFusedChainsBits() throws {
    let defaultKernel = RowStableProducts.kernel
    defer { RowStableProducts.useKernel(defaultKernel) }
    var ran: [String] = []
    // Shapes of the network (128 and 480 wide) and ragged ones: rows not a multiple of any tile,
    // columns not a multiple of a panel, an empty sum.
    for (m, n, k) in [(37, 128, 480), (9, 63, 32), (1, 1, 128), (20, 200, 7), (5, 33, 0)] {
        for transposeB in [false, true] {
            for beta: Float in [0, 1] {
                var g = SeededGenerator(seed: UInt64(m * 1000 + n + k))
                let a = (0..<(m * k)).map { _ in g.nextNormal() }, b = (0..<(n * k)).map { _ in g.nextNormal() }
                let c = (0..<(m * n)).map { _ in g.nextNormal() }
                let expected = fusedChainProduct(a, b, m: m, n: n, k: k, transposeB: transposeB, beta: beta, c: c)
                for kernel in RowStableProducts.kernels where RowStableProducts.useKernel(kernel) {
                    if !ran.contains(kernel) { ran.append(kernel) }
                    var got = c
                    a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in got.withUnsafeMutableBufferPointer { out in
                        RowStableProducts.$enabled.withValue(true) {
                            sgemmRows(transposeB: transposeB, m: m, n: n, k: k, a: a.baseAddress!, lda: k,
                                      b: b.baseAddress!, ldb: transposeB ? k : n, beta: beta, c: out.baseAddress!, ldc: n)
                        }
                    } } }
                    #expect(got == expected, "\(kernel): \(m)×\(k) · \(transposeB ? "Bᵀ" : "B") → \(n), beta \(beta)")
                }
            }
        }
    }
    #expect(ran.contains("portable"))
    #expect(ran.first == defaultKernel, "the default kernel is the widest this CPU runs")
}
