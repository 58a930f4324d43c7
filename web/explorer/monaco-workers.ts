/**
 * Monaco runs its language services (GraphQL validation and completion, JSON for the
 * variables and headers editors) in web workers it asks for by label. Without this hook it
 * falls back to running them on the page's main thread and logs a warning. The worker
 * bundles are built next to the explorer by scripts/web/build-web.ts and served from
 * /assets/workers/, so nothing is fetched from elsewhere.
 */
const WORKERS: Record<string, string> = {
  graphql: "graphql.worker.js",
  json: "json.worker.js",
};

(globalThis as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    const file = WORKERS[label] ?? "editor.worker.js";
    return new Worker(new URL(`/assets/workers/${file}`, location.origin), { name: label });
  },
};
