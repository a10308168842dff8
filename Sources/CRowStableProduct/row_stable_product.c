// Row-stable matrix product. OpenBLAS gives the same row different last bits depending on how many
// rows share a call and where the row sits in it (edge kernels, size-chosen code paths, kernels
// whose register tile halves sum differently). For a prediction that must not depend on the rest
// of the request, every element here is one fixed chain: acc = fma(a[i][kk], b[kk][j], acc) for
// kk = 0..k-1 from acc = 0. Vector lanes, register tiles and the scalar loop all compute exactly that
// chain (a fused multiply-add rounds once, the same on every ISA), so the result of a row is a
// function of that row alone, on any CPU.
//
// Layout: op(B) is packed into panels of PANEL columns (k × PANEL each, zero-padded past n); a
// kernel computes a tile of rows × PANEL columns from one panel and the rows of A in place.
#include "row_stable_product.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

// Keep `tile + beta·c` two roundings everywhere: no compiler may fuse it into one on some machines.
#pragma STDC FP_CONTRACT OFF

#define PANEL 32
#define MAX_TILE_ROWS 8

typedef void (*tile_kernel)(int k, const float *a, int lda, const float *panel, float *out);

static void pack_panels(int n, int k, const float *b, int ldb, int transpose_b, float *packed) {
    int panels = (n + PANEL - 1) / PANEL;
    for (int p = 0; p < panels; p++) {
        float *dst = packed + (size_t)p * k * PANEL;
        for (int kk = 0; kk < k; kk++) {
            for (int j = 0; j < PANEL; j++) {
                int column = p * PANEL + j;
                dst[(size_t)kk * PANEL + j] = column >= n ? 0.0f
                    : transpose_b ? b[(size_t)column * ldb + kk] : b[(size_t)kk * ldb + column];
            }
        }
    }
}

// Portable kernel: the same chain through fmaf (compilers vectorise it into fused instructions).
static void tile_portable_1(int k, const float *a, int lda, const float *panel, float *out) {
    (void)lda;
    float acc[PANEL] = {0};
    for (int kk = 0; kk < k; kk++) {
        float x = a[kk];
        for (int j = 0; j < PANEL; j++) acc[j] = fmaf(x, panel[(size_t)kk * PANEL + j], acc[j]);
    }
    memcpy(out, acc, sizeof acc);
}

#if defined(__x86_64__)
#include <immintrin.h>

// AVX-512: 8 rows × 32 columns in 16 registers; one row for the rows left over.
__attribute__((target("avx512f")))
static void tile_avx512_8(int k, const float *a, int lda, const float *panel, float *out) {
    __m512 c[MAX_TILE_ROWS][2];
    for (int r = 0; r < MAX_TILE_ROWS; r++) c[r][0] = c[r][1] = _mm512_setzero_ps();
    for (int kk = 0; kk < k; kk++) {
        __m512 b0 = _mm512_loadu_ps(panel + (size_t)kk * PANEL), b1 = _mm512_loadu_ps(panel + (size_t)kk * PANEL + 16);
        for (int r = 0; r < MAX_TILE_ROWS; r++) {
            __m512 x = _mm512_set1_ps(a[(size_t)r * lda + kk]);
            c[r][0] = _mm512_fmadd_ps(x, b0, c[r][0]);
            c[r][1] = _mm512_fmadd_ps(x, b1, c[r][1]);
        }
    }
    for (int r = 0; r < MAX_TILE_ROWS; r++) {
        _mm512_storeu_ps(out + r * PANEL, c[r][0]);
        _mm512_storeu_ps(out + r * PANEL + 16, c[r][1]);
    }
}

__attribute__((target("avx512f")))
static void tile_avx512_1(int k, const float *a, int lda, const float *panel, float *out) {
    (void)lda;
    __m512 c0 = _mm512_setzero_ps(), c1 = _mm512_setzero_ps();
    for (int kk = 0; kk < k; kk++) {
        __m512 x = _mm512_set1_ps(a[kk]);
        c0 = _mm512_fmadd_ps(x, _mm512_loadu_ps(panel + (size_t)kk * PANEL), c0);
        c1 = _mm512_fmadd_ps(x, _mm512_loadu_ps(panel + (size_t)kk * PANEL + 16), c1);
    }
    _mm512_storeu_ps(out, c0);
    _mm512_storeu_ps(out + 16, c1);
}

// AVX2 with FMA: 3 rows × 32 columns in 12 of the 16 registers; one row for the rows left over.
#define AVX2_TILE_ROWS 3
__attribute__((target("avx2,fma")))
static void tile_avx2_3(int k, const float *a, int lda, const float *panel, float *out) {
    __m256 c[AVX2_TILE_ROWS][4];
    for (int r = 0; r < AVX2_TILE_ROWS; r++) for (int q = 0; q < 4; q++) c[r][q] = _mm256_setzero_ps();
    // 12 accumulators, 3 broadcasts and one column group of B: all 16 registers, none spilled.
    for (int kk = 0; kk < k; kk++) {
        const float *row = panel + (size_t)kk * PANEL;
        __m256 x0 = _mm256_broadcast_ss(a + kk), x1 = _mm256_broadcast_ss(a + (size_t)lda + kk);
        __m256 x2 = _mm256_broadcast_ss(a + 2 * (size_t)lda + kk);
        for (int q = 0; q < 4; q++) {
            __m256 b = _mm256_loadu_ps(row + 8 * q);
            c[0][q] = _mm256_fmadd_ps(x0, b, c[0][q]);
            c[1][q] = _mm256_fmadd_ps(x1, b, c[1][q]);
            c[2][q] = _mm256_fmadd_ps(x2, b, c[2][q]);
        }
    }
    for (int r = 0; r < AVX2_TILE_ROWS; r++) for (int q = 0; q < 4; q++) _mm256_storeu_ps(out + r * PANEL + 8 * q, c[r][q]);
}

__attribute__((target("avx2,fma")))
static void tile_avx2_1(int k, const float *a, int lda, const float *panel, float *out) {
    (void)lda;
    __m256 c[4];
    for (int q = 0; q < 4; q++) c[q] = _mm256_setzero_ps();
    for (int kk = 0; kk < k; kk++) {
        __m256 x = _mm256_broadcast_ss(a + kk);
        for (int q = 0; q < 4; q++) c[q] = _mm256_fmadd_ps(x, _mm256_loadu_ps(panel + (size_t)kk * PANEL + 8 * q), c[q]);
    }
    for (int q = 0; q < 4; q++) _mm256_storeu_ps(out + 8 * q, c[q]);
}
#endif

typedef struct { const char *name; tile_kernel many; int many_rows; tile_kernel one; } kernel_set;

static const kernel_set portable = {"portable", tile_portable_1, 1, tile_portable_1};
#if defined(__x86_64__)
static const kernel_set avx512 = {"avx512", tile_avx512_8, MAX_TILE_ROWS, tile_avx512_1};
static const kernel_set avx2 = {"avx2", tile_avx2_3, AVX2_TILE_ROWS, tile_avx2_1};
#endif

// The kernel set for a name, or NULL when this CPU cannot run it.
static const kernel_set *kernels_named(const char *name) {
    if (strcmp(name, "portable") == 0) return &portable;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (strcmp(name, "avx512") == 0 && __builtin_cpu_supports("avx512f")) return &avx512;
    if (strcmp(name, "avx2") == 0 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return &avx2;
#endif
    return NULL;
}

static const kernel_set *_Atomic current = NULL;

static const kernel_set *kernels(void) {
    const kernel_set *set = current;
    if (set == NULL) {
        // The widest this CPU runs; racing first calls compute the same answer.
        set = kernels_named("avx512");
        if (set == NULL) set = kernels_named("avx2");
        if (set == NULL) set = &portable;
        current = set;
    }
    return set;
}

const char *tp_row_stable_kernel(void) { return kernels()->name; }

int tp_row_stable_use_kernel(const char *name) {
    const kernel_set *set = kernels_named(name);
    if (set == NULL) return 0;
    current = set;
    return 1;
}

void tp_row_stable_sgemm(int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                         int transpose_b, float beta, float *c, int ldc) {
    if (m <= 0 || n <= 0) return;
    const kernel_set *set = kernels();
    int panels = (n + PANEL - 1) / PANEL;
    float *packed = malloc(((size_t)panels * (size_t)(k > 0 ? k : 1) * PANEL) * sizeof(float));
    if (packed == NULL) abort();   // the packed copy is the size of B, which the caller holds already
    pack_panels(n, k, b, ldb, transpose_b, packed);
    float out[MAX_TILE_ROWS * PANEL];
    for (int i = 0; i < m;) {
        int rows = m - i >= set->many_rows ? set->many_rows : 1;
        tile_kernel kernel = rows == set->many_rows ? set->many : set->one;
        for (int p = 0; p < panels; p++) {
            kernel(k, a + (size_t)i * lda, lda, packed + (size_t)p * k * PANEL, out);
            int columns = n - p * PANEL < PANEL ? n - p * PANEL : PANEL;
            for (int r = 0; r < rows; r++) {
                float *target = c + (size_t)(i + r) * ldc + (size_t)p * PANEL;
                const float *tile = out + r * PANEL;
                if (beta == 0) memcpy(target, tile, (size_t)columns * sizeof(float));
                else for (int j = 0; j < columns; j++) target[j] = tile[j] + beta * target[j];
            }
        }
        i += rows;
    }
    free(packed);
}
