import assert from "node:assert/strict";
import { parseCsv, toCsv, writeCsv } from "./csv.ts";

Deno.test("toCsv() quotes what needs quoting and round-trips through parseCsv()", async () => {
  const rows = [{ path: 'a "quoted", name.wav', n: 3, ok: true, none: null }, {
    path: "plain.wav",
    n: 0.5,
    ok: false,
    none: undefined,
  }];
  const text = toCsv(["path", "n", "ok", "none"], rows);
  assert.equal(text, 'path,n,ok,none\n"a ""quoted"", name.wav",3,true,\nplain.wav,0.5,false,\n');
  assert.deepEqual(parseCsv(text), [
    { path: 'a "quoted", name.wav', n: "3", ok: "true", none: "" },
    { path: "plain.wav", n: "0.5", ok: "false", none: "" },
  ]);
  const dir = await Deno.makeTempDir();
  await writeCsv(`${dir}/x/y.csv`, ["a"], [[1], [2]]);
  assert.equal(await Deno.readTextFile(`${dir}/x/y.csv`), "a\n1\n2\n");
  assert.deepEqual([...Deno.readDirSync(`${dir}/x`)].map((e) => e.name), ["y.csv"]);
  await Deno.remove(dir, { recursive: true });
});
