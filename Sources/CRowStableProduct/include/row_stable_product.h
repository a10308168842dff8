// Row-stable matrix product for inference (see RowStableProducts in TwinPeaksTensor).
#ifndef ROW_STABLE_PRODUCT_H
#define ROW_STABLE_PRODUCT_H

/// C[m×n] = A[m×k]·op(B) + beta·C, all row-major; op(B) is B[k×n] (ldb its row stride), or with
/// `transpose_b` the transpose of B[n×k]. Every element is the chain of fused multiply-adds over
/// k = 0, 1, … from zero, then plus beta·C: so its bits depend on its own row of A alone, not on m,
/// on the row's place in A, on the vector width the CPU has, or on the machine.
void tp_row_stable_sgemm(int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                         int transpose_b, float beta, float *c, int ldc);

/// Which kernel `tp_row_stable_sgemm` runs on this CPU: "avx512", "avx2" or "portable".
const char *tp_row_stable_kernel(void);

/// Makes every later call use the named kernel ("avx512", "avx2", "portable"); returns 0 (and
/// changes nothing) when this CPU cannot run it. For tests that compare the kernels' bits.
int tp_row_stable_use_kernel(const char *name);

#endif
