/**
 * Private: order statistics by selection (O(n) on average) instead of sorting.
 *
 * @module
 */

/** `np.median`: the middle value, or the mean of the two middle values; by selection, reordering `values`. */
export function median(values: Float64Array): number {
  const n = values.length, h = n >> 1;
  const upper = select(values, h);
  if (n % 2) return upper;
  let lower = -Infinity; // the largest value left of the h-th: selection leaves all of them ≤ it
  for (let i = 0; i < h; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

/** Move the k-th smallest value of `a` to index k, smaller ones before it and larger ones after (Hoare's select). */
export function select(a: Float64Array, k: number): number {
  let lo = 0, hi = a.length - 1;
  while (hi > lo) {
    // Median of three as the pivot keeps sorted and reversed inputs linear.
    const mid = (lo + hi) >> 1;
    const x = a[lo], y = a[mid], z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}

/**
 * `np.percentile(values, p)` with linear interpolation, by selection instead of a sort (equal to the sorted form's
 * value; `values` is reordered). `p` in [0, 100]; 0 for an empty array.
 */
export function percentileBySelection(values: Float64Array, p: number): number {
  const n = values.length;
  if (n === 0) return 0;
  const r = (p / 100) * (n - 1), lo = Math.floor(r);
  const low = select(values, lo);
  let high = lo + 1 < n ? Infinity : low; // the smallest value right of the lo-th: selection leaves all of them ≥ it
  for (let i = lo + 1; i < n; i++) if (values[i] < high) high = values[i];
  return low + (r - lo) * (high - low);
}
