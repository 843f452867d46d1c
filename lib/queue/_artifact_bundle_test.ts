import assert from "node:assert/strict";
import { join } from "node:path";
import { bundleArtifacts, unpackArtifacts } from "./_artifact_bundle.ts";

Deno.test("an artifacts folder bundles to the same bytes every time and unpacks to the same files", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const src = join(tmp, "artifacts");
    await Deno.mkdir(join(src, "model"), { recursive: true });
    await Deno.writeTextFile(join(src, "model_metadata.json"), '{"family":"x"}');
    await Deno.writeFile(join(src, "model", "weights.bin"), new Uint8Array([1, 2, 3, 250]));
    const a = await bundleArtifacts(src);
    await Deno.utime(join(src, "model_metadata.json"), 1, 1); // dates do not change the bundle
    const b = await bundleArtifacts(src);
    assert.equal(a.sha256, b.sha256);
    assert.deepEqual(a.bytes, b.bytes);
    const dir = await unpackArtifacts(a.bytes, a.sha256, join(tmp, "cache"));
    assert.equal(dir, join(tmp, "cache", a.sha256));
    assert.deepEqual(await Deno.readFile(join(dir, "model", "weights.bin")), new Uint8Array([1, 2, 3, 250]));
    assert.equal(await unpackArtifacts(a.bytes, a.sha256, join(tmp, "cache")), dir, "a second unpack reuses it");
    await assert.rejects(() => unpackArtifacts(a.bytes, "0".repeat(64), join(tmp, "cache")), /do not match/);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
