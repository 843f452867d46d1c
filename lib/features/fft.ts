/**
 * Radix-2 FFTs on Float64Array: an in-place complex transform and a real-input transform that runs
 * one complex FFT of half the size (the standard "pack even/odd samples" method).
 *
 * Plans are cached per size, so repeated frames reuse twiddles and the bit-reversal table.
 *
 * @module
 */

/** In-place iterative radix-2 complex FFT of a fixed power-of-two size. */
export class ComplexFft {
  readonly n: number;
  readonly #rev: Uint32Array;
  /** Twiddles laid out stage after stage, so each stage reads its table sequentially. */
  readonly #tw: Float64Array;

  constructor(n: number) {
    if (n < 1 || (n & (n - 1)) !== 0) throw new RangeError(`FFT size must be a power of two: received ${n}`);
    this.n = n;
    const bits = Math.round(Math.log2(n));
    this.#rev = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0, x = i; b < bits; b++, x >>= 1) r = (r << 1) | (x & 1);
      this.#rev[i] = r;
    }
    // Stage with half-size h uses w_k = e^{−iπk/h}, k < h, stored as (cos, sin) pairs at offset 2(h − 1).
    this.#tw = new Float64Array(2 * Math.max(1, n));
    for (let h = 1; h < n; h <<= 1) {
      for (let k = 0; k < h; k++) {
        this.#tw[2 * (h - 1 + k)] = Math.cos((Math.PI * k) / h);
        this.#tw[2 * (h - 1 + k) + 1] = -Math.sin((Math.PI * k) / h);
      }
    }
  }

  /** Bit-reversal permutation of the indices. Internal; do not mutate. */
  get bitReversal(): Uint32Array {
    return this.#rev;
  }

  /** Stage twiddles as (cos, −sin) pairs, stage h's at offset 2(h − 1). Internal; do not mutate. */
  get twiddles(): Float64Array {
    return this.#tw;
  }

  /** Forward transform `X[k] = Σ x[n] e^{−2πikn/N}`, in place. */
  transform(re: Float64Array, im: Float64Array): void {
    const n = this.n, rev = this.#rev;
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (j > i) {
        let t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    // First stage: butterflies of size 2 need no multiplication.
    for (let a = 0; a + 1 < n; a += 2) {
      const xr = re[a + 1], xi = im[a + 1];
      re[a + 1] = re[a] - xr;
      im[a + 1] = im[a] - xi;
      re[a] += xr;
      im[a] += xi;
    }
    this.butterflies(re, im);
  }

  /**
   * The stages after the first, in place: for input already bit-reversed and through the size-2 butterflies
   * (which {@linkcode RealFft} does while packing its input, saving two passes).
   */
  butterflies(re: Float64Array, im: Float64Array): void {
    const n = this.n, tw = this.#tw;
    // Remaining stages two at a time (radix 2²): stage h then stage 2h on each group of 4h points.
    let h = 2;
    for (; 4 * h <= n; h <<= 2) {
      const b1 = 2 * (h - 1), b2 = 2 * (2 * h - 1);
      for (let k = 0; k < h; k++) {
        const w1r = tw[b1 + 2 * k], w1i = tw[b1 + 2 * k + 1];
        const w2r = tw[b2 + 2 * k], w2i = tw[b2 + 2 * k + 1];
        for (let a0 = k; a0 < n; a0 += 4 * h) {
          const a1 = a0 + h, a2 = a1 + h, a3 = a2 + h;
          let xr = re[a1] * w1r - im[a1] * w1i, xi = re[a1] * w1i + im[a1] * w1r;
          const y0r = re[a0] + xr, y0i = im[a0] + xi, y1r = re[a0] - xr, y1i = im[a0] - xi;
          xr = re[a3] * w1r - im[a3] * w1i;
          xi = re[a3] * w1i + im[a3] * w1r;
          const y2r = re[a2] + xr, y2i = im[a2] + xi, y3r = re[a2] - xr, y3i = im[a2] - xi;
          const ur = y2r * w2r - y2i * w2i, ui = y2r * w2i + y2i * w2r;
          // w_{2h}^{k+h} = −i · w_{2h}^k
          const vr = y3r * w2i + y3i * w2r, vi = -(y3r * w2r - y3i * w2i);
          re[a0] = y0r + ur;
          im[a0] = y0i + ui;
          re[a2] = y0r - ur;
          im[a2] = y0i - ui;
          re[a1] = y1r + vr;
          im[a1] = y1i + vi;
          re[a3] = y1r - vr;
          im[a3] = y1i - vi;
        }
      }
    }
    if (h < n) {
      const base = 2 * (h - 1);
      for (let k = 0; k < h; k++) {
        const wr = tw[base + 2 * k], wi = tw[base + 2 * k + 1];
        for (let a = k; a < n; a += 2 * h) {
          const b = a + h;
          const br = re[b], bi = im[b];
          const xr = br * wr - bi * wi;
          const xi = br * wi + bi * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }
}

/** Real-input FFT of a fixed even power-of-two size, returning the `n / 2 + 1` non-negative frequencies. */
export class RealFft {
  readonly n: number;
  readonly #half: ComplexFft;
  readonly #zr: Float64Array;
  readonly #zi: Float64Array;
  readonly #cos: Float64Array;
  readonly #sin: Float64Array;

  constructor(n: number) {
    if (n < 2 || (n & (n - 1)) !== 0) throw new RangeError(`real FFT size must be a power of two ≥ 2: received ${n}`);
    this.n = n;
    const m = n >> 1;
    this.#half = new ComplexFft(m);
    this.#zr = new Float64Array(m);
    this.#zi = new Float64Array(m);
    this.#cos = new Float64Array(m + 1);
    this.#sin = new Float64Array(m + 1);
    for (let k = 0; k <= m; k++) {
      this.#cos[k] = Math.cos((2 * Math.PI * k) / n);
      this.#sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
  }

  /** The complex FFT of half the size that this transform runs. Internal. */
  get half(): ComplexFft {
    return this.#half;
  }

  /** cos and sin of 2πk/n for k = 0 … n/2, used to untangle the packed halves. Internal; do not mutate. */
  get postTwiddles(): { cos: Float64Array; sin: Float64Array } {
    return { cos: this.#cos, sin: this.#sin };
  }

  /**
   * Transform `x[offset … offset + n)` (times `window`, when given) into `re`/`im` of length ≥ `n / 2 + 1`.
   * Samples past the end of `x` count as zero.
   */
  forward(x: ArrayLike<number>, re: Float64Array, im: Float64Array, offset = 0, window?: Float64Array): void {
    const m = this.n >> 1, zr = this.#zr, zi = this.#zi;
    const len = x.length, q = m >> 1, rev = this.#half.bitReversal;
    // Pack z[k] = x[2k] + i·x[2k+1] straight into bit-reversed order, doing the first (size-2) butterflies on the way:
    // z[k] and z[k + m/2] land next to each other, at rev[k] and rev[k] + 1.
    if (m < 2) {
      zr[0] = offset >= 0 && offset < len ? x[offset] * (window ? window[0] : 1) : 0;
      zi[0] = offset + 1 >= 0 && offset + 1 < len ? x[offset + 1] * (window ? window[1] : 1) : 0;
    } else if (offset >= 0 && offset + this.n <= len) {
      const h = this.n >> 1; // sample distance between z[k] and z[k + m/2]
      if (window) {
        for (let k = 0, i = offset; k < q; k++, i += 2) {
          const ar = x[i] * window[2 * k], ai = x[i + 1] * window[2 * k + 1];
          const br = x[i + h] * window[2 * k + h], bi = x[i + h + 1] * window[2 * k + h + 1];
          const r = rev[k];
          zr[r] = ar + br;
          zi[r] = ai + bi;
          zr[r + 1] = ar - br;
          zi[r + 1] = ai - bi;
        }
      } else {
        for (let k = 0, i = offset; k < q; k++, i += 2) {
          const ar = x[i], ai = x[i + 1], br = x[i + h], bi = x[i + h + 1];
          const r = rev[k];
          zr[r] = ar + br;
          zi[r] = ai + bi;
          zr[r + 1] = ar - br;
          zi[r + 1] = ai - bi;
        }
      }
    } else {
      const at = (j: number) => {
        const i = offset + j;
        return i >= 0 && i < len ? x[i] * (window ? window[j] : 1) : 0;
      };
      const h = this.n >> 1;
      for (let k = 0; k < q; k++) {
        const ar = at(2 * k), ai = at(2 * k + 1), br = at(2 * k + h), bi = at(2 * k + h + 1);
        const r = rev[k];
        zr[r] = ar + br;
        zi[r] = ai + bi;
        zr[r + 1] = ar - br;
        zi[r + 1] = ai - bi;
      }
    }
    this.#half.butterflies(zr, zi);
    const cs = this.#cos, sn = this.#sin;
    re[0] = zr[0] + zi[0];
    im[0] = 0;
    re[m] = zr[0] - zi[0];
    im[m] = 0;
    for (let k = 1; k < m; k++) {
      const k2 = m - k;
      const ar = zr[k], ai = zi[k], br = zr[k2], bi = -zi[k2];
      // Even part E = (Z[k] + conj Z[m−k]) / 2, odd part O = (Z[k] − conj Z[m−k]) / 2i.
      const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
      const or = 0.5 * (ai - bi), oi = -0.5 * (ar - br);
      const wr = cs[k], wi = -sn[k];
      re[k] = er + or * wr - oi * wi;
      im[k] = ei + or * wi + oi * wr;
    }
  }
}

const realPlans = new Map<number, RealFft>();
const complexPlans = new Map<number, ComplexFft>();

/** Cached real FFT plan for size `n`. */
export function realFft(n: number): RealFft {
  let p = realPlans.get(n);
  if (!p) realPlans.set(n, p = new RealFft(n));
  return p;
}

/** Cached complex FFT plan for size `n`. */
export function complexFft(n: number): ComplexFft {
  let p = complexPlans.get(n);
  if (!p) complexPlans.set(n, p = new ComplexFft(n));
  return p;
}
