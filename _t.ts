import { loadAudio } from "$lib/audio/mod.ts";
for (const e of [...Deno.readDirSync("tests/fixtures/bad")].sort((a, b) => a.name < b.name ? -1 : 1)) {
  try {
    const a = await loadAudio(`tests/fixtures/bad/${e.name}`, { duration: 3 });
    console.log("OK ", e.name, a.y.length, a.warnings);
  } catch (err) {
    console.log("ERR", (err as Error).name, (err as Error).message);
  }
}
