/**
 * The on-device site: `buildSite()` writes a static folder that runs a trained model entirely in the visitor's
 * browser (the server's page with a local engine: `engine_local.ts` on the main thread, `site_worker.ts` for the
 * model, features and live analysis). Nothing is sent anywhere after the page has loaded.
 *
 * @example
 * import { buildSite } from "$lib/site/mod.ts";
 * await buildSite("artifacts", "site");
 *
 * @module
 */
export * from "./build_site.ts";
export * from "./site_display.ts";
