/* The WebAssembly build of libsoxr 0.1.3 (`./ser build-simd --soxr DIR`): the entry points this project calls, and
 * the float FFT's callback table for soxr's 32-bit engine.
 *
 * resample_hq() makes python-soxr's resample() call sequence, as lib/audio/_soxr_ffi.ts does with the native
 * library: float32 mono, soxr_create() with its defaults (HQ, one thread), the input fed in blocks of
 * max(1000, 48000 × in/out) frames, then a flush.
 *
 * The table replaces the library's own (fft4g32.c), whose entries are cast to the types they are called through:
 * native code tolerates that, WebAssembly checks every indirect call's signature. Each entry here has the exact type.
 */
#include <stdlib.h>
#include "soxr.h"

__attribute__((export_name("alloc"))) void *wasm_alloc(size_t n) { return malloc(n); }
__attribute__((export_name("release"))) void wasm_release(void *p) { free(p); }

/* Resample x (ilen samples at in_rate) into y (capacity olen); returns the samples written, or -1 on error. */
__attribute__((export_name("resample_hq")))
long resample_hq(const float *x, size_t ilen, double in_rate, double out_rate, float *y, size_t olen) {
  soxr_error_t err = 0;
  soxr_t h = soxr_create(in_rate, out_rate, 1, &err, NULL, NULL, NULL);
  if (err || !h) return -1;
  size_t block = (size_t)(48000.0 * in_rate / out_rate), at = 0, done = 0;
  if (block < 1000) block = 1000;
  for (size_t i = 0; i < ilen; i += block) {
    size_t n = ilen - i < block ? ilen - i : block;
    if (soxr_process(h, x + i, n, NULL, y + at, olen - at, &done)) { soxr_delete(h); return -1; }
    at += done;
  }
  if (soxr_process(h, NULL, 0, NULL, y + at, olen - at, &done)) { soxr_delete(h); return -1; }
  at += done;
  soxr_delete(h);
  return (long)at;
}

/* The float FFT, compiled here (fft4g.c with FFT4G_FLOAT turns every `double` below into `float`). */
#include "filter.h"
#define FFT4G_FLOAT
#include "fft4g.c"
#include "rdft_t.h"

static void *no_setup(int length) { (void)length; return 0; }
static void no_delete(void *setup) { (void)setup; }
static void forward(int length, void *setup, void *h, void *scratch) {
  (void)setup; (void)scratch; lsx_safe_rdft_f(length, 1, h);
}
static void backward(int length, void *setup, void *h, void *scratch) {
  (void)setup; (void)scratch; lsx_safe_rdft_f(length, -1, h);
}
static int multiplier(void) { return 2; }
static void no_reorder(int length, void *setup, void *h, void *scratch) {
  (void)length; (void)setup; (void)h; (void)scratch;
}
static int flags(void) { return 0; }

fn_t _soxr_rdft32_cb[] = {
  (fn_t)no_setup, (fn_t)no_setup, (fn_t)no_delete, (fn_t)forward, (fn_t)forward, (fn_t)backward, (fn_t)backward,
  (fn_t)_soxr_ordered_convolve_f, (fn_t)_soxr_ordered_partial_convolve_f, (fn_t)multiplier, (fn_t)no_reorder,
  (fn_t)malloc, (fn_t)calloc, (fn_t)free, (fn_t)flags,
};
