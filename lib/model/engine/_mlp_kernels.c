/*
 * Private: WebAssembly SIMD kernels for one training step of an MLP shaped like the seed's (Dense(ReLU) → Dropout →
 * BatchNorm blocks, then Dense(softmax)), built into _mlp_kernels.ts by `deno task build-simd` (clang 14 from Debian
 * bookworm: clang --target=wasm32 -msimd128 -mbulk-memory -O3 -nostdlib).
 *
 * All matrices are float32, row-major, batch rows first: activations [B][n], weights [nIn][nOut] (Keras's kernel
 * layout). The three matrix products of a Dense layer are register-blocked so each loaded vector feeds several
 * multiply-adds (plain f32x4 mul then add, no fused multiply-add, so results do not depend on the CPU):
 *   - dense_forward:          Z = A·W + b          4 rows × 8 columns per tile, the loop over the shared K inside;
 *   - dense_backward_input:   dA = dZ·Wᵀ           2 rows × 4 columns per tile, dot products along W's rows;
 *   - dense_backward_weights: dW = Aᵀ·dZ, db = Σ dZ  4 × 8 tiles, the loop over the batch inside.
 * The elementwise work (ReLU, dropout, BatchNorm forward and backward, Adam) is written as plain loops over columns,
 * which clang vectorises. Square roots are wasm's f32.sqrt, so no libm is needed; the softmax (exp) stays in JavaScript.
 *
 * Dropout masks come from xoshiro128** seeded by the caller once per step (from Math.random, so seeded training is
 * reproducible): a unit is kept when a 24-bit uniform u ∈ [0, 1) satisfies u ≥ rate, and scaled by 1 / (1 − rate).
 *
 * Memory is the caller's: every pointer is a byte offset into the module's memory.
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define MADD(acc, a, b) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(a, b))

static inline float hsum(v128_t v) {
  v = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  v = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
  return wasm_f32x4_extract_lane(v, 0);
}

/* ------------------------------------------------------------------------------------------- matrix products -- */

/* Z[B][N] = A[B][K] · W[K][N] + bias[N]. */
EXPORT(dense_forward)
void dense_forward(const float *A, const float *W, const float *bias, float *Z, int B, int K, int N) {
  int n0 = 0;
  for (; n0 + 8 <= N; n0 += 8) {
    const v128_t b0 = wasm_v128_load(bias + n0), b1 = wasm_v128_load(bias + n0 + 4);
    int r = 0;
    for (; r + 4 <= B; r += 4) {
      v128_t c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1;
      const float *a0 = A + r * K, *a1 = a0 + K, *a2 = a1 + K, *a3 = a2 + K, *w = W + n0;
      for (int k = 0; k < K; k++, w += N) {
        const v128_t w0 = wasm_v128_load(w), w1 = wasm_v128_load(w + 4);
        v128_t x = wasm_f32x4_splat(a0[k]);
        MADD(c00, x, w0);
        MADD(c01, x, w1);
        x = wasm_f32x4_splat(a1[k]);
        MADD(c10, x, w0);
        MADD(c11, x, w1);
        x = wasm_f32x4_splat(a2[k]);
        MADD(c20, x, w0);
        MADD(c21, x, w1);
        x = wasm_f32x4_splat(a3[k]);
        MADD(c30, x, w0);
        MADD(c31, x, w1);
      }
      float *z = Z + r * N + n0;
      wasm_v128_store(z, c00);
      wasm_v128_store(z + 4, c01);
      wasm_v128_store(z + N, c10);
      wasm_v128_store(z + N + 4, c11);
      wasm_v128_store(z + 2 * N, c20);
      wasm_v128_store(z + 2 * N + 4, c21);
      wasm_v128_store(z + 3 * N, c30);
      wasm_v128_store(z + 3 * N + 4, c31);
    }
    for (; r < B; r++) {
      v128_t c0 = b0, c1 = b1;
      const float *a = A + r * K, *w = W + n0;
      for (int k = 0; k < K; k++, w += N) {
        const v128_t x = wasm_f32x4_splat(a[k]);
        MADD(c0, x, wasm_v128_load(w));
        MADD(c1, x, wasm_v128_load(w + 4));
      }
      wasm_v128_store(Z + r * N + n0, c0);
      wasm_v128_store(Z + r * N + n0 + 4, c1);
    }
  }
  for (; n0 + 4 <= N; n0 += 4) {
    for (int r = 0; r < B; r++) {
      v128_t c = wasm_v128_load(bias + n0);
      const float *a = A + r * K, *w = W + n0;
      for (int k = 0; k < K; k++, w += N) MADD(c, wasm_f32x4_splat(a[k]), wasm_v128_load(w));
      wasm_v128_store(Z + r * N + n0, c);
    }
  }
  for (; n0 < N; n0++) {
    for (int r = 0; r < B; r++) {
      float c = bias[n0];
      for (int k = 0; k < K; k++) c += A[r * K + k] * W[k * N + n0];
      Z[r * N + n0] = c;
    }
  }
}

/* One dot product over n of dz and w, vector part then scalar tail. */
static inline float dot(const float *dz, const float *w, int N) {
  v128_t c = wasm_f32x4_splat(0.0f);
  int n = 0;
  for (; n + 4 <= N; n += 4) MADD(c, wasm_v128_load(dz + n), wasm_v128_load(w + n));
  float s = hsum(c);
  for (; n < N; n++) s += dz[n] * w[n];
  return s;
}

/* dA[B][K] = dZ[B][N] · W[K][N]ᵀ: each element a dot product of a row of dZ with a row of W. */
EXPORT(dense_backward_input)
void dense_backward_input(const float *dZ, const float *W, float *dA, int B, int K, int N) {
  const int nv = N & ~3;
  int r = 0;
  for (; r + 2 <= B; r += 2) {
    const float *d0 = dZ + r * N, *d1 = d0 + N;
    int k = 0;
    for (; k + 4 <= K; k += 4) {
      const float *w0 = W + k * N, *w1 = w0 + N, *w2 = w1 + N, *w3 = w2 + N;
      v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
      for (int n = 0; n < nv; n += 4) {
        const v128_t x0 = wasm_v128_load(d0 + n), x1 = wasm_v128_load(d1 + n);
        v128_t w = wasm_v128_load(w0 + n);
        MADD(c00, x0, w);
        MADD(c10, x1, w);
        w = wasm_v128_load(w1 + n);
        MADD(c01, x0, w);
        MADD(c11, x1, w);
        w = wasm_v128_load(w2 + n);
        MADD(c02, x0, w);
        MADD(c12, x1, w);
        w = wasm_v128_load(w3 + n);
        MADD(c03, x0, w);
        MADD(c13, x1, w);
      }
      float s[8] = {hsum(c00), hsum(c01), hsum(c02), hsum(c03), hsum(c10), hsum(c11), hsum(c12), hsum(c13)};
      for (int n = nv; n < N; n++) {
        s[0] += d0[n] * w0[n], s[1] += d0[n] * w1[n], s[2] += d0[n] * w2[n], s[3] += d0[n] * w3[n];
        s[4] += d1[n] * w0[n], s[5] += d1[n] * w1[n], s[6] += d1[n] * w2[n], s[7] += d1[n] * w3[n];
      }
      for (int j = 0; j < 4; j++) {
        dA[r * K + k + j] = s[j];
        dA[(r + 1) * K + k + j] = s[4 + j];
      }
    }
    for (; k < K; k++) {
      dA[r * K + k] = dot(d0, W + k * N, N);
      dA[(r + 1) * K + k] = dot(d1, W + k * N, N);
    }
  }
  for (; r < B; r++)
    for (int k = 0; k < K; k++) dA[r * K + k] = dot(dZ + r * N, W + k * N, N);
}

/* dW[K][N] = A[B][K]ᵀ · dZ[B][N] and db[N] = Σ_r dZ[r]. */
EXPORT(dense_backward_weights)
void dense_backward_weights(const float *A, const float *dZ, float *dW, float *db, int B, int K, int N) {
  int n0 = 0;
  for (; n0 + 8 <= N; n0 += 8) {
    int k = 0;
    for (; k + 4 <= K; k += 4) {
      v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      const float *a = A + k, *d = dZ + n0;
      for (int r = 0; r < B; r++, a += K, d += N) {
        const v128_t d0 = wasm_v128_load(d), d1 = wasm_v128_load(d + 4);
        v128_t x = wasm_f32x4_splat(a[0]);
        MADD(c00, x, d0);
        MADD(c01, x, d1);
        x = wasm_f32x4_splat(a[1]);
        MADD(c10, x, d0);
        MADD(c11, x, d1);
        x = wasm_f32x4_splat(a[2]);
        MADD(c20, x, d0);
        MADD(c21, x, d1);
        x = wasm_f32x4_splat(a[3]);
        MADD(c30, x, d0);
        MADD(c31, x, d1);
      }
      float *w = dW + k * N + n0;
      wasm_v128_store(w, c00);
      wasm_v128_store(w + 4, c01);
      wasm_v128_store(w + N, c10);
      wasm_v128_store(w + N + 4, c11);
      wasm_v128_store(w + 2 * N, c20);
      wasm_v128_store(w + 2 * N + 4, c21);
      wasm_v128_store(w + 3 * N, c30);
      wasm_v128_store(w + 3 * N + 4, c31);
    }
    for (; k < K; k++) {
      v128_t c0 = wasm_f32x4_splat(0.0f), c1 = c0;
      for (int r = 0; r < B; r++) {
        const v128_t x = wasm_f32x4_splat(A[r * K + k]);
        MADD(c0, x, wasm_v128_load(dZ + r * N + n0));
        MADD(c1, x, wasm_v128_load(dZ + r * N + n0 + 4));
      }
      wasm_v128_store(dW + k * N + n0, c0);
      wasm_v128_store(dW + k * N + n0 + 4, c1);
    }
  }
  for (; n0 < N; n0++)
    for (int k = 0; k < K; k++) {
      float c = 0.0f;
      for (int r = 0; r < B; r++) c += A[r * K + k] * dZ[r * N + n0];
      dW[k * N + n0] = c;
    }
  for (int n = 0; n < N; n++) db[n] = 0.0f;
  for (int r = 0; r < B; r++)
    for (int n = 0; n < N; n++) db[n] += dZ[r * N + n];
}

/* ------------------------------------------------------------------------------------------------- dropout RNG -- */

static uint32_t rng[4];

static inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

/* xoshiro128** (Blackman & Vigna). */
static inline uint32_t next_u32(void) {
  const uint32_t result = rotl(rng[1] * 5, 7) * 9, t = rng[1] << 9;
  rng[2] ^= rng[0];
  rng[3] ^= rng[1];
  rng[1] ^= rng[2];
  rng[0] ^= rng[3];
  rng[2] ^= t;
  rng[3] = rotl(rng[3], 11);
  return result;
}

/* Seed the dropout generator from two 32-bit words (splitmix32 expands them to the four of state). */
EXPORT(seed_dropout)
void seed_dropout(uint32_t a, uint32_t b) {
  uint32_t z = a ^ (b * 0x9E3779B9u);
  for (int i = 0; i < 4; i++) {
    z += 0x9E3779B9u;
    uint32_t x = z;
    x = (x ^ (x >> 16)) * 0x85EBCA6Bu;
    x = (x ^ (x >> 13)) * 0xC2B2AE35u;
    rng[i] = x ^ (x >> 16);
  }
  if ((rng[0] | rng[1] | rng[2] | rng[3]) == 0) rng[0] = 1;
}

/* ------------------------------------------------------------------------------------- ReLU → Dropout → BatchNorm -- */

/*
 * Training-mode forward of one block after its Dense: r = ReLU(z)·mask, then BatchNorm over the batch with
 * μ = mean(r), σ² = mean((r − μ)²), x̂ = (r − μ)/√(σ² + ε), y = γx̂ + β, and the moving statistics
 * m ← m − (m − μ)·decay, v ← v − (v − σ²)·decay. mask (B·N, written here) is ignored when rate is 0.
 * stats holds 2·N floats of scratch (μ, σ²); invstd (N) is kept for the backward pass.
 */
EXPORT(block_forward)
void block_forward(const float *z, float *mask, float *xhat, float *y, float *invstd, float *stats, const float *gamma,
                   const float *beta, float *movingMean, float *movingVar, int B, int N, float eps, float decay,
                   float rate) {
  float *mean = stats, *var = stats + N;
  const float keep = 1.0f / (1.0f - rate);
  for (int j = 0; j < N; j++) mean[j] = 0.0f, var[j] = 0.0f;
  for (int r = 0; r < B; r++) {
    const float *zr = z + r * N;
    float *xr = xhat + r * N;
    if (rate > 0.0f) {
      float *mr = mask + r * N;
      for (int j = 0; j < N; j++) {
        const float u = (float)(next_u32() >> 8) * (1.0f / 16777216.0f);
        mr[j] = u >= rate ? keep : 0.0f;
      }
      for (int j = 0; j < N; j++) xr[j] = (zr[j] > 0.0f ? zr[j] : 0.0f) * mr[j];
    } else {
      for (int j = 0; j < N; j++) xr[j] = zr[j] > 0.0f ? zr[j] : 0.0f;
    }
    for (int j = 0; j < N; j++) mean[j] += xr[j];
  }
  const float inv = 1.0f / (float)B;
  for (int j = 0; j < N; j++) mean[j] *= inv;
  for (int r = 0; r < B; r++) {
    const float *xr = xhat + r * N;
    for (int j = 0; j < N; j++) {
      const float d = xr[j] - mean[j];
      var[j] += d * d;
    }
  }
  for (int j = 0; j < N; j++) {
    var[j] *= inv;
    invstd[j] = 1.0f / __builtin_sqrtf(var[j] + eps);
    movingMean[j] -= (movingMean[j] - mean[j]) * decay;
    movingVar[j] -= (movingVar[j] - var[j]) * decay;
  }
  for (int r = 0; r < B; r++) {
    float *xr = xhat + r * N, *yr = y + r * N;
    for (int j = 0; j < N; j++) {
      const float h = (xr[j] - mean[j]) * invstd[j];
      xr[j] = h;
      yr[j] = gamma[j] * h + beta[j];
    }
  }
}

/*
 * Backward of block_forward: from dy (B·N) to dz (B·N), dγ = Σ dy·x̂ and dβ = Σ dy, with
 * dr = (γ/(B·√(σ² + ε)))·(B·dy − Σdy − x̂·Σ(dy·x̂)), then the mask and the ReLU (z > 0).
 */
EXPORT(block_backward)
void block_backward(const float *dy, const float *xhat, const float *z, const float *mask, const float *invstd,
                    const float *gamma, float *dgamma, float *dbeta, float *dz, float *scratch, int B, int N,
                    float rate) {
  float *f = scratch;
  for (int j = 0; j < N; j++) dgamma[j] = 0.0f, dbeta[j] = 0.0f;
  for (int r = 0; r < B; r++) {
    const float *d = dy + r * N, *x = xhat + r * N;
    for (int j = 0; j < N; j++) {
      dbeta[j] += d[j];
      dgamma[j] += d[j] * x[j];
    }
  }
  const float fb = (float)B;
  for (int j = 0; j < N; j++) f[j] = gamma[j] * invstd[j] / fb;
  for (int r = 0; r < B; r++) {
    const float *d = dy + r * N, *x = xhat + r * N, *zr = z + r * N;
    float *o = dz + r * N;
    for (int j = 0; j < N; j++) o[j] = f[j] * (fb * d[j] - dbeta[j] - x[j] * dgamma[j]);
    if (rate > 0.0f) {
      const float *m = mask + r * N;
      for (int j = 0; j < N; j++) o[j] *= m[j];
    }
    for (int j = 0; j < N; j++) o[j] = zr[j] > 0.0f ? o[j] : 0.0f;
  }
}

/* -------------------------------------------------------------------------------------------------------- Adam -- */

/* Keras's Adam over n parameters: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², w ← w − lr_t·m/(√v + ε). */
EXPORT(adam)
void adam(float *w, const float *g, float *m, float *v, int n, float lrT, float beta1, float beta2, float eps) {
  const float c1 = 1.0f - beta1, c2 = 1.0f - beta2;
  for (int i = 0; i < n; i++) {
    const float gi = g[i];
    const float mi = m[i] = beta1 * m[i] + c1 * gi;
    const float vi = v[i] = beta2 * v[i] + c2 * gi * gi;
    w[i] -= lrT * mi / (__builtin_sqrtf(vi) + eps);
  }
}
