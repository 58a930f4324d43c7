/**
 * Where a worker thread's code lives (the analytics worker, the strategy work pool's).
 * Compiled (dist/), it is the sibling `.js` module. Run from TypeScript source (tsx, vitest), Node 20 does not carry
 * the parent's loader hooks into worker threads, so the worker starts from a one-line
 * module that registers tsx (its public `tsx/esm/api`) and then imports the .ts entry.
 */
import { createRequire } from "node:module";
import { extname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { WorkerOptions } from "node:worker_threads";

export interface WorkerEntry {
  url: URL;
  options: WorkerOptions;
}

export function analyticsWorkerEntry(): WorkerEntry {
  return threadEntry(import.meta.url, "analytics-worker");
}

/**
 * The entry of a worker thread whose code is the module `name` beside `callerUrl` (the
 * caller's import.meta.url): the .js sibling when compiled, the .ts one through tsx.
 */
export function threadEntry(callerUrl: string, name: string): WorkerEntry {
  const extension = extname(fileURLToPath(callerUrl));
  const target = new URL(`./${name}${extension}`, callerUrl);
  if (extension !== ".ts") return { url: target, options: {} };
  // `tsx/esm/api` resolves to the CommonJS build under require(); the ESM build sits beside it.
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)};\nregister();\nawait import(${JSON.stringify(target.href)});\n`;
  return { url: new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), options: {} };
}
