// Matrix products through cblas_sgemm: the internal row-major wrapper every layer uses, and the
// public `Ops.matmul` / `Ops.batchedMatmul` with their backward passes.
import CBLAS
import CRowStableProduct

/// C[m×n] = alpha · op(A) · op(B) + beta · C, all row-major; op transposes when asked.
/// `lda`, `ldb`, `ldc` are row strides, so heads can be read in place from a wider buffer.
@inline(__always)
func sgemm(transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
           alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
           b: UnsafePointer<Float>, ldb: Int,
           beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    if m == 0 || n == 0 { return }
    if k == 0 {
        // BLAS leaves C·beta; make the empty sum explicit so beta = 0 never reads garbage.
        for row in 0..<m {
            for column in 0..<n { c[row * ldc + column] = beta == 0 ? 0 : beta * c[row * ldc + column] }
        }
        return
    }
    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// Row-stable products, for inference. OpenBLAS gives one row different last bits depending on how
/// many rows share the call and where the row sits in it: edge kernels for the last rows, code paths
/// chosen by m·n·k on AVX-512 machines (direct and small-matrix kernels), and on AVX2 machines
/// (OpenBLAS's Haswell and Zen kernels) register tiles whose halves sum differently, so no padding
/// makes it row-stable there. A mutant's ΔΔG would then depend on what else the request asks. While
/// `enabled`, the row-stacked products (`Linear`, `Ops.matmul`) go through `tp_row_stable_sgemm`
/// instead: every element is one chain of fused multiply-adds over k in order, so a row's result
/// is a function of that row alone, on any CPU (`RowStableProductTests`). Training leaves it off:
/// its products go to BLAS with their exact shapes and bits.
public enum RowStableProducts {
    @TaskLocal public static var enabled = false
    /// The SIMD kernel this CPU runs ("avx512", "avx2" or "portable"; all give the same bits).
    public static var kernel: String { String(cString: tp_row_stable_kernel()) }
    /// Every kernel name, widest first.
    public static let kernels = ["avx512", "avx2", "portable"]

    /// Runs later row-stable products with the named kernel; false (nothing changed) when this CPU
    /// cannot run it. For tests and benchmarks that compare kernels; all give the same bits.
    @discardableResult
    public static func useKernel(_ name: String) -> Bool { tp_row_stable_use_kernel(name) != 0 }
}

/// C[m×n] = A[m×k] · op(B) + beta · C, as `sgemm` with A not transposed; row-stable while
/// `RowStableProducts.enabled`.
func sgemmRows(transposeB: Bool = false, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
               b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    guard RowStableProducts.enabled, m > 0, n > 0 else {
        sgemm(transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        return
    }
    tp_row_stable_sgemm(Int32(m), Int32(n), Int32(k), a, Int32(lda), b, Int32(ldb), transposeB ? 1 : 0, beta, c, Int32(ldc))
}

/// y[n] += Σ_rows A[rows×n] (column sums, used for bias gradients) through sgemv with a ones vector.
func addColumnSums(_ a: UnsafePointer<Float>, rows: Int, columns: Int, into y: UnsafeMutablePointer<Float>) {
    if rows == 0 || columns == 0 { return }
    let ones = [Float](repeating: 1, count: rows)
    ones.withUnsafeBufferPointer { ones in
        cblas_sgemv(CblasRowMajor, CblasTrans, Int32(rows), Int32(columns), 1, a, Int32(columns),
                    ones.baseAddress, 1, 1, y, 1)
    }
}

public enum Ops {}

extension Ops {
    /// a [..., m, k] · b [k, n] → [..., m, n]: leading axes of `a` are flattened into rows.
    public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try check(a.rank >= 2 && b.rank == 2 && a.shape.last == b.shape[0],
                  "matmul: shapes \(a.shape) and \(b.shape): expected [..., m, k] and [k, n]")
        let k = b.shape[0], n = b.shape[1], rows = a.count / max(k, 1)
        return Tensor(uninitialized: Array(a.shape.dropLast()) + [n]) { c in
            a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in
                sgemmRows(m: rows, n: n, k: k, a: a.baseAddress!, lda: k, b: b.baseAddress!, ldb: n,
                          beta: 0, c: c, ldc: n)
            } }
        }
    }

    /// Backward of `matmul`: y = a·b ⇒ da = dy·bᵀ, db = aᵀ·dy.
    public static func matmulBackward(_ dOutput: Tensor, _ a: Tensor, _ b: Tensor) throws
        -> (dA: Tensor, dB: Tensor) {
        let k = b.shape[0], n = b.shape[1], rows = a.count / max(k, 1)
        try dOutput.checkShape(a.shape.dropLast().map { $0 } + [n], "matmul backward: output gradient")
        var dA = Tensor(zeros: a.shape), dB = Tensor(zeros: b.shape)
        dOutput.withUnsafeBufferPointer { dy in a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in
            dA.withUnsafeMutableBufferPointer { dA in
                // da[rows×k] = dy[rows×n] · bᵀ[n×k]
                sgemm(transposeB: true, m: rows, n: k, k: n, a: dy.baseAddress!, lda: n,
                      b: b.baseAddress!, ldb: n, beta: 0, c: dA.baseAddress!, ldc: k)
            }
            dB.withUnsafeMutableBufferPointer { dB in
                // db[k×n] = aᵀ[k×rows] · dy[rows×n]
                sgemm(transposeA: true, m: k, n: n, k: rows, a: a.baseAddress!, lda: k,
                      b: dy.baseAddress!, ldb: n, beta: 0, c: dB.baseAddress!, ldc: n)
            }
        } } }
        return (dA, dB)
    }

    /// Batched product: a [batch, m, k] (or [batch, k, m] with transposeA) times b [batch, k, n]
    /// (or [batch, n, k] with transposeB) → [batch, m, n]. One sgemm per batch entry.
    public static func batchedMatmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false,
                                     transposeB: Bool = false) throws -> Tensor {
        try check(a.rank == 3 && b.rank == 3 && a.shape[0] == b.shape[0],
                  "batchedMatmul: shapes \(a.shape) and \(b.shape): expected [batch, ·, ·] for both")
        let batch = a.shape[0]
        let (m, k) = transposeA ? (a.shape[2], a.shape[1]) : (a.shape[1], a.shape[2])
        let (kb, n) = transposeB ? (b.shape[2], b.shape[1]) : (b.shape[1], b.shape[2])
        try check(k == kb, "batchedMatmul: inner sizes differ: \(a.shape)\(transposeA ? "ᵀ" : "") · "
                  + "\(b.shape)\(transposeB ? "ᵀ" : "")")
        return Tensor(uninitialized: [batch, m, n]) { c in
            a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in
                for index in 0..<batch {
                    sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                          a: a.baseAddress! + index * m * k, lda: transposeA ? m : k,
                          b: b.baseAddress! + index * k * n, ldb: transposeB ? k : n,
                          beta: 0, c: c + index * m * n, ldc: n)
                }
            } }
        }
    }

    /// Backward of `batchedMatmul` (same flags): with C = op(A)·op(B),
    /// d op(A) = dC·op(B)ᵀ and d op(B) = op(A)ᵀ·dC, transposed back where op transposed.
    public static func batchedMatmulBackward(_ dOutput: Tensor, _ a: Tensor, _ b: Tensor,
                                             transposeA: Bool = false, transposeB: Bool = false) throws
        -> (dA: Tensor, dB: Tensor) {
        let batch = a.shape[0]
        let (m, k) = transposeA ? (a.shape[2], a.shape[1]) : (a.shape[1], a.shape[2])
        let n = transposeB ? b.shape[1] : b.shape[2]
        try dOutput.checkShape([batch, m, n], "batchedMatmul backward: output gradient")
        var dA = Tensor(zeros: a.shape), dB = Tensor(zeros: b.shape)
        dOutput.withUnsafeBufferPointer { dy in a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in
            dA.withUnsafeMutableBufferPointer { dA in dB.withUnsafeMutableBufferPointer { dB in
                for index in 0..<batch {
                    let dC = dy.baseAddress! + index * m * n
                    let aI = a.baseAddress! + index * m * k, bI = b.baseAddress! + index * k * n
                    let dAI = dA.baseAddress! + index * m * k, dBI = dB.baseAddress! + index * k * n
                    let lda = transposeA ? m : k, ldb = transposeB ? k : n
                    if transposeA {
                        // A stored [k×m]: dA = op(B) · dCᵀ
                        sgemm(transposeA: transposeB, transposeB: true, m: k, n: m, k: n,
                              a: bI, lda: ldb, b: dC, ldb: n, beta: 0, c: dAI, ldc: m)
                    } else {
                        // dA[m×k] = dC · op(B)ᵀ
                        sgemm(transposeB: !transposeB, m: m, n: k, k: n,
                              a: dC, lda: n, b: bI, ldb: ldb, beta: 0, c: dAI, ldc: k)
                    }
                    if transposeB {
                        // B stored [n×k]: dB = dCᵀ · op(A)
                        sgemm(transposeA: true, transposeB: transposeA, m: n, n: k, k: m,
                              a: dC, lda: n, b: aI, ldb: lda, beta: 0, c: dBI, ldc: k)
                    } else {
                        // dB[k×n] = op(A)ᵀ · dC
                        sgemm(transposeA: !transposeA, m: k, n: n, k: m,
                              a: aI, lda: lda, b: dC, ldb: n, beta: 0, c: dBI, ldc: n)
                    }
                }
            } }
        } } }
        return (dA, dB)
    }
}
