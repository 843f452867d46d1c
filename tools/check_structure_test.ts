import assert from "node:assert/strict";
import { code, functionLengths } from "./check_structure.ts";

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
