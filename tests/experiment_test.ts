import assert from "node:assert/strict";
import { join } from "node:path";
import { writeDemoCorpus } from "$lib/data/mod.ts";
import { parseCsv } from "$lib/io/mod.ts";
import { ROOT } from "./support/run_cli.ts";

/** `./ser experiment` as a child process; resolves with its output, or kills it once `killAfter` cells are done. */
async function experiment(file: string, out: string, killAfter?: number) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", join(ROOT, "deno.json"), join(ROOT, "cli", "experiment.ts"), file, "--out", out],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let err = "";
  const stdout = new Response(child.stdout).text();
  for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
    err += chunk;
    const done = err.match(/experiment: cell \d+\/\d+ \S+: UA/g)?.length ?? 0;
    if (killAfter !== undefined && done >= killAfter) {
      child.kill("SIGKILL");
      break;
    }
  }
  const status = await child.status;
  return { code: status.code, signal: status.signal, stdout: await stdout, stderr: err };
}

Deno.test("an experiment killed mid-way finishes only the missing cells when run again, with the same table", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const data = join(tmp, "dataset");
    await writeDemoCorpus(data, { limit: 240 });
    const file = join(tmp, "demo.toml");
    // logreg fits to its optimum: every cell is deterministic, so the tables can be compared exactly.
    await Deno.writeTextFile(
      file,
      [
        'name = "demo"',
        'data = "dataset"',
        'labels = ["angry", "happy", "neutral", "sad"]',
        'protocols = ["corpus"]',
        'modes = ["global", "enrolled"]',
        "seeds = [1, 2, 3]",
        "[grid]",
        'model = ["logreg"]',
        "augment = [0]",
      ].join("\n"),
    );
    const killed = await experiment(file, join(tmp, "a"), 1);
    assert.equal(killed.signal, "SIGKILL");
    const again = await experiment(file, join(tmp, "a"));
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /3 cells \(2 computed, 1 finished before\)/);
    const whole = await experiment(file, join(tmp, "b"));
    assert.equal(whole.code, 0, whole.stderr);
    const table = async (dir: string) =>
      parseCsv(await Deno.readTextFile(join(tmp, dir, "results.csv"))).map(({ seconds: _, ...row }) => row);
    const [a, b] = [await table("a"), await table("b")];
    assert.equal(a.length, 3 * 2, "a row per cell and mode");
    assert.deepEqual(a, b);
    for (
      const f of ["results.json", "report.html", "experiment.toml", "versions.json", "charts/19_experiment_ua.png"]
    ) {
      await Deno.stat(join(tmp, "a", f));
    }
    // Each cell against the reference on the same clips; the reference itself has none.
    assert.ok(a.filter((r) => r.cell === r.reference).every((r) => r.p_vs_reference === ""));
    assert.ok(a.filter((r) => r.cell !== r.reference).every((r) => Number(r.p_vs_reference) > 0));
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
