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
