/**
 * SQLite schema for the embedded store, as constants so the DDL is reviewable in one
 * place. `CREATE ... IF NOT EXISTS` keeps `init()` idempotent.
 *
 * Choices worth knowing:
 * - Money columns are INTEGER cents (64-bit in SQLite, exact up to Number.MAX_SAFE_INTEGER
 *   when read back), dates are ISO-8601 TEXT, which sorts chronologically as text.
 * - `name_folded` holds foldForSearch(name) (domain/search-text.ts) so `nameContains`
 *   is case-insensitive for every script, not only ASCII as SQLite's LIKE/NOCASE are.
 * - Child rows reference accounts with ON DELETE CASCADE, so deleting an account removes
 *   its links, memberships, engagements and purchases inside the same transaction. The
 *   store also checks referenced rows explicitly before writing, to name the field.
 * - Every index ends with `id` where it serves a sort, so keyset pages `(value, id)` are
 *   answered by an index range scan.
 */

/**
 * Connection pragmas, applied on every open (they are per connection, except
 * journal_mode which persists in the file).
 *
 * - WAL: readers never block the writer, and a reader keeps a consistent snapshot,
 *   which readState (the read model's whole-state load) relies on.
 * - synchronous=NORMAL in WAL mode: a commit is appended to the WAL before it returns,
 *   so it survives a crash of the process (SIGKILL) — that is the durability we
 *   require. Only an OS crash or power loss may drop the last commits (never corrupt
 *   the file), because the WAL is fsynced at checkpoints rather than at every commit.
 * - foreign_keys is off by default in SQLite and must be turned on per connection.
 * - busy_timeout: a second process on the same file waits for the lock instead of
 *   failing at once with SQLITE_BUSY.
 */
export function connectionPragmas(busyTimeoutMs: number): readonly string[] {
  return ["journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON", `busy_timeout = ${Math.trunc(busyTimeoutMs)}`];
}

/**
 * Planner statistics (https://sqlite.org/lang_analyze.html, "PRAGMA optimize" recommended use):
 * without them SQLite guesses that `region = ?` matches ~10 rows and answers a region-filtered
 * account page by reading the whole region (~3,000 rows on 20,000 accounts) and sorting it
 * (~5 ms); with them it walks the sort index and stops after one page (~0.5 ms).
 * 0x10002 = analyse every table whose statistics are missing or stale; analysis_limit keeps
 * that to ~60 ms on 20,000 accounts and ~0.1 ms when nothing changed. Run at open and after a
 * bulk import (the moment row counts jump).
 */
export const PLANNER_STATS_SQL = "PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;";

/**
 * Release 0.1.0's schema: migration 1 (sqlite-migrations.ts). Never edit it: a store at
 * user_version 1 holds exactly this, and later versions are migrations on top.
 */
export const SCHEMA_V1_DDL = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (key, value) VALUES ('graph_version', 0);

CREATE TABLE IF NOT EXISTS managers (
  id                    TEXT PRIMARY KEY,
  name                  TEXT NOT NULL,
  email                 TEXT NOT NULL,
  weekly_capacity_hours REAL NOT NULL,
  created_at            TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS accounts (
  id                 TEXT PRIMARY KEY,
  external_id        TEXT UNIQUE,
  name               TEXT NOT NULL,
  name_folded        TEXT NOT NULL,
  industry           TEXT,
  segment            TEXT NOT NULL,
  region             TEXT,
  owner_id           TEXT REFERENCES managers (id),
  status             TEXT NOT NULL,
  annual_revenue     INTEGER NOT NULL,
  gross_margin       REAL NOT NULL,
  licences_held      INTEGER NOT NULL,
  licences_planned   INTEGER NOT NULL,
  licence_price      INTEGER NOT NULL,
  customer_since     TEXT,
  renewal_date       TEXT,
  discount_purchases INTEGER NOT NULL,
  supplier_switches  INTEGER NOT NULL,
  last_contact       TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS accounts_name_idx             ON accounts (name, id);
CREATE INDEX IF NOT EXISTS accounts_annual_revenue_idx   ON accounts (annual_revenue, id);
CREATE INDEX IF NOT EXISTS accounts_created_at_idx       ON accounts (created_at, id);
CREATE INDEX IF NOT EXISTS accounts_renewal_date_idx     ON accounts (renewal_date, id);
CREATE INDEX IF NOT EXISTS accounts_licences_planned_idx ON accounts (licences_planned, id);
CREATE INDEX IF NOT EXISTS accounts_segment_idx          ON accounts (segment);
CREATE INDEX IF NOT EXISTS accounts_industry_idx         ON accounts (industry);
CREATE INDEX IF NOT EXISTS accounts_region_idx           ON accounts (region);
CREATE INDEX IF NOT EXISTS accounts_owner_idx            ON accounts (owner_id);
CREATE INDEX IF NOT EXISTS accounts_status_idx           ON accounts (status);

CREATE TABLE IF NOT EXISTS communities (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  region     TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS memberships (
  account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  community_id TEXT NOT NULL REFERENCES communities (id),
  role         TEXT NOT NULL,
  since        TEXT,
  PRIMARY KEY (account_id, community_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS memberships_community_idx ON memberships (community_id, account_id);

CREATE TABLE IF NOT EXISTS links (
  id         TEXT PRIMARY KEY,
  type       TEXT NOT NULL,
  from_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  to_id      TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  strength   REAL NOT NULL,
  kind       TEXT,
  revenue    INTEGER,
  date       TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (type, from_id, to_id)
);
CREATE INDEX IF NOT EXISTS links_from_idx ON links (from_id, type);
CREATE INDEX IF NOT EXISTS links_to_idx   ON links (to_id, type);

CREATE TABLE IF NOT EXISTS engagements (
  id         TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  manager_id TEXT NOT NULL REFERENCES managers (id),
  minutes    INTEGER NOT NULL,
  date       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  note       TEXT
);
CREATE INDEX IF NOT EXISTS engagements_account_idx ON engagements (account_id, date);
CREATE INDEX IF NOT EXISTS engagements_manager_idx ON engagements (manager_id, date);

CREATE TABLE IF NOT EXISTS purchases (
  id         TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  amount     INTEGER NOT NULL,
  licences   INTEGER NOT NULL,
  discount   REAL NOT NULL,
  date       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS purchases_account_idx ON purchases (account_id, date);

-- API keys managed at runtime (ports/api-key-store.ts): not part of the graph, so no
-- foreign key to managers (no graph write may cascade into a key) and no version bump.
-- Only the SHA-256 of a key is stored; the UNIQUE index is also the lookup path.
CREATE TABLE IF NOT EXISTS api_keys (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  role       TEXT NOT NULL,
  manager_id TEXT,
  sha256     TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT
);
`;

/**
 * Migration 2: the change feed (ports/change-feed.ts). One row per committed write. Its seq
 * is `meta.feed_head` + 1, taken inside the write transaction, rather than SQLite's rowid
 * choice, so numbering never depends on which rows compaction has left. `write_id`
 * identifies the call that wrote it. The feed replaces the graph version counter.
 */
export const SCHEMA_V2_DDL = `
CREATE TABLE IF NOT EXISTS changes (
  seq      INTEGER PRIMARY KEY,
  write_id TEXT,
  at       TEXT NOT NULL,
  entries  TEXT NOT NULL
);
INSERT OR IGNORE INTO meta (key, value) VALUES ('feed_head', 0);
INSERT OR IGNORE INTO meta (key, value) VALUES ('feed_compacted_through', 0);
DELETE FROM meta WHERE key = 'graph_version';
`;

/**
 * Migration 3: links' uniqueness rules (its id; one link of a type per ordered pair of
 * accounts) move from the PRIMARY KEY and the table's UNIQUE constraint to named UNIQUE
 * indexes, and the pair rule shares its index with the outgoing lookups.
 * - An index with SQL can be dropped and built again; a constraint's automatic index
 *   cannot. The bulk load (sqlite-import.ts) drops these with the other indexes and builds
 *   each by one sort after the rows are in: at a million links, random inserts into the
 *   (type, from_id, to_id) B-tree were the largest part of the load that was left. A
 *   duplicate still fails the load, when its index is built, in the same transaction.
 * - `(from_id, type, to_id)` is unique exactly when `(type, from_id, to_id)` is, and it
 *   also answers `from_id IN (...) [AND type IN (...)] ORDER BY from_id, type, to_id`
 *   without a sort, so it replaces both the old pair index and `(from_id, type)`;
 *   `links_to_idx` gains `from_id` for the same reason. Three indexes instead of four:
 *   every link write maintains one B-tree fewer.
 * - SQLite cannot drop a constraint, so the table is copied. Nothing depends on links (no
 *   foreign key, trigger or view names it).
 */
export const SCHEMA_V3_DDL = `
CREATE TABLE links_v3 (
  id         TEXT NOT NULL,
  type       TEXT NOT NULL,
  from_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  to_id      TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  strength   REAL NOT NULL,
  kind       TEXT,
  revenue    INTEGER,
  date       TEXT,
  created_at TEXT NOT NULL
);
INSERT INTO links_v3 (id, type, from_id, to_id, strength, kind, revenue, date, created_at)
  SELECT id, type, from_id, to_id, strength, kind, revenue, date, created_at FROM links ORDER BY rowid;
DROP TABLE links;
ALTER TABLE links_v3 RENAME TO links;
CREATE UNIQUE INDEX links_id_unique ON links (id);
CREATE UNIQUE INDEX links_from_unique ON links (from_id, type, to_id);
CREATE INDEX links_to_idx ON links (to_id, type, from_id);
`;
