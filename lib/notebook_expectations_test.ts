import assert from "node:assert/strict";
import { join } from "node:path";
import { notebookCode, notebookExpectations, verifyNotebookRun } from "./notebook_expectations.ts";
import { PATHS } from "./paths.ts";

Deno.test("verifyNotebookRun() reports cell errors and missing outputs, and passes a complete run", () => {
  const run = {
    notebook: "x.ipynb",
    seconds: 1,
    error: null,
    cells: [{
      index: 1,
      outputs: [{ type: "stream" as const, text: "kept epoch 12\n" }, {
        type: "display_data" as const,
        mime: ["image/svg+xml", "text/plain"],
      }],
    }],
  };
  assert.deepEqual(
    verifyNotebookRun(run, [{ kind: "text", pattern: /kept epoch \d+/, what: "summary" }, {
      kind: "mime",
      mime: "image/svg+xml",
      atLeast: 1,
      what: "chart",
    }]),
    [],
  );
  const problems = verifyNotebookRun({
    ...run,
    cells: [{ index: 1, outputs: [{ type: "error", text: "TypeError: x" }] }],
  }, [{ kind: "mime", mime: "text/html", atLeast: 2, what: "tables" }]);
  assert.deepEqual(problems, ["cell error: TypeError: x", "expected ≥ 2 text/html outputs (tables), found 0"]);
});

Deno.test("every notebook has expectations, starts with an H1 and a blockquote, imports through $lib/, and is committed without outputs", async () => {
  const dir = join(PATHS.root, "notebooks");
  const names = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".ipynb")).sort();
  assert.deepEqual(names.map((n) => n.replace(".ipynb", "")), Object.keys(notebookExpectations).sort());
  for (const n of names) {
    const nb = JSON.parse(await Deno.readTextFile(join(dir, n)));
    const first = nb.cells[0].source.join("");
    assert.match(first, /^# \d\d · .+\n> .+/, `${n}: H1 title and blockquote`);
    assert.equal(nb.metadata.kernelspec.name, "deno");
    for (const c of nb.cells) {
      if (c.cell_type === "code") {
        assert.deepEqual([c.outputs, c.execution_count], [[], null], `${n}: outputs cleared`);
      }
    }
    const code = await notebookCode(join(dir, n));
    assert.ok(!/from "\.\.?\//.test(code), `${n}: imports go through $lib/, not relative paths`);
  }
});
