import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { TASKS } from "./tasks.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Runs the real `./ser` script (Deno and the packages are installed, so it goes straight to the dispatcher). */
async function ser(...args: string[]) {
  const out = await new Deno.Command("bash", { args: ["./ser", ...args], cwd: ROOT, stdout: "piped", stderr: "piped" })
    .output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("./ser, ./ser --help and ./ser help list every task, and nothing of Deno's own help", async () => {
  for (const args of [[], ["--help"], ["help"]]) {
    const r = await ser(...args);
    assert.equal(r.code, 0, r.stderr);
    for (const t of TASKS) assert.match(r.stdout, new RegExp(`\\n  ${t.name} `), `${args.join(" ")}: ${t.name}`);
    assert.doesNotMatch(r.stdout, /deno run|--allow-/);
  }
});

Deno.test("./ser help TASK and ./ser TASK --help print that task's usage and examples", async () => {
  for (const args of [["help", "predict"], ["predict", "--help"]]) {
    const r = await ser(...args);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\.\/ser predict: /);
    assert.match(r.stdout, /\nusage: \.\/ser predict\b/);
    assert.match(r.stdout, /examples:/);
    assert.match(r.stdout, /--enrol/);
  }
});

Deno.test("a mistyped task or option gets 'did you mean', exit 2, and no permission line is echoed", async () => {
  const task = await ser("predcit");
  assert.equal(task.code, 2);
  assert.match(task.stderr, /no task "predcit" \(did you mean predict\?\)/);

  const option = await ser("train", "--epoch", "3");
  assert.equal(option.code, 2, option.stderr);
  assert.match(option.stderr, /--epoch/);
  assert.match(option.stderr, /did you mean --epochs\?/);
  assert.match(option.stderr, /\.\/ser train/);
  assert.doesNotMatch(option.stderr + option.stdout, /deno run|--allow-|Task train/);
});
