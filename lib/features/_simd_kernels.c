/*
 * Private: WebAssembly SIMD kernels for the feature hot loops, built into _simd_kernels.ts by
 * `deno task build-simd` (clang 14 from Debian bookworm: clang --target=wasm32 -msimd128 -mbulk-memory -O3 -nostdlib).
 *
 * Every kernel transforms several STFT frames at once, one frame per SIMD lane, so each butterfly is a plain vertical
 * vector operation and no lane shuffles are needed:
 *   - cqt_octave: float32 × 4 frames. One CQT octave (librosa computes the CQT in complex64 too): real FFT of each
 *     rectangular-window frame, then the octave's sparse filters applied to the band of bins they touch.
 *   - stft_power: float64 × 2 frames. Power spectrum of Hann-windowed frames, frame-major, for the main STFT, where
 *     spectral contrast needs double precision in its valleys.
 *
 * The FFT is the one in _fft.ts: input packed two real samples per complex value straight into bit-reversed order with
 * the size-2 butterflies done on the way, radix-2² stages, a last radix-2 stage when needed, and the real-FFT
 * post-processing. Tables come from the caller (JavaScript's Math.cos/sin), so the module needs no libm.
 *
 * Memory is the caller's: every pointer is a byte offset into the module's memory, 16-byte aligned for v128 data.
 */
#include <stddef.h>
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

/* ------------------------------------------------------------------------------------------------ float32 × 4 -- */

static inline float sample32(const float *x, int len, int i) { return i >= 0 && i < len ? x[i] : 0.0f; }

/* Gather x[i], x[i + hop], x[i + 2 hop], x[i + 3 hop] (zero outside [0, len)). */
static inline v128_t gather4(const float *x, int len, int i, int hop, int inside) {
  if (inside) return wasm_f32x4_make(x[i], x[i + hop], x[i + 2 * hop], x[i + 3 * hop]);
  return wasm_f32x4_make(sample32(x, len, i), sample32(x, len, i + hop), sample32(x, len, i + 2 * hop),
                         sample32(x, len, i + 3 * hop));
}

#define CMUL_RE4(ar, ai, br, bi) wasm_f32x4_sub(wasm_f32x4_mul(ar, br), wasm_f32x4_mul(ai, bi))
#define CMUL_IM4(ar, ai, br, bi) wasm_f32x4_add(wasm_f32x4_mul(ar, bi), wasm_f32x4_mul(ai, br))

/* Complex FFT of size m on 4 lanes, input already bit-reversed and through the size-2 butterflies. */
static void butterflies4(v128_t *zr, v128_t *zi, int m, const float *tw) {
  int h = 2;
  for (; 4 * h <= m; h <<= 2) {
    const float *t1 = tw + 2 * (h - 1), *t2 = tw + 2 * (2 * h - 1);
    for (int k = 0; k < h; k++) {
      v128_t w1r = wasm_f32x4_splat(t1[2 * k]), w1i = wasm_f32x4_splat(t1[2 * k + 1]);
      v128_t w2r = wasm_f32x4_splat(t2[2 * k]), w2i = wasm_f32x4_splat(t2[2 * k + 1]);
      for (int a0 = k; a0 < m; a0 += 4 * h) {
        int a1 = a0 + h, a2 = a1 + h, a3 = a2 + h;
        v128_t xr = CMUL_RE4(zr[a1], zi[a1], w1r, w1i), xi = CMUL_IM4(zr[a1], zi[a1], w1r, w1i);
        v128_t y0r = wasm_f32x4_add(zr[a0], xr), y0i = wasm_f32x4_add(zi[a0], xi);
        v128_t y1r = wasm_f32x4_sub(zr[a0], xr), y1i = wasm_f32x4_sub(zi[a0], xi);
        xr = CMUL_RE4(zr[a3], zi[a3], w1r, w1i);
        xi = CMUL_IM4(zr[a3], zi[a3], w1r, w1i);
        v128_t y2r = wasm_f32x4_add(zr[a2], xr), y2i = wasm_f32x4_add(zi[a2], xi);
        v128_t y3r = wasm_f32x4_sub(zr[a2], xr), y3i = wasm_f32x4_sub(zi[a2], xi);
        v128_t ur = CMUL_RE4(y2r, y2i, w2r, w2i), ui = CMUL_IM4(y2r, y2i, w2r, w2i);
        /* w_{2h}^{k+h} = −i · w_{2h}^k */
        v128_t vr = wasm_f32x4_add(wasm_f32x4_mul(y3r, w2i), wasm_f32x4_mul(y3i, w2r));
        v128_t vi = wasm_f32x4_neg(CMUL_RE4(y3r, y3i, w2r, w2i));
        zr[a0] = wasm_f32x4_add(y0r, ur);
        zi[a0] = wasm_f32x4_add(y0i, ui);
        zr[a2] = wasm_f32x4_sub(y0r, ur);
        zi[a2] = wasm_f32x4_sub(y0i, ui);
        zr[a1] = wasm_f32x4_add(y1r, vr);
        zi[a1] = wasm_f32x4_add(y1i, vi);
        zr[a3] = wasm_f32x4_sub(y1r, vr);
        zi[a3] = wasm_f32x4_sub(y1i, vi);
      }
    }
  }
  if (h < m) {
    const float *t1 = tw + 2 * (h - 1);
    for (int k = 0; k < h; k++) {
      v128_t wr = wasm_f32x4_splat(t1[2 * k]), wi = wasm_f32x4_splat(t1[2 * k + 1]);
      for (int a = k; a < m; a += 2 * h) {
        int b = a + h;
        v128_t xr = CMUL_RE4(zr[b], zi[b], wr, wi), xi = CMUL_IM4(zr[b], zi[b], wr, wi);
        zr[b] = wasm_f32x4_sub(zr[a], xr);
        zi[b] = wasm_f32x4_sub(zi[a], xi);
        zr[a] = wasm_f32x4_add(zr[a], xr);
        zi[a] = wasm_f32x4_add(zi[a], xi);
      }
    }
  }
}

/*
 * One CQT octave: for frames t = 0 … frames−1 starting at sample t·hop − n/2 (centred, zero padded), the real FFT
 * of n samples (rectangular window), bins lo … hi, then out[j][t] = Σ_m w[m] · X_t[lo + bins[m]] over filter j's
 * coefficients start[j] … start[j+1]−1.
 *
 * Tables: rev[m/2] (bit reversal of the m = n/2 point complex FFT), tw[2m] (stage twiddles as (cos, −sin) pairs at
 * 2(h−1+k)), post[2(m+1)] ((cos, sin) of 2πk/n). Scratch: zr, zi (m v128 each), br, bi (hi−lo+1 v128 each).
 */
EXPORT(cqt_octave)
void cqt_octave(const float *x, int len, int n, int hop, int frames, const uint32_t *rev, const float *tw,
                const float *post, int lo, int hi, int rows, const int32_t *start, const int32_t *bins,
                const float *wr, const float *wi, float *outRe, float *outIm, v128_t *zr, v128_t *zi, v128_t *br,
                v128_t *bi) {
  int m = n >> 1, q = m >> 1, half = n >> 1;
  const v128_t halfv = wasm_f32x4_splat(0.5f);
  for (int t = 0; t < frames; t += 4) {
    int off = t * hop - half;
    int inside = off >= 0 && off + 3 * hop + n <= len;
    for (int k = 0; k < q; k++) {
      int i = off + 2 * k;
      v128_t ar = gather4(x, len, i, hop, inside), ai = gather4(x, len, i + 1, hop, inside);
      v128_t cr = gather4(x, len, i + half, hop, inside), ci = gather4(x, len, i + half + 1, hop, inside);
      uint32_t r = rev[k];
      zr[r] = wasm_f32x4_add(ar, cr);
      zi[r] = wasm_f32x4_add(ai, ci);
      zr[r + 1] = wasm_f32x4_sub(ar, cr);
      zi[r + 1] = wasm_f32x4_sub(ai, ci);
    }
    butterflies4(zr, zi, m, tw);
    /* Real-FFT post-processing, for the band only. */
    for (int k = lo; k <= hi; k++) {
      v128_t xr, xi;
      if (k == 0 || k == m) {
        xr = k == 0 ? wasm_f32x4_add(zr[0], zi[0]) : wasm_f32x4_sub(zr[0], zi[0]);
        xi = wasm_f32x4_splat(0.0f);
      } else {
        int k2 = m - k;
        v128_t ar = zr[k], ai = zi[k], cr = zr[k2], ci = wasm_f32x4_neg(zi[k2]);
        v128_t er = wasm_f32x4_mul(halfv, wasm_f32x4_add(ar, cr)), ei = wasm_f32x4_mul(halfv, wasm_f32x4_add(ai, ci));
        v128_t or_ = wasm_f32x4_mul(halfv, wasm_f32x4_sub(ai, ci));
        v128_t oi = wasm_f32x4_neg(wasm_f32x4_mul(halfv, wasm_f32x4_sub(ar, cr)));
        v128_t cs = wasm_f32x4_splat(post[2 * k]), sn = wasm_f32x4_splat(-post[2 * k + 1]);
        xr = wasm_f32x4_add(er, CMUL_RE4(or_, oi, cs, sn));
        xi = wasm_f32x4_add(ei, CMUL_IM4(or_, oi, cs, sn));
      }
      br[k - lo] = xr;
      bi[k - lo] = xi;
    }
    /* Sparse filters. */
    int lanes = frames - t < 4 ? frames - t : 4;
    for (int j = 0; j < rows; j++) {
      v128_t sr = wasm_f32x4_splat(0.0f), si = wasm_f32x4_splat(0.0f);
      for (int c = start[j]; c < start[j + 1]; c++) {
        v128_t a = wasm_f32x4_splat(wr[c]), b = wasm_f32x4_splat(wi[c]);
        v128_t vr = br[bins[c]], vi = bi[bins[c]];
        sr = wasm_f32x4_add(sr, CMUL_RE4(a, b, vr, vi));
        si = wasm_f32x4_add(si, CMUL_IM4(a, b, vr, vi));
      }
      float lr[4], li[4];
      wasm_v128_store(lr, sr);
      wasm_v128_store(li, si);
      for (int l = 0; l < lanes; l++) {
        outRe[j * frames + t + l] = lr[l];
        outIm[j * frames + t + l] = li[l];
      }
    }
  }
}

/* ------------------------------------------------------------------------------------------------ float64 × 2 -- */

static inline double sample64(const float *x, int len, int i) { return i >= 0 && i < len ? (double)x[i] : 0.0; }

#define CMUL_RE2(ar, ai, br, bi) wasm_f64x2_sub(wasm_f64x2_mul(ar, br), wasm_f64x2_mul(ai, bi))
#define CMUL_IM2(ar, ai, br, bi) wasm_f64x2_add(wasm_f64x2_mul(ar, bi), wasm_f64x2_mul(ai, br))

/* Complex FFT of size m on 2 lanes, input already bit-reversed and through the size-2 butterflies. */
static void butterflies2(v128_t *zr, v128_t *zi, int m, const double *tw) {
  int h = 2;
  for (; 4 * h <= m; h <<= 2) {
    const double *t1 = tw + 2 * (h - 1), *t2 = tw + 2 * (2 * h - 1);
    for (int k = 0; k < h; k++) {
      v128_t w1r = wasm_f64x2_splat(t1[2 * k]), w1i = wasm_f64x2_splat(t1[2 * k + 1]);
      v128_t w2r = wasm_f64x2_splat(t2[2 * k]), w2i = wasm_f64x2_splat(t2[2 * k + 1]);
      for (int a0 = k; a0 < m; a0 += 4 * h) {
        int a1 = a0 + h, a2 = a1 + h, a3 = a2 + h;
        v128_t xr = CMUL_RE2(zr[a1], zi[a1], w1r, w1i), xi = CMUL_IM2(zr[a1], zi[a1], w1r, w1i);
        v128_t y0r = wasm_f64x2_add(zr[a0], xr), y0i = wasm_f64x2_add(zi[a0], xi);
        v128_t y1r = wasm_f64x2_sub(zr[a0], xr), y1i = wasm_f64x2_sub(zi[a0], xi);
        xr = CMUL_RE2(zr[a3], zi[a3], w1r, w1i);
        xi = CMUL_IM2(zr[a3], zi[a3], w1r, w1i);
        v128_t y2r = wasm_f64x2_add(zr[a2], xr), y2i = wasm_f64x2_add(zi[a2], xi);
        v128_t y3r = wasm_f64x2_sub(zr[a2], xr), y3i = wasm_f64x2_sub(zi[a2], xi);
        v128_t ur = CMUL_RE2(y2r, y2i, w2r, w2i), ui = CMUL_IM2(y2r, y2i, w2r, w2i);
        v128_t vr = wasm_f64x2_add(wasm_f64x2_mul(y3r, w2i), wasm_f64x2_mul(y3i, w2r));
        v128_t vi = wasm_f64x2_neg(CMUL_RE2(y3r, y3i, w2r, w2i));
        zr[a0] = wasm_f64x2_add(y0r, ur);
        zi[a0] = wasm_f64x2_add(y0i, ui);
        zr[a2] = wasm_f64x2_sub(y0r, ur);
        zi[a2] = wasm_f64x2_sub(y0i, ui);
        zr[a1] = wasm_f64x2_add(y1r, vr);
        zi[a1] = wasm_f64x2_add(y1i, vi);
        zr[a3] = wasm_f64x2_sub(y1r, vr);
        zi[a3] = wasm_f64x2_sub(y1i, vi);
      }
    }
  }
  if (h < m) {
    const double *t1 = tw + 2 * (h - 1);
    for (int k = 0; k < h; k++) {
      v128_t wr = wasm_f64x2_splat(t1[2 * k]), wi = wasm_f64x2_splat(t1[2 * k + 1]);
      for (int a = k; a < m; a += 2 * h) {
        int b = a + h;
        v128_t xr = CMUL_RE2(zr[b], zi[b], wr, wi), xi = CMUL_IM2(zr[b], zi[b], wr, wi);
        zr[b] = wasm_f64x2_sub(zr[a], xr);
        zi[b] = wasm_f64x2_sub(zi[a], xi);
        zr[a] = wasm_f64x2_add(zr[a], xr);
        zi[a] = wasm_f64x2_add(zi[a], xi);
      }
    }
  }
}

static inline v128_t gather2(const float *x, int len, int i, int hop, int inside) {
  if (inside) return wasm_f64x2_make((double)x[i], (double)x[i + hop]);
  return wasm_f64x2_make(sample64(x, len, i), sample64(x, len, i + hop));
}

/*
 * Power and magnitude spectra of the centred (zero-padded), windowed STFT frames of x, float64, frame-major:
 * power[t·(n/2+1) + k] = |X_t[k]|², mag[…] = |X_t[k]|, for t = 0 … frames−1 starting at sample t·hop − n/2.
 * Tables as cqt_octave's but float64; window[n]. Scratch: zr, zi (m v128 each).
 */
EXPORT(stft_power)
void stft_power(const float *x, int len, int n, int hop, int frames, const double *window, const uint32_t *rev,
                const double *tw, const double *post, double *power, double *mag, v128_t *zr, v128_t *zi) {
  int m = n >> 1, q = m >> 1, half = n >> 1, bins = m + 1;
  const v128_t halfv = wasm_f64x2_splat(0.5);
  for (int t = 0; t < frames; t += 2) {
    int off = t * hop - half;
    int inside = off >= 0 && off + hop + n <= len;
    for (int k = 0; k < q; k++) {
      int i = off + 2 * k, j = 2 * k;
      v128_t ar = wasm_f64x2_mul(gather2(x, len, i, hop, inside), wasm_f64x2_splat(window[j]));
      v128_t ai = wasm_f64x2_mul(gather2(x, len, i + 1, hop, inside), wasm_f64x2_splat(window[j + 1]));
      v128_t cr = wasm_f64x2_mul(gather2(x, len, i + half, hop, inside), wasm_f64x2_splat(window[j + half]));
      v128_t ci = wasm_f64x2_mul(gather2(x, len, i + half + 1, hop, inside), wasm_f64x2_splat(window[j + half + 1]));
      uint32_t r = rev[k];
      zr[r] = wasm_f64x2_add(ar, cr);
      zi[r] = wasm_f64x2_add(ai, ci);
      zr[r + 1] = wasm_f64x2_sub(ar, cr);
      zi[r + 1] = wasm_f64x2_sub(ai, ci);
    }
    butterflies2(zr, zi, m, tw);
    int two = frames - t > 1;
    double *p0 = power + (size_t)t * bins, *g0 = mag + (size_t)t * bins;
    for (int k = 0; k <= m; k++) {
      v128_t xr, xi;
      if (k == 0 || k == m) {
        xr = k == 0 ? wasm_f64x2_add(zr[0], zi[0]) : wasm_f64x2_sub(zr[0], zi[0]);
        xi = wasm_f64x2_splat(0.0);
      } else {
        int k2 = m - k;
        v128_t ar = zr[k], ai = zi[k], cr = zr[k2], ci = wasm_f64x2_neg(zi[k2]);
        v128_t er = wasm_f64x2_mul(halfv, wasm_f64x2_add(ar, cr)), ei = wasm_f64x2_mul(halfv, wasm_f64x2_add(ai, ci));
        v128_t or_ = wasm_f64x2_mul(halfv, wasm_f64x2_sub(ai, ci));
        v128_t oi = wasm_f64x2_neg(wasm_f64x2_mul(halfv, wasm_f64x2_sub(ar, cr)));
        v128_t cs = wasm_f64x2_splat(post[2 * k]), sn = wasm_f64x2_splat(-post[2 * k + 1]);
        /* (e + o·w) − o'·w', left to right, as _fft.ts evaluates it. */
        xr = wasm_f64x2_sub(wasm_f64x2_add(er, wasm_f64x2_mul(or_, cs)), wasm_f64x2_mul(oi, sn));
        xi = wasm_f64x2_add(wasm_f64x2_add(ei, wasm_f64x2_mul(or_, sn)), wasm_f64x2_mul(oi, cs));
      }
      v128_t p = wasm_f64x2_add(wasm_f64x2_mul(xr, xr), wasm_f64x2_mul(xi, xi));
      v128_t g = wasm_f64x2_sqrt(p);
      p0[k] = wasm_f64x2_extract_lane(p, 0);
      g0[k] = wasm_f64x2_extract_lane(g, 0);
      if (two) {
        p0[bins + k] = wasm_f64x2_extract_lane(p, 1);
        g0[bins + k] = wasm_f64x2_extract_lane(g, 1);
      }
    }
  }
}

/*
 * out[r][t] = Σ_k W[r][k] · S[t][k] for a frame-major S ([frames][bins], float64) and W by rows: row r's non-zero
 * weights are weight2[c] (each duplicated into both lanes) at bins col[c], c = rowStart[r] … rowStart[r+1]−1. Two
 * frames per vector, interleaved once per pair into pair[k]; each sum runs over k in increasing order, as matmul in
 * matrix.ts does, so the results are the same bit for bit. Scratch: pair (bins v128).
 */
EXPORT(project_frames)
void project_frames(const double *S, int frames, int bins, const int32_t *rowStart, const int32_t *col,
                    const v128_t *weight2, int rows, double *out, v128_t *pair) {
  for (int t = 0; t < frames; t += 2) {
    int two = frames - t > 1;
    const double *s0 = S + (size_t)t * bins, *s1 = two ? s0 + bins : s0;
    for (int k = 0; k < bins; k++) pair[k] = wasm_f64x2_make(s0[k], s1[k]);
    for (int r = 0; r < rows; r++) {
      v128_t acc = wasm_f64x2_splat(0.0);
      for (int c = rowStart[r]; c < rowStart[r + 1]; c++) {
        acc = wasm_f64x2_add(acc, wasm_f64x2_mul(weight2[c], pair[col[c]]));
      }
      out[(size_t)r * frames + t] = wasm_f64x2_extract_lane(acc, 0);
      if (two) out[(size_t)r * frames + t + 1] = wasm_f64x2_extract_lane(acc, 1);
    }
  }
}

/* ------------------------------------------------------------------------------------ per-frame scalar kernels -- */
/* Ports of the JavaScript kernels for data that already lives here, evaluated in the same order (same bits). */

/*
 * Spectral contrast's peaks and valleys (spectral_contrast.ts): for band b and frame t, the means of the q[b] largest
 * and q[b] smallest of mag[t][lo[b] … lo[b] + n[b] − 1], the q kept sorted by insertion and summed in sorted order.
 * Scratch: low, high (max q doubles each).
 */
EXPORT(contrast_frames)
void contrast_frames(const double *mag, int frames, int bins, int bands, const int32_t *lo, const int32_t *n,
                     const int32_t *q, double *peak, double *valley, double *low, double *high) {
  for (int b = 0; b < bands; b++) {
    int qb = q[b], nb = n[b];
    for (int t = 0; t < frames; t++) {
      const double *x = mag + (size_t)t * bins + lo[b];
      int nl = 0, nh = 0;
      for (int i = 0; i < nb; i++) {
        double v = x[i];
        if (nl < qb || v < low[nl - 1]) {
          int j = nl < qb ? nl++ : nl - 1;
          while (j > 0 && low[j - 1] > v) { low[j] = low[j - 1]; j--; }
          low[j] = v;
        }
        if (nh < qb || v > high[nh - 1]) {
          int j = nh < qb ? nh++ : nh - 1;
          while (j > 0 && high[j - 1] < v) { high[j] = high[j - 1]; j--; }
          high[j] = v;
        }
      }
      double sv = 0, sp = 0;
      for (int i = 0; i < qb; i++) {
        sv += low[i];
        sp += high[i];
      }
      valley[(size_t)b * frames + t] = sv / qb;
      peak[(size_t)b * frames + t] = sp / qb;
    }
  }
}

/* Roll-off bin per frame (spectral_rolloff.ts): the first k whose cumulative magnitude reaches percent × total, or −1. */
EXPORT(rolloff_frames)
void rolloff_frames(const double *mag, int frames, int bins, double percent, int32_t *out) {
  for (int t = 0; t < frames; t++) {
    const double *x = mag + (size_t)t * bins;
    double total = 0;
    for (int k = 0; k < bins; k++) total += x[k];
    double threshold = percent * total, acc = 0;
    out[t] = -1;
    for (int k = 0; k < bins; k++) {
      acc += x[k];
      if (acc >= threshold) {
        out[t] = k;
        break;
      }
    }
  }
}

/*
 * piptrack's peaks (piptrack.ts forEachPeak) with a positive pitch: pitch[i] in Hz and magnitude mag[i]; returns
 * their count. Scratch: col, masked (bins doubles each).
 */
EXPORT(piptrack_peaks)
int piptrack_peaks(const double *S, int frames, int bins, int kLo, int kHi, double threshold, double sr, double nfft,
                   double *pitch, double *mag, double *col, double *masked) {
  int count = 0;
  int m0 = kLo - 1 > 0 ? kLo - 1 : 0, m1 = kHi + 1 < bins - 1 ? kHi + 1 : bins - 1;
  for (int t = 0; t < frames; t++) {
    const double *s = S + (size_t)t * bins;
    double max = 0;
    for (int k = 0; k < bins; k++) {
      double v = __builtin_fabs(s[k]);
      col[k] = v;
      if (v > max) max = v;
    }
    double ref = threshold * max;
    for (int k = m0; k <= m1; k++) masked[k] = col[k] > ref ? col[k] : 0;
    for (int k = kLo; k <= kHi; k++) {
      double v = masked[k];
      if (!(k == bins - 1 ? v > masked[k - 1] : v > masked[k - 1] && v >= masked[k + 1])) continue;
      double shift = 0, grad;
      if (k < bins - 1) {
        double a = col[k + 1] + col[k - 1] - 2 * col[k];
        double b = (col[k + 1] - col[k - 1]) / 2;
        shift = __builtin_fabs(b) >= __builtin_fabs(a) ? 0 : -b / a;
        grad = b;
      } else {
        grad = col[k] - col[k - 1];
      }
      double p = (k + shift) * sr / nfft;
      if (p > 0) {
        pitch[count] = p;
        mag[count] = col[k] + 0.5 * grad * shift;
        count++;
      }
    }
  }
  return count;
}

/*
 * YIN's autocorrelation by FFT for frames of x, float64, two frames per vector, as yin.ts computes it (bit for bit):
 * frame t is x[t·hop − pad …] (zeros outside x), z = frame + i·r with r[k] = frame[W − k] for k < W (else 0), Z = FFT(z),
 * P[k] = X[k]·R[k] conjugated, with X = (Z[k] + conj Z[L−k]) / 2 and R = (Z[k] − conj Z[L−k]) / 2i, and
 * out[t·taus + τ] = Re FFT(P)[W + τ] (= L · acf(τ)), τ = 0 … taus − 1. rev and tw are ComplexFft(L)'s tables.
 * Scratch: zr, zi, pr, pi (L v128 each).
 */
EXPORT(yin_acf)
void yin_acf(const float *x, int len, int L, int W, int hop, int pad, int frames, int taus, const uint32_t *rev,
             const double *tw, double *out, v128_t *zr, v128_t *zi, v128_t *pr, v128_t *pi) {
  int half = L >> 1;
  const v128_t zero = wasm_f64x2_splat(0.0), h = wasm_f64x2_splat(0.5), mh = wasm_f64x2_splat(-0.5);
  for (int t = 0; t < frames; t += 2) {
    int s0 = t * hop - pad, s1 = s0 + hop;
    for (int k = 0; k < half; k++) {
      int k2 = k + half;
      v128_t ar = wasm_f64x2_make(sample64(x, len, s0 + k), sample64(x, len, s1 + k));
      v128_t br = wasm_f64x2_make(sample64(x, len, s0 + k2), sample64(x, len, s1 + k2));
      v128_t ai = k < W ? wasm_f64x2_make(sample64(x, len, s0 + W - k), sample64(x, len, s1 + W - k)) : zero;
      v128_t bi = k2 < W ? wasm_f64x2_make(sample64(x, len, s0 + W - k2), sample64(x, len, s1 + W - k2)) : zero;
      uint32_t r = rev[k];
      zr[r] = wasm_f64x2_add(ar, br);
      zi[r] = wasm_f64x2_add(ai, bi);
      zr[r + 1] = wasm_f64x2_sub(ar, br);
      zi[r + 1] = wasm_f64x2_sub(ai, bi);
    }
    butterflies2(zr, zi, L, tw);
    for (int k = 0; k < L; k++) {
      int m = (L - k) % L;
      v128_t ar = wasm_f64x2_mul(h, wasm_f64x2_add(zr[k], zr[m])), ai = wasm_f64x2_mul(h, wasm_f64x2_sub(zi[k], zi[m]));
      v128_t br = wasm_f64x2_mul(h, wasm_f64x2_add(zi[k], zi[m])), bi = wasm_f64x2_mul(mh, wasm_f64x2_sub(zr[k], zr[m]));
      pr[k] = CMUL_RE2(ar, ai, br, bi);
      pi[k] = wasm_f64x2_neg(CMUL_IM2(ar, ai, br, bi));
    }
    for (int k = 0; k < half; k++) {
      uint32_t r = rev[k];
      v128_t ar = pr[k], ai = pi[k], br = pr[k + half], bi = pi[k + half];
      zr[r] = wasm_f64x2_add(ar, br);
      zi[r] = wasm_f64x2_add(ai, bi);
      zr[r + 1] = wasm_f64x2_sub(ar, br);
      zi[r + 1] = wasm_f64x2_sub(ai, bi);
    }
    butterflies2(zr, zi, L, tw);
    double *o = out + (size_t)t * taus;
    int two = frames - t > 1;
    for (int tau = 0; tau < taus; tau++) {
      o[tau] = wasm_f64x2_extract_lane(zr[W + tau], 0);
      if (two) o[taus + tau] = wasm_f64x2_extract_lane(zr[W + tau], 1);
    }
  }
}
