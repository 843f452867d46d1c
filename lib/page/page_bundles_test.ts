import assert from "node:assert/strict";
import { join } from "node:path";
import { buildPageBundles, BUNDLE_HEADER, PAGE_BUNDLES } from "./page_bundles.ts";

Deno.test("the committed page bundles are what ./ser build-page makes of lib/page/ now", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await buildPageBundles(dir);
    for (const bundle of Object.values(PAGE_BUNDLES)) {
      const fresh = await Deno.readTextFile(join(dir, bundle));
      const committed = await Deno.readTextFile(new URL(`../serve/static/${bundle}`, import.meta.url));
      assert.ok(committed.startsWith(BUNDLE_HEADER), `${bundle} starts with the build header`);
      assert.equal(committed, fresh, `lib/serve/static/${bundle} is stale: run ./ser build-page`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
