/**
 * The change feed on Neo4j (ports/change-feed.ts): `(:Change)` nodes numbered from the
 * `(:GraphMeta {key: 'feed'})` head, inside the write's own transaction. Functions here run
 * inside the store's units of work (neo4j-executor.ts); the store decides what to append.
 *
 * Why the numbering is gap-free and in commit order: a write takes the next number by
 * incrementing the head node, which holds the head's write lock until the transaction ends;
 * the next writer waits for it, so numbers commit in the order they were taken, and a
 * rolled-back transaction gives its number back. Most writes take it first, which also
 * serialises their checks with every other write; appends of activity (engagements,
 * purchases), whose only invariants are backed by constraints or the account's own lock,
 * take it last (TAKE_SEQ_AND_APPEND_CHANGE), so the lock is held for one statement and the
 * commit instead of every round trip of the write.
 * Why a lost commit acknowledgement cannot duplicate a change: each call carries a random
 * writeId fixed before the transaction; when the driver runs the unit of work again, it first
 * looks for a change with that writeId, and if the earlier attempt committed, answers with it.
 * Why a reader cannot miss one: changes are read by an index range on seq, which is not a
 * snapshot, so a reader racing a commit could in principle see seq n+1 before n becomes
 * visible; readers only apply an unbroken run from where they are (services/read-model), so
 * such a page is cut at the gap and the rest is read again on the next poll.
 */
import type { Change, ChangeEntry } from "../../ports/change-feed.js";
import * as C from "./cypher.js";
import type { CypherRunner } from "./neo4j-executor.js";
import { toNeo4jInt, toNumber } from "./neo4j-mapping.js";

export async function takeFeedSeq(q: CypherRunner): Promise<number> {
  const [record] = await q.run(C.TAKE_FEED_SEQ);
  if (!record) throw new Error("store/neo4j/neo4j-feed: the feed head is missing (init() has not migrated this database)");
  return toNumber(record.get("seq"));
}

export async function appendChange(q: CypherRunner, seq: number, writeId: string, at: string, entries: readonly ChangeEntry[]): Promise<Change> {
  await q.run(C.APPEND_CHANGE, { seq: toNeo4jInt(seq), writeId, at, entries: JSON.stringify(entries) });
  return { seq, at, entries };
}

/** Takes the next number and appends the change in one statement (the lock held from here to the commit). */
export async function takeSeqAndAppendChange(q: CypherRunner, writeId: string, at: string, entries: readonly ChangeEntry[]): Promise<Change> {
  const [record] = await q.run(C.TAKE_SEQ_AND_APPEND_CHANGE, { writeId, at, entries: JSON.stringify(entries) });
  if (!record) throw new Error("store/neo4j/neo4j-feed: the feed head is missing (init() has not migrated this database)");
  return { seq: toNumber(record.get("seq")), at, entries };
}

/** A bulk import transaction's change: readers reload. */
export async function appendReset(q: CypherRunner, writeId: string, at: string): Promise<Change> {
  return appendChange(q, await takeFeedSeq(q), writeId, at, [{ kind: "DATASET", op: "RESET" }]);
}

/**
 * The change an earlier attempt of this transaction committed under `writeId`, if any: the
 * driver retries when a commit's acknowledgement is lost, so a retry must find out whether
 * the first attempt landed before it writes again. Null on a first attempt (no query).
 */
export async function committedByEarlierAttempt(q: CypherRunner, writeId: string): Promise<Change | null> {
  if (q.attempt <= 1) return null;
  const [record] = await q.run(C.CHANGE_BY_WRITE_ID, { writeId });
  return record ? toChange(record) : null;
}

export function toChange(record: { get(key: string): unknown }): Change {
  return {
    seq: toNumber(record.get("seq")),
    at: String(record.get("at")),
    entries: JSON.parse(String(record.get("entries"))) as ChangeEntry[],
  };
}
