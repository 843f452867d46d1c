import assert from "node:assert/strict";
import { code, duplicateNames, functionLengths, importCircles, importGraph } from "./check_structure.ts";

Deno.test("code() blanks strings, templates and comments so their braces do not count", () => {
  const src = 'const a = "{"; // }\nconst b = `x ${f({ y: 1 })} }`; /* { */';
  const c = code(src);
  assert.equal((c.match(/\{/g) ?? []).length, (c.match(/\}/g) ?? []).length);
  assert.ok(!c.includes('"{"'));
});

Deno.test("functionLengths() measures declarations, methods and block-bodied arrows from signature to brace", () => {
  const src = [
    "export function a(x: number): number {", // 1
    "  if (x) {",
    "    return 1;",
    "  }",
    "  return 2;",
    "}", // 6
    "const b = (y: string) => {",
    "  return `${y}}`;",
    "};", // 9
    "class C {",
    "  m(z: number): void {",
    "    z++;",
    "  }",
    "}",
  ].join("\n");
  assert.deepEqual(functionLengths(src), [
    { name: "a", line: 1, lines: 6 },
    { name: "b", line: 7, lines: 3 },
    { name: "m", line: 11, lines: 3 },
  ]);
});

Deno.test("importCircles() finds a circle of three modules, type-only imports included, and nothing in a tree", () => {
  const text = new Map([
    ["lib/a/x.ts", 'import { y } from "./y.ts";'],
    ["lib/a/y.ts", 'import type { Z } from "../b/z.ts";'],
    ["lib/b/z.ts", 'export type { X } from "../a/x.ts";'],
    ["lib/b/w.ts", 'import { y } from "$lib/a/y.ts";'],
  ]);
  const graph = importGraph([...text.keys()], text);
  assert.deepEqual(graph.get("lib/b/w.ts"), ["lib/a/y.ts"], "$lib/ specifiers resolve");
  assert.deepEqual(importCircles(graph), ["import circle: lib/a/x.ts → lib/a/y.ts → lib/b/z.ts"]);
  text.set("lib/b/z.ts", "export type Z = number;");
  assert.deepEqual(importCircles(importGraph([...text.keys()], text)), []);
});

Deno.test("duplicateNames() names a file name used in two rooms, mod.ts aside", () => {
  assert.deepEqual(duplicateNames(["lib/a/mod.ts", "lib/b/mod.ts", "lib/a/train.ts", "cli/train.ts", "cli/cv.ts"]), [
    "train.ts is the name of lib/a/train.ts and cli/train.ts",
  ]);
});
