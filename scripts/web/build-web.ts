/**
 * Bundles the browser pages (web/) into dist/web with esbuild: the explorer (GraphiQL 5,
 * React 19) with Monaco's three language workers, and the influence map (sigma.js on
 * graphology). Everything the pages load comes from this folder, served by the API itself:
 * no CDN, no web fonts from elsewhere, so the pages work on a machine with no network.
 *
 * When it runs: `npm run build:web`, and by npm before `npm start`, `npm test` and
 * `npm run build` (prestart / pretest / build), so a fresh clone serves working pages
 * after `npm install && npm start`. The output is generated, never committed.
 * Cost: about 2–4 s on this machine (the explorer bundle is ~5 MB).
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type BuildOptions } from "esbuild";
import { readmeExamples } from "./readme-examples.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const WEB_SOURCE_DIR = join(ROOT, "web");
export const WEB_OUTPUT_DIR = join(ROOT, "dist", "web");

const COMMON: BuildOptions = {
  bundle: true,
  minify: true,
  sourcemap: false,
  target: ["chrome110", "firefox110", "safari16"],
  legalComments: "none",
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
};

/** Monaco asks MonacoEnvironment.getWorker for these by label (web/explorer/monaco-workers.ts). */
const MONACO_WORKERS: Record<string, string> = {
  "editor.worker": "monaco-editor/esm/vs/editor/editor.worker.js",
  "json.worker": "monaco-editor/esm/vs/language/json/json.worker.js",
  "graphql.worker": "monaco-graphql/esm/graphql.worker.js",
};

export async function buildWebBundles(outDir = WEB_OUTPUT_DIR): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, "assets"), { recursive: true });
  const examples = readmeExamples(readFileSync(join(ROOT, "README.md"), "utf8"));
  await Promise.all([
    build({
      ...COMMON,
      entryPoints: { explorer: join(WEB_SOURCE_DIR, "explorer", "explorer.tsx") },
      outdir: join(outDir, "assets"),
      format: "esm",
      jsx: "automatic",
      loader: { ".ttf": "file", ".woff": "file", ".woff2": "file" },
      define: { ...COMMON.define, __README_EXAMPLES__: JSON.stringify(examples) },
    }),
    build({
      ...COMMON,
      entryPoints: Object.fromEntries(Object.entries(MONACO_WORKERS).map(([name, path]) => [name, path])),
      outdir: join(outDir, "assets", "workers"),
      // Classic workers: `new Worker(url)` without `type: "module"` works in every browser.
      format: "iife",
    }),
    build({
      ...COMMON,
      entryPoints: { map: join(WEB_SOURCE_DIR, "map", "map.ts") },
      outdir: join(outDir, "assets"),
      format: "esm",
    }),
  ]);
  for (const page of ["index.html", "explorer.html", "map.html"]) cpSync(join(WEB_SOURCE_DIR, "pages", page), join(outDir, page));
  cpSync(join(WEB_SOURCE_DIR, "pages", "site.css"), join(outDir, "assets", "site.css"));
  writeFileSync(join(outDir, "BUILT_BY"), "scripts/web/build-web.ts; regenerate with npm run build:web\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const started = performance.now();
  await buildWebBundles();
  console.log(`web pages built into ${WEB_OUTPUT_DIR} in ${Math.round(performance.now() - started)} ms`);
}
