import assert from "node:assert/strict";
import type { WindowMessage } from "../segment/live_messages.ts";
import { percent, statsLine, windowView } from "./window_view.ts";

const base: WindowMessage = {
  type: "window",
  start: 1.5,
  end: 4.5,
  voiced: true,
  speech_fraction: 0.9,
  emotion: "sad",
  confidence: 0.614,
  mode: "enrolled",
  gender: { label: "female", confidence: 0.8, windows: 5 },
};

Deno.test("windowView() shows the stable label, its strength, the session's gender and the time", async (t) => {
  await t.step("a voiced window of a class: coloured, with the mode badge", () => {
    assert.deepEqual(windowView(base, ["angry", "sad"]), {
      label: "sad",
      badge: "enrolled",
      detail: "61 % · female · 1.5–4.5 s",
      coloured: true,
    });
  });
  await t.step("uncertain: no percentage, not coloured; an uncertain gender is left out", () => {
    const v = windowView(
      { ...base, emotion: "uncertain", gender: { label: "uncertain", confidence: 0.5, windows: 1 } },
      [
        "sad",
      ],
    );
    assert.equal(v.detail, "no emotion clear yet · 1.5–4.5 s");
    assert.equal(v.coloured, false);
  });
  await t.step("silence: the label silence and nothing else", () => {
    assert.deepEqual(windowView({ ...base, voiced: false }, ["sad"]), {
      label: "silence",
      badge: "",
      detail: "",
      coloured: false,
    });
  });
});

Deno.test("percent() rounds to whole percent; statsLine() mentions drops only when there are some", () => {
  assert.equal(percent(0.005), "1 %");
  assert.equal(percent(1), "100 %");
  assert.equal(statsLine(null), "");
  assert.equal(statsLine({ medianMs: 41, windows: 12, dropped: 0 }), "each window analysed in 41 ms (median of 12)");
  assert.match(statsLine({ medianMs: 41, windows: 12, dropped: 2 }), /; 2 dropped while busy$/);
});
