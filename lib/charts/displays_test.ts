import assert from "node:assert/strict";
import { audioPlayer, dataTable } from "./displays.ts";

const show = (x: object) => (x as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();

Deno.test("dataTable() displays as escaped HTML and aligned text, and truncates long tables", () => {
  const t = dataTable([{ emotion: "a<b", count: 3, share: 0.12345 }, { emotion: "c", count: 1200, share: 0.5 }], {
    caption: "Counts",
    maxRows: 1,
  });
  const d = show(t);
  assert.match(d["text/html"], /<caption[^>]*>Counts<\/caption>/);
  assert.match(d["text/html"], /a&lt;b/);
  assert.match(d["text/html"], /0\.1235/);
  assert.match(d["text/html"], /… 1 more rows/);
  assert.equal(String(t).split("\n")[1].trim(), "emotion  count  share");
});

Deno.test("audioPlayer() embeds the WAV as a data URL", () => {
  const d = show(audioPlayer(new Uint8Array([82, 73, 70, 70]), "x.wav"));
  assert.match(d["text/html"], /<audio controls src="data:audio\/wav;base64,UklGRg=="/);
});
