/**
 * The real HTTP API on a SQLite store in a temporary folder, for benchmarks that measure
 * through it: an empty store, or a copy of an existing one (so a benchmark's writes stay in
 * the copy and runs repeat on the same data). `close()` stops the server and removes the folder.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApp, type AppOptions } from "../src/app.js";
import { createLogger } from "../src/logger.js";
import { SqliteAccountGraphStore } from "../src/store/sqlite/sqlite-store.js";
import { apiClient } from "../test/support/api-client.js";

export interface BenchServer {
  gql: ReturnType<typeof apiClient>;
  close(): Promise<void>;
}

export async function serveTempSqlite(options: { copyOf?: string; analytics?: AppOptions["analytics"] } = {}): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), "accountgraph-bench-"));
  const path = join(dir, "store.db");
  if (options.copyOf) copyFileSync(options.copyOf, path);
  const store = new SqliteAccountGraphStore({ path });
  await store.init();
  const server = await startApp({ store, logger: createLogger("silent"), port: 0, host: "127.0.0.1", analytics: options.analytics });
  return {
    gql: apiClient(`http://127.0.0.1:${server.port}/`),
    async close() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
