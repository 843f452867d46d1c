import assert from "node:assert/strict";
import { PickleError, readLabelEncoderPickle, readPickle, readScalerPickle } from "./read_pickle.ts";

const fixture = (name: string) => Deno.readFileSync(new URL(`../../../tests/fixtures/seed/${name}`, import.meta.url));
const reference = JSON.parse(new TextDecoder().decode(fixture("reference_predictions.json")));

/** A protocol-4 pickle built opcode by opcode: `module.name(arg)`, the shape every code-execution pickle takes. */
function callPickle(module: string, name: string, arg: string): Uint8Array {
  const enc = new TextEncoder();
  const str = (s: string) => [0x8c, enc.encode(s).length, ...enc.encode(s)]; // SHORT_BINUNICODE
  return new Uint8Array([0x80, 4, ...str(module), ...str(name), 0x93, ...str(arg), 0x85, 0x52, 0x2e]);
}

Deno.test("readScalerPickle() gives the seed scaler's mean_ and scale_ exactly (float64)", () => {
  const s = readScalerPickle(fixture("scaler.pkl"), "scaler.pkl");
  assert.equal(s.mean.length, 195);
  assert.deepEqual(s.mean.slice(0, 3), reference.scaler_mean_first3);
  assert.deepEqual(s.scale.slice(0, 3), reference.scaler_scale_first3);
});

Deno.test("readLabelEncoderPickle() gives the seed's classes in encoder order", () => {
  assert.deepEqual(readLabelEncoderPickle(fixture("label_encoder.pkl"), "label_encoder.pkl"), reference.classes);
});

Deno.test("a pickle naming any global outside the allow-list is refused by name, and nothing runs", async (t) => {
  for (const [module, name] of [["os", "system"], ["builtins", "eval"], ["subprocess", "Popen"], ["numpy", "load"]]) {
    await t.step(`${module}.${name}`, () => {
      assert.throws(
        () => readPickle(callPickle(module, name, "echo pwned"), "evil.pkl"),
        (e: Error) =>
          e instanceof PickleError && e.message === `evil.pkl: refuses the global "${module}.${name}": ` +
              "only scikit-learn's StandardScaler/LabelEncoder and numpy array reconstruction are allowed",
      );
    });
  }
});

Deno.test("truncated, foreign and wrong-class pickles get errors that say so", () => {
  const bytes = fixture("scaler.pkl");
  assert.throws(() => readPickle(bytes.subarray(0, 200), "cut.pkl"), /cut.pkl: not a readable pickle/);
  assert.throws(
    () => readScalerPickle(fixture("label_encoder.pkl"), "le.pkl"),
    /le.pkl: expected a pickled StandardScaler, found .*LabelEncoder/,
  );
  assert.throws(() => readLabelEncoderPickle(bytes, "s.pkl"), /s.pkl: expected a pickled LabelEncoder/);
});
