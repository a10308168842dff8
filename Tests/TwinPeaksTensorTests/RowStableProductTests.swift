// Row-stable products (inference): with `RowStableProducts.enabled`, a row's product does not
// depend on how many rows share the call, to the bit; the network relies on it so that a mutant's
// ΔΔG is the same alone and inside a scan.

import Testing
@testable import TwinPeaksTensor

/// Rows 0..<m of the product computed with exactly m rows, for every m up to `rows`.
private func prefixProducts(_ product: (Tensor) throws -> Tensor, rows: Int, width: Int, seed: UInt64) throws
    -> (all: [Float], prefixes: [[Float]]) {
    var g = SeededGenerator(seed: seed)
    let x = (0..<(rows * width)).map { _ in g.nextNormal() }
    let all = try product(Tensor(shape: [rows, width], values: x)).values
    let prefixes = try (1...rows).map { m in try product(Tensor(shape: [m, width], values: Array(x[0..<(m * width)]))).values }
    return (all, prefixes)
}

@Test(arguments: [(128, 128), (480, 128), (128, 256), (32, 63), (63, 32), (128, 1)])
func rowStableProductsGiveEveryRowTheBitsItHasAlone(inputWidth: Int, outputWidth: Int) throws {
    let store = ParameterStore()
    var g = SeededGenerator(seed: 3)
    let linear = try Linear("l", inputWidth: inputWidth, outputWidth: outputWidth, store: store, generator: &g)
    let weights = try Tensor(shape: [inputWidth, outputWidth], values: (0..<(inputWidth * outputWidth)).map { _ in g.nextNormal() })
    let rows = 37
    for product in [{ (x: Tensor) in try linear.forward(x).output }, { (x: Tensor) in try Ops.matmul(x, weights) }] {
        let (all, prefixes) = try RowStableProducts.$enabled.withValue(true) {
            try prefixProducts(product, rows: rows, width: inputWidth, seed: 9)
        }
        for (index, prefix) in prefixes.enumerated() {
            let same = prefix == Array(all[0..<prefix.count])
            #expect(same, "\(index + 1) rows of \(inputWidth)→\(outputWidth) differ from the first rows of \(rows)")
        }
        // Without it the same products may differ in the last bits on some row counts (they do with
        // this machine's OpenBLAS for odd counts); the values still agree to rounding.
        let (plain, plainPrefixes) = try prefixProducts(product, rows: rows, width: inputWidth, seed: 9)
        for prefix in plainPrefixes {
            for (a, b) in zip(prefix, plain) { #expect(abs(a - b) <= 1e-4 * max(1, abs(a))) }
        }
        for (a, b) in zip(plain, all) { #expect(abs(a - b) <= 1e-4 * max(1, abs(a))) }
    }
}
