/**
 * `./ser build-page`: bundle the page's TypeScript (`lib/page/`) into the JavaScript the server serves and the
 * on-device site copies (`lib/serve/static/app.js`, `engine_server.js`, `capture-worklet.js`). The bundles are
 * committed, so the server needs no bundler at run time; a test fails when one no longer matches its source.
 *
 * @module
 */
import { buildPageBundles } from "$lib/page/page_bundles.ts";
import { parseTask } from "./task_args.ts";

parseTask("build-page");
for (const f of await buildPageBundles()) console.log(`build-page: wrote ${f}`);
