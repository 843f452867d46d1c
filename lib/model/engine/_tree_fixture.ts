/**
 * Private, for the tree tests: the RAVDESS rows of `tests/fixtures/svm_reference.json` (360 standardised training
 * clips, 120 test clips, 676 pooled features) and scikit-learn's trees on them (`tests/fixtures/forest_reference.json`,
 * written by `tools/forest_reference.py`).
 *
 * @module
 */
const fixture = (name: string) => new URL(`../../../tests/fixtures/${name}`, import.meta.url);
const rows = JSON.parse(await Deno.readTextFile(fixture("svm_reference.json")));
const f32 = (b64: string) => new Float32Array(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer);

/** scikit-learn's tree and forest on the rows (see `tools/forest_reference.py` for the fields). */
export const ref = JSON.parse(await Deno.readTextFile(fixture("forest_reference.json")));
/** Features per row, and classes. */
export const dim: number = rows.dim, K: number = rows.classes.length;
/** The training rows and labels. */
export const train = { x: f32(rows.train.x), y: Int32Array.from(rows.train.y as number[]) };
/** The test rows and their count. */
export const test = { x: f32(rows.test.x), n: (rows.test.y as number[]).length };

/** The arg max of each row of `p` (`[n, K]`); the lowest class on ties, as NumPy's. */
export const argmax = (p: Float32Array): number[] =>
  Array.from({ length: p.length / K }, (_, i) => {
    let best = 0;
    for (let k = 1; k < K; k++) if (p[i * K + k] > p[i * K + best]) best = k;
    return best;
  });
