/**
 * Readiness of the embedded store's disk, for /readyz: the SQLite file's folder must be
 * writable and its file system must have room. A full disk or a file system remounted
 * read-only does not stop reads (so `ping` keeps answering), but every write then fails
 * with SQLITE_FULL / SQLITE_READONLY; an orchestrator should take the instance out of
 * rotation before clients meet that.
 *
 * Why these two checks rather than a rolled-back test write: SQLite keeps a rolled-back
 * write in its page cache, so it proves nothing about the disk (and taking the write lock
 * from a probe would queue behind real writers); a write that is committed is a real
 * write on every probe. `access(W_OK)` sees a read-only file system (EROFS) and missing
 * permissions; `statfs` sees free space (blocks available to this user). Both are one
 * system call, cheap enough for a probe every second.
 *
 * Not used with Neo4j: its disk is the database server's, which refuses writes itself
 * (and the driver's errors become SERVICE_UNAVAILABLE).
 */
import { constants } from "node:fs";
import { access, statfs } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Logger } from "./logger.js";

export const DISK_READINESS_DEFAULTS = Object.freeze({
  /** Room for the write-ahead log and a checkpoint of a large import; STORE_MIN_FREE_MB. */
  minFreeBytes: 64 * 1024 * 1024,
});

/** Throws (with the reason) while the store's disk cannot take writes; logs each change of state once. */
export function createDiskReadiness(
  storePath: string,
  logger: Pick<Logger, "warn" | "info">,
  minFreeBytes: number = DISK_READINESS_DEFAULTS.minFreeBytes,
): () => Promise<void> {
  const folder = dirname(resolve(storePath));
  let lastKind: DiskProblem["kind"] | null = null;
  return async () => {
    const problem = await diskProblem(folder, minFreeBytes);
    // By kind, not by message: the free space in the message moves with every write to the
    // disk, and one state must log once however often it is probed.
    const kind = problem?.kind ?? null;
    if (kind !== lastKind) {
      if (problem) logger.warn({ folder, problem: problem.message }, "store disk cannot take writes: not ready");
      else logger.info({ folder }, "store disk writable again: ready");
      lastKind = kind;
    }
    if (problem) throw new Error(problem.message);
  };
}

interface DiskProblem {
  kind: "NOT_WRITABLE" | "LOW_SPACE";
  message: string;
}

async function diskProblem(folder: string, minFreeBytes: number): Promise<DiskProblem | null> {
  try {
    await access(folder, constants.W_OK);
  } catch (error) {
    return { kind: "NOT_WRITABLE", message: `the store folder is not writable (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  const stats = await statfs(folder);
  const free = stats.bavail * stats.bsize;
  if (free >= minFreeBytes) return null;
  const message = `only ${Math.floor(free / 1024 / 1024)} MiB free on the store's file system (at least ${Math.ceil(minFreeBytes / 1024 / 1024)} MiB needed)`;
  return { kind: "LOW_SPACE", message };
}
