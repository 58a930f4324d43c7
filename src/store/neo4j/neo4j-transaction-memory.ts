/**
 * How many rows an import transaction may carry, from the server's transaction memory caps.
 *
 * Neo4j refuses a transaction (MemoryPoolOutOfMemoryError) once all running transactions
 * together hold more than `dbms.memory.transaction.total.max` (or the database's
 * `db.memory.transaction.total.max`), or one holds more than `db.memory.transaction.max`.
 * A batch's memory is its new entities: measured on Neo4j 5.26 with SHOW TRANSACTIONS
 * (estimatedUsedHeapMemory of an open transaction holding 10,000 rows of the M dataset),
 * an account takes ~6.8 KiB, a link ~2.2 KiB (neo4j-import-cypher.ts lists them all), and
 * the commit about doubles it while it turns that state into commands: two concurrent
 * 10,000-account batches overran the 256 MiB cap of the bench's server at commit.
 * So batches are sized per step to a share of the cap, split between the sessions that
 * write at once, and the whole import runs in one transaction only if it fits that share.
 */
import * as I from "./neo4j-import-cypher.js";
import type { Neo4jExecutor } from "./neo4j-executor.js";

const MIB = 1024 * 1024;

export const TRANSACTION_MEMORY_DEFAULTS = Object.freeze({
  /** Share of the server-wide cap an import's transactions may hold together; the rest is for everyone else. */
  importShare: 0.5,
  /**
   * Assumed cap when the server states none (0 = bounded by the heap only) or its settings
   * cannot be read: the cap of the local test and bench servers (scripts/neo4j/Launcher.java),
   * about what Neo4j's default (70% of heap) gives a 512 MiB heap.
   */
  fallbackCapBytes: 256 * MIB,
  /** Transaction state at commit over state before it (see above). */
  commitFactor: 2,
});

export interface TransactionMemoryCaps {
  /** Bytes all transactions may hold together. */
  totalBytes: number;
  /** Bytes one transaction may hold (Infinity when only the total is capped). */
  perTransactionBytes: number;
}

/** `256.00MiB`, `0B`, `1.00GiB` (SHOW SETTINGS values) in bytes; null if unreadable. */
export function parseByteSize(text: unknown): number | null {
  const match = /^\s*([\d.]+)\s*([KMGT]i?B|B)?\s*$/i.exec(String(text ?? ""));
  if (!match) return null;
  const unit = (match[2] ?? "B").toUpperCase().replace("I", "");
  const scale = { B: 1, KB: 1024, MB: MIB, GB: 1024 * MIB, TB: 1024 * 1024 * MIB }[unit];
  return scale === undefined ? null : Number(match[1]) * scale;
}

/** The server's caps; a cap of 0 (none), an unreadable value or refused SHOW SETTINGS fall back to the default. */
export async function readTransactionMemoryCaps(executor: Neo4jExecutor): Promise<TransactionMemoryCaps> {
  const settings = new Map<string, number>();
  try {
    await executor.read("import.memorySettings", async (q) => {
      for (const record of await q.run(I.TRANSACTION_MEMORY_SETTINGS)) {
        const bytes = parseByteSize(record.get("value"));
        if (bytes) settings.set(record.get("name") as string, bytes);
      }
    });
  } catch {
    // Settings need a privilege a restricted user may lack; the fallback is a safe guess.
  }
  const totals = ["dbms.memory.transaction.total.max", "db.memory.transaction.total.max"].map((name) => settings.get(name) ?? Infinity);
  const total = Math.min(...totals);
  return {
    totalBytes: Number.isFinite(total) ? total : TRANSACTION_MEMORY_DEFAULTS.fallbackCapBytes,
    perTransactionBytes: settings.get("db.memory.transaction.max") ?? Infinity,
  };
}

/** What a step's batches need from the budget: its rows and their estimated memory each. */
export interface MemorySizedStep {
  readonly rows: readonly unknown[];
  readonly bytesPerRow: number;
}

export class ImportMemoryBudget {
  private readonly importBytes: number;

  constructor(
    private readonly caps: TransactionMemoryCaps,
    private readonly concurrency: number,
  ) {
    this.importBytes = caps.totalBytes * TRANSACTION_MEMORY_DEFAULTS.importShare;
  }

  /** Whether every step fits one transaction. */
  fitsOneTransaction(steps: readonly MemorySizedStep[]): boolean {
    const bytes = steps.reduce((sum, s) => sum + s.rows.length * s.bytesPerRow * TRANSACTION_MEMORY_DEFAULTS.commitFactor, 0);
    return bytes <= Math.min(this.importBytes, this.caps.perTransactionBytes);
  }

  /** Rows per batch of `step` when `concurrency` batches commit at once: at least 1, at most `batchSize`. */
  rowsPerBatch(step: MemorySizedStep, batchSize: number): number {
    const perBatch = Math.min(this.importBytes / this.concurrency, this.caps.perTransactionBytes);
    const fits = Math.floor(perBatch / (step.bytesPerRow * TRANSACTION_MEMORY_DEFAULTS.commitFactor));
    return Math.max(1, Math.min(batchSize, fits));
  }
}
