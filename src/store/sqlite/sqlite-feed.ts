/**
 * The change feed on SQLite (ports/change-feed.ts): the `changes` table and `meta.feed_head`
 * of migration 2. Functions here run inside the store's transactions; the store class owns
 * connections and locking.
 *
 * Why the numbering is gap-free and in commit order: every write holds SQLite's single write
 * lock (BEGIN IMMEDIATE) from before it takes `feed_head + 1` until it commits, so no two
 * writers can hold the same head, and a rolled-back write rolls its increment back too.
 */
import type { ChangeEntry, Change, FeedPage } from "../../ports/change-feed.js";
import type { PrepareStatement } from "./sqlite-api-keys.js";

export const FEED_SQL = Object.freeze({
  head: "SELECT value FROM meta WHERE key = 'feed_head'",
  compactedThrough: "SELECT value FROM meta WHERE key = 'feed_compacted_through'",
  bumpHead: "UPDATE meta SET value = value + 1 WHERE key = 'feed_head' RETURNING value",
  insert: "INSERT INTO changes (seq, write_id, at, entries) VALUES (?, ?, ?, ?)",
  since: "SELECT seq, at, entries FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
  compact: "DELETE FROM changes WHERE seq <= ?",
  setCompactedThrough: "UPDATE meta SET value = ? WHERE key = 'feed_compacted_through' AND value < ?",
});

interface ChangeRow {
  seq: number;
  at: string;
  entries: string;
}

/** Appends the change of the write running in the current transaction; returns it. */
export function appendChange(prepare: PrepareStatement, entries: readonly ChangeEntry[], writeId: string | null, at: string): Change {
  const seq = (prepare(FEED_SQL.bumpHead).get() as { value: number }).value;
  prepare(FEED_SQL.insert).run(seq, writeId, at, JSON.stringify(entries));
  return { seq, at, entries };
}

export function readFeedHead(prepare: PrepareStatement): number {
  return (prepare(FEED_SQL.head).get() as { value: number }).value;
}

/** Changes after `after`; run in one read transaction so head, compaction point and rows agree. */
export function readChangesSince(prepare: PrepareStatement, after: number, limit: number): FeedPage {
  const head = readFeedHead(prepare);
  const compactedThrough = (prepare(FEED_SQL.compactedThrough).get() as { value: number }).value;
  if (after < compactedThrough) return { changes: [], head, compacted: true };
  const rows = prepare(FEED_SQL.since).all(after, limit) as ChangeRow[];
  return {
    changes: rows.map((row) => ({ seq: row.seq, at: row.at, entries: JSON.parse(row.entries) as ChangeEntry[] })),
    head,
    compacted: false,
  };
}

/** Deletes changes older than the newest `keep`; run in a write transaction. */
export function compactChanges(prepare: PrepareStatement, keep: number): number {
  const through = Math.max(0, readFeedHead(prepare) - Math.max(0, Math.trunc(keep)));
  prepare(FEED_SQL.compact).run(through);
  prepare(FEED_SQL.setCompactedThrough).run(through, through);
  return (prepare(FEED_SQL.compactedThrough).get() as { value: number }).value;
}
