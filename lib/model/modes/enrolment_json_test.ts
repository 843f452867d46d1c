import assert from "node:assert/strict";
import { EnrolmentError, enrolmentFromJson, enrolmentToJson } from "./enrolment_json.ts";

const e = { featureSet: "pooled", mean: Float32Array.from([0.5, -1.25, 3e-7, 1e6]), clips: 3, seconds: 10.25 };

Deno.test("an enrolment survives its JSON exactly, and the JSON is small", () => {
  const j = enrolmentToJson(e);
  assert.equal(j.type, "ser.enrolment");
  assert.equal(j.mean.length, 24); // 16 bytes in base64
  const back = enrolmentFromJson(JSON.parse(JSON.stringify(j)), "pooled", 4);
  assert.deepEqual(back, e);
});

Deno.test("a wrong, tampered or foreign enrolment is refused, naming what is wrong", () => {
  const j = enrolmentToJson(e);
  const refused = (v: unknown, dim: number, re: RegExp) =>
    assert.throws(
      () => enrolmentFromJson(v, "pooled", dim),
      (x: unknown) => x instanceof EnrolmentError && re.test(x.message),
    );
  refused({ hello: 1 }, 4, /is not one/);
  refused(j, 5, /is for pooled features \(4\), but this model takes pooled \(5\)/);
  refused({ ...j, mean: "!!!" }, 4, /not base64/);
  refused({ ...j, mean: btoa("xx") }, 4, /holds 2 bytes, not 16/);
  const nan = enrolmentToJson({ ...e, mean: Float32Array.from([NaN, 0, 0, 0]) });
  refused(nan, 4, /not finite/);
  refused({ ...j, clips: 0 }, 4, /no valid clips/);
});
