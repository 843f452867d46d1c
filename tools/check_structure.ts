/**
 * The structure check (part of `./ser check`): the rules the code's layout promises, checked on every run.
 *
 * 1. No function over 90 lines in `lib/`, `cli/` or `bench/` (data literals aside: the OpenAPI document).
 * 2. The family names `"original-mlp"` and `"pooled-mlp"` written in at most 3 non-test files of `lib/` and `cli/` (their
 *    family files): everything else looks families up in the registry.
 * 3. No private module (`_x.ts`) imported from another room (a room is `lib/<stage>/` or a top folder: `cli/`,
 *    `bench/`, `tests/`, `tools/`).
 * 4. One spelling of normalise: "normaliz…" at most 3 times in `lib/`, `cli/` and `tests/` (to read older artifacts;
 *    other projects' names — `String.normalize`, Keras's `BatchNormalization` — aside).
 * 5. `./ser --help` names every `deno.json` task.
 * 6. No import circle between modules, type-only imports included.
 * 7. No file name in two places (`mod.ts` aside): a name says which module it is.
 * 8. The server (`lib/serve`) and the site (`lib/site`) reach prediction through `lib/predict/mod.ts` alone (or, in
 *    code bundled for a browser, its door `lib/predict/browser.ts`) and never import `lib/pipeline`.
 * 9. Every module of `lib/pipeline` and `lib/predict` opens with a header saying what it does.
 * 10. Only `lib/model` imports tfjs.
 * 11. `lib/serve/static/` holds no hand-written JavaScript: the page and its engines are TypeScript (`lib/page/`),
 *     bundled by `./ser build-page` (a bundle's first line says so).
 * 12. The README is a map: at most 250 lines, and every relative link in it and in `docs/` resolves.
 *
 * Prints each violation with its file and line; exits 1 when there is any.
 *
 * @module
 */
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { taskList } from "../cli/tasks.ts";
import { BUNDLE_HEADER } from "../lib/page/page_bundles.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const MAX_FUNCTION_LINES = 90;
const LONG_LITERAL_ALLOWED = new Set(["lib/serve/openapi.ts:openApiDocument"]);

/** Every `.ts` file under `dir` (relative to the root), tests included. */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of Deno.readDirSync(join(ROOT, d))) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory && e.name !== "static") walk(p);
      else if (e.isFile && e.name.endsWith(".ts")) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** The source with strings, template literals and comments blanked (braces inside them no longer count). */
export function code(src: string): string {
  let out = "", i = 0;
  const templates: number[] = []; // brace depth at which each open template's `${` began
  let depth = 0;
  while (i < src.length) {
    const c = src[i], n = src[i + 1];
    if (c === "/" && n === "/") {
      while (i < src.length && src[i] !== "\n") out += " ", i++;
    } else if (c === "/" && n === "*") {
      while (i < src.length && !(src[i] === "*" && src[i + 1] === "/")) out += src[i] === "\n" ? "\n" : " ", i++;
      out += "  ", i += 2;
    } else if (c === '"' || c === "'") {
      out += " ", i++;
      while (i < src.length && src[i] !== c && src[i] !== "\n") out += " ", i += src[i] === "\\" ? 2 : 1;
      out += " ", i++;
    } else if (c === "`" || (c === "}" && templates.length && templates[templates.length - 1] === depth)) {
      if (c === "}") templates.pop();
      out += " ", i++;
      while (i < src.length && src[i] !== "`" && !(src[i] === "$" && src[i + 1] === "{")) {
        out += src[i] === "\n" ? "\n" : " ", i += src[i] === "\\" ? 2 : 1;
      }
      if (src[i] === "$") templates.push(depth), out += "  ", i += 2;
      else out += " ", i++;
    } else {
      if (c === "{") depth++;
      if (c === "}") depth--;
      out += c, i++;
    }
  }
  return out;
}

/** Signatures: declarations, `const x = (…) => {`, methods, and the same split over several lines. */
const SIGNATURE = new RegExp(
  [
    String.raw`^\s*(?:export\s+)?(?:async\s+)?function\*?\s+(\w+)`,
    String.raw`^\s*(?:export\s+)?(?:const|let)\s+(\w+)\s*=\s*(?:async\s*)?(?:\([^)]*\)|\w+)\s*(?::[^=]+)?=>\s*\{\s*$`,
    String.raw`^\s*(?:export\s+)?(?:const|let)\s+(\w+)\s*=\s*(?:async\s*)?\(\s*$`,
    String.raw`^\s*(?:(?:public|private|static|async|get|set)\s+)*#?(\w+)\s*\([^)]*\)\s*(?::[^{]+)?\{\s*$`,
    String.raw`^\s*(?:(?:public|private|static|async)\s+)*#?(\w+)\s*\(\s*$`,
  ].join("|"),
);
const KEYWORDS = new Set(["if", "for", "while", "switch", "catch", "return", "function"]);

/** Functions (declarations, methods, arrow functions with a block body) and their line counts. */
export function functionLengths(src: string): { name: string; line: number; lines: number }[] {
  const lines = code(src).split("\n");
  const out: { name: string; line: number; lines: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = SIGNATURE.exec(lines[i]);
    const name = m?.slice(1).find((g) => g !== undefined);
    if (!name || KEYWORDS.has(name)) continue;
    // The body opens at the last `{` of the first line where the parameters have closed and the line ends in `{`.
    let paren = 0, body = -1;
    for (let j = i; j < lines.length && j <= i + 20; j++) {
      for (const ch of lines[j]) paren += ch === "(" ? 1 : ch === ")" ? -1 : 0;
      if (paren === 0 && /\{\s*$/.test(lines[j])) {
        body = j;
        break;
      }
      if (paren <= 0 && /[;,]\s*$/.test(lines[j])) break; // a call or a declaration without a body
    }
    if (body < 0) continue;
    let depth = 1, end = body;
    for (let j = body + 1; j < lines.length && depth > 0; j++) {
      for (const ch of lines[j]) depth += ch === "{" ? 1 : ch === "}" ? -1 : 0;
      end = j;
    }
    out.push({ name, line: i + 1, lines: end - i + 1 });
  }
  return out;
}

/** The room a repository path belongs to: `lib/<stage>` or the top folder. */
function roomOf(path: string): string {
  const parts = path.split("/");
  return parts[0] === "lib" && parts.length > 2 ? `lib/${parts[1]}` : parts[0];
}

/** Every violation of the rules above, as `file:line: what`. */
export function checkStructure(): string[] {
  const problems: string[] = [];
  const all = ["lib", "cli", "bench", "tests", "tools"].flatMap(tsFiles);
  const text = new Map(all.map((f) => [f, Deno.readTextFileSync(join(ROOT, f))]));

  for (const f of all.filter((f) => /^(lib|cli|bench)\//.test(f) && !f.endsWith("_test.ts"))) {
    for (const fn of functionLengths(text.get(f)!)) {
      if (fn.lines > MAX_FUNCTION_LINES && !LONG_LITERAL_ALLOWED.has(`${f}:${fn.name}`)) {
        problems.push(`${f}:${fn.line}: ${fn.name} is ${fn.lines} lines (at most ${MAX_FUNCTION_LINES})`);
      }
    }
  }

  const named = all.filter((f) =>
    /^(lib|cli)\//.test(f) && !f.endsWith("_test.ts") && /"(original|pooled)-mlp"/.test(text.get(f)!)
  );
  if (named.length > 3) {
    problems.push(`"original-mlp"/"pooled-mlp" written in ${named.length} files (at most 3): ${named.join(", ")}`);
  }

  for (const f of all) {
    for (const m of text.get(f)!.matchAll(/(?:from|import)\s*\(?\s*"([^"]+\/_[\w]+\.ts)"/g)) {
      const spec = m[1];
      const target = spec.startsWith("$lib/")
        ? `lib/${spec.slice(5)}`
        : relative(ROOT, resolve(ROOT, dirname(f), spec));
      if (roomOf(target) !== roomOf(f)) problems.push(`${f}: imports ${target}, private to ${roomOf(target)}`);
    }
  }

  // Names that belong to others are not ours to spell: JavaScript's String.normalize, librosa's util.normalize and
  // the BatchNormalization layer of Keras and tfjs.
  const foreign = /\.normalize\(|[bB]atchNormaliz/g;
  const spellings = all.filter((f) => !f.startsWith("tools/")).flatMap((f) =>
    text.get(f)!.split("\n").flatMap((l, i) => (/normaliz/i.test(l.replace(foreign, "")) ? [`${f}:${i + 1}`] : []))
  );
  if (spellings.length > 3) {
    problems.push(`"normaliz…" appears ${spellings.length} times (at most 3): ${spellings.join(", ")}`);
  }

  problems.push(...importCircles(importGraph(all, text)));
  problems.push(...duplicateNames(all));
  problems.push(...layerRules(all, text));
  problems.push(...documentRules());

  const tasks = Object.keys(JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json"))).tasks);
  const list = taskList();
  for (const t of tasks) {
    if (!new RegExp(`\\n  ${t} `).test(list)) problems.push(`./ser --help does not name the task ${t}`);
  }
  return problems;
}

/** Every module's imports (static, dynamic and re-exports; type-only included), as repository paths. */
export function importGraph(files: readonly string[], text: ReadonlyMap<string, string>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const deps: string[] = [];
    const src = text.get(f)!;
    for (
      const m of src.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g)
    ) {
      const spec = m[1] ?? m[2];
      const target = spec.startsWith("$lib/")
        ? `lib/${spec.slice(5)}`
        : spec.startsWith(".")
        ? relative(ROOT, resolve(ROOT, dirname(f), spec))
        : null;
      if (target && target !== f) deps.push(target);
    }
    graph.set(f, deps);
  }
  return graph;
}

/** The strongly connected components of more than one module (Tarjan's algorithm), each as a problem line. */
export function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  let next = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set();
  const problems: string[] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const circle: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      circle.push(w);
    } while (w !== v);
    if (circle.length > 1) problems.push(`import circle: ${circle.sort().join(" → ")}`);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return problems;
}

/** File names used in more than one place (`mod.ts` aside). */
export function duplicateNames(files: readonly string[]): string[] {
  const byName = new Map<string, string[]>();
  for (const f of files) {
    const name = f.slice(f.lastIndexOf("/") + 1);
    if (name !== "mod.ts") byName.set(name, [...(byName.get(name) ?? []), f]);
  }
  return [...byName].filter(([, fs]) => fs.length > 1).map(([n, fs]) => `${n} is the name of ${fs.join(" and ")}`);
}

/** Rules 8–11: what the server and site may import, headers, tfjs's one room, no hand-written static JavaScript. */
function layerRules(files: readonly string[], text: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const graph = importGraph(files, text);
  for (const f of files.filter((f) => /^lib\/(serve|site)\//.test(f))) {
    for (const t of graph.get(f)!) {
      if (t.startsWith("lib/pipeline/")) problems.push(`${f}: imports ${t} (the server and site use lib/predict)`);
      if (t.startsWith("lib/predict/") && t !== "lib/predict/mod.ts" && t !== "lib/predict/browser.ts") {
        problems.push(`${f}: imports ${t}, not lib/predict/mod.ts`);
      }
    }
  }
  for (const f of files.filter((f) => /^lib\/(pipeline|predict)\//.test(f) && !f.endsWith("_test.ts"))) {
    if (!/^\/\*\*[\s\S]*?@module/.test(text.get(f)!)) problems.push(`${f}: no header (/** … @module */) first`);
  }
  for (const f of files.filter((f) => !f.startsWith("lib/model/") && !f.endsWith("_test.ts"))) {
    if (/from\s*"@tensorflow\//.test(text.get(f)!)) problems.push(`${f}: imports tfjs (only lib/model may)`);
  }
  for (const e of Deno.readDirSync(join(ROOT, "lib/serve/static"))) {
    if (!/\.(js|mjs)$/.test(e.name)) continue;
    const first = Deno.readTextFileSync(join(ROOT, "lib/serve/static", e.name)).split("\n", 1)[0];
    if (!first.startsWith(BUNDLE_HEADER)) problems.push(`lib/serve/static/${e.name}: hand-written JavaScript`);
  }
  return problems;
}

/** Rule 12: the README's length, and relative links in it and `docs/*.md` that point at nothing. */
function documentRules(): string[] {
  const problems: string[] = [];
  const readme = Deno.readTextFileSync(join(ROOT, "README.md"));
  const lines = readme.split("\n").length;
  if (lines > 250) problems.push(`README.md: ${lines} lines (at most 250: details go to docs/)`);
  const pages = [
    "README.md",
    ...[...Deno.readDirSync(join(ROOT, "docs"))].filter((e) => e.name.endsWith(".md"))
      .map((e) => `docs/${e.name}`),
  ];
  for (const page of pages) {
    const src = Deno.readTextFileSync(join(ROOT, page));
    for (const m of src.matchAll(/\]\(([^)#:\s]+)(#[^)]*)?\)/g)) {
      const target = resolve(ROOT, dirname(page), m[1]);
      try {
        Deno.statSync(target);
      } catch {
        problems.push(`${page}: the link ${m[1]} points at nothing`);
      }
    }
  }
  return problems;
}

if (import.meta.main) {
  const problems = checkStructure();
  for (const p of problems) console.error(`structure: ${p}`);
  console.error(`structure: ${problems.length ? `${problems.length} problems` : "ok"}`);
  if (problems.length) Deno.exit(1);
}
