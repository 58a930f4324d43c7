/**
 * AccountGraphStore on embedded SQLite (better-sqlite3): the zero-setup default when no
 * NEO4J_URI is configured. better-sqlite3 is synchronous, so each async method does its
 * work synchronously and resolves; nothing interleaves inside one method call.
 *
 * - Every write is one `db.transaction(...).immediate()`: BEGIN IMMEDIATE takes the write
 *   lock up front (waiting up to busy_timeout for another process), so a transaction
 *   never has to upgrade a read lock and fail with SQLITE_BUSY half way.
 * - Referenced rows are checked explicitly inside the transaction, so failures name the
 *   field (`accountId`, `fromId`, …); constraints in the schema are the safety net.
 * - The graph version lives in `meta` and is bumped in the same transaction as the write.
 * - readGraph reads one snapshot: a separate read-only connection holds a WAL read
 *   transaction across the async iteration (an in-memory database cannot be opened
 *   twice, so there the chunks are read up front in one transaction instead).
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { NotFoundError, StoreUnavailableError, ValidationError } from "../../domain/errors.js";
import type { GraphChunk } from "../../domain/graph.js";
import { newId } from "../../domain/ids.js";
import type { Account, AccountManager, Community, Engagement, Link, Membership, Purchase } from "../../domain/model.js";
import { foldForSearch } from "../../domain/search-text.js";
import type {
  AccountFilter,
  AccountGraphStore,
  AccountPageQuery,
  AccountPatch,
  Dataset,
  DateWindow,
  KeysetPosition,
  LinkQuery,
  ManagerPatch,
  NewAccount,
  NewCommunity,
  NewEngagement,
  NewInfluenceLink,
  NewManager,
  NewMembership,
  NewPurchase,
  NewReferral,
  Page,
  StoreCounts,
} from "../../ports/account-graph-store.js";
import {
  alreadyMemberError,
  externalIdTakenError,
  idTakenError,
  linkExistsError,
  membershipNotFoundError,
} from "../../ports/store-errors.js";
import {
  alignById,
  applyPatch,
  buildAccount,
  buildAccountPage,
  buildCommunity,
  buildEngagement,
  buildInfluenceLink,
  buildManager,
  buildMembership,
  buildPurchase,
  buildReferralLink,
  pageSizeOf,
  requireAccountSort,
} from "../../ports/store-records.js";
import { buildApiKey, type ActiveApiKey, type ApiKey, type NewApiKey } from "../../ports/api-key-store.js";
import { activeApiKeyRows, insertApiKey, listApiKeyRows, revokeApiKeyRow } from "./sqlite-api-keys.js";
import { translateSqliteError } from "./sqlite-errors.js";
import { readGraphChunks } from "./sqlite-graph-read.js";
import { importDatasetRows, withForeignKeysOff } from "./sqlite-import.js";
import {
  accountToRow,
  communityToRow,
  engagementToRow,
  linkToRow,
  managerToRow,
  membershipToRow,
  purchaseToRow,
  rowToAccount,
  rowToCommunity,
  rowToEngagement,
  rowToLink,
  rowToManager,
  rowToMembership,
  rowToPurchase,
  type AccountRow,
  type CommunityRow,
  type EngagementRow,
  type LinkRow,
  type ManagerRow,
  type MembershipRow,
  type PurchaseRow,
} from "./sqlite-mapping.js";
import { ACCOUNT_SORTS, FILTER_KEYS, SQL, buildAccountListSql, type KeysetShape } from "./sqlite-queries.js";
import { PLANNER_STATS_SQL, SCHEMA_DDL, connectionPragmas } from "./sqlite-schema.js";

export interface SqliteStoreOptions {
  /** File path (parent folders are created) or `:memory:`. */
  path: string;
  busyTimeoutMs?: number;
}

export const DEFAULTS = Object.freeze({
  busyTimeoutMs: 5_000,
  importBatchSize: 500,
  readPageSize: 5_000,
  /** Distinct listAccounts SQL shapes kept prepared; filter combinations are few in practice. */
  statementCacheSize: 256,
});

type Params = Record<string, string | number | null>;

function isMemoryPath(path: string): boolean {
  return path === ":memory:" || path === "";
}

function nowIso(): string {
  return new Date().toISOString();
}

/** JSON for json_each(): the one parameter that carries a list. */
function jsonList(values: readonly string[]): string {
  return JSON.stringify(values);
}

export class SqliteAccountGraphStore implements AccountGraphStore {
  readonly kind = "sqlite";
  readonly #path: string;
  readonly #busyTimeoutMs: number;
  #db: Database.Database | null = null;
  readonly #statements = new Map<string, Database.Statement>();
  /** Row-returning statements in raw mode, with their column names (see #all). */
  readonly #readers = new Map<string, { statement: Database.Statement; columns: string[] }>();

  constructor(options: SqliteStoreOptions) {
    this.#path = options.path;
    this.#busyTimeoutMs = options.busyTimeoutMs ?? DEFAULTS.busyTimeoutMs;
  }

  // ---------- lifecycle ----------

  async init(): Promise<void> {
    this.#run(() => {
      const db = this.#db ?? this.#open(false);
      this.#db = db;
      db.exec(SCHEMA_DDL);
      db.exec(PLANNER_STATS_SQL);
    });
  }

  async close(): Promise<void> {
    const db = this.#db;
    this.#db = null;
    this.#statements.clear();
    this.#readers.clear();
    if (db?.open) db.close();
  }

  async ping(): Promise<void> {
    this.#run(() => this.#stmt(SQL.ping).get());
  }

  async graphVersion(): Promise<number> {
    return this.#run(() => this.#readGraphVersion());
  }

  async counts(): Promise<StoreCounts> {
    return this.#run(() => this.#stmt(SQL.counts).get() as StoreCounts);
  }

  // ---------- accounts ----------

  async getAccounts(ids: readonly string[]): Promise<(Account | null)[]> {
    if (ids.length === 0) return [];
    return this.#run(() => alignById(ids, this.#all<AccountRow>(SQL.accountsByIds, jsonList(ids)).map(rowToAccount)));
  }

  async listAccounts(query: AccountPageQuery): Promise<Page<Account>> {
    const filter = query.filter ?? {};
    requireAccountSort(query.sort);
    const spec = ACCOUNT_SORTS[query.sort.key];
    const direction = query.sort.direction;
    const pageSize = pageSizeOf(query);
    const filterKeys = FILTER_KEYS.filter((key) => filter[key] !== undefined && filter[key] !== null);
    const params: Params = { ...filterParams(filter, filterKeys), limit: pageSize + 1 };
    let keyset: KeysetShape = "none";
    if (query.after !== undefined) {
      keyset = keysetParams(query.after, spec.nullable, spec.valueType, params);
    }
    const sql = buildAccountListSql(filterKeys, query.sort.key, direction, keyset);
    return this.#run(() =>
      this.#requireDb().transaction(() => {
        const total = (this.#stmt(sql.count).get(params) as { total: number }).total;
        const rows = this.#all<AccountRow>(sql.page, params).map(rowToAccount);
        return buildAccountPage(rows, pageSize, query.sort.key, total);
      })(),
    );
  }

  async createAccount(input: NewAccount): Promise<Account> {
    return this.#write(() => {
      const account = buildAccount(input, input.id ?? newId("account"), nowIso());
      this.#requireNewId(SQL.accountExists, "Account", account.id);
      this.#checkAccountReferences(account);
      this.#stmt(SQL.insertAccount).run(accountToRow(account));
      this.#bumpGraphVersion();
      return account;
    });
  }

  async updateAccount(id: string, patch: AccountPatch): Promise<Account> {
    return this.#write(() => {
      const current = this.#requireAccount(id, "id");
      const next = applyPatch(current, patch, ["id", "createdAt", "updatedAt"]);
      next.updatedAt = nowIso();
      this.#checkAccountReferences(next);
      this.#stmt(SQL.updateAccount).run(accountToRow(next));
      this.#bumpGraphVersion();
      return next;
    });
  }

  async deleteAccount(id: string): Promise<Account> {
    return this.#write(() => {
      const account = this.#requireAccount(id, "id");
      // Links, memberships, engagements and purchases go with it (ON DELETE CASCADE).
      this.#stmt(SQL.deleteAccount).run(id);
      this.#bumpGraphVersion();
      return account;
    });
  }

  // ---------- managers ----------

  async getManagers(ids: readonly string[]): Promise<(AccountManager | null)[]> {
    if (ids.length === 0) return [];
    return this.#run(() => alignById(ids, this.#all<ManagerRow>(SQL.managersByIds, jsonList(ids)).map(rowToManager)));
  }

  async listManagers(): Promise<AccountManager[]> {
    return this.#run(() => this.#all<ManagerRow>(SQL.listManagers).map(rowToManager));
  }

  async createManager(input: NewManager): Promise<AccountManager> {
    return this.#write(() => {
      const manager = buildManager(input, input.id ?? newId("manager"), nowIso());
      this.#requireNewId(SQL.managerExists, "Manager", manager.id);
      this.#stmt(SQL.insertManager).run(managerToRow(manager));
      this.#bumpGraphVersion();
      return manager;
    });
  }

  async updateManager(id: string, patch: ManagerPatch): Promise<AccountManager> {
    return this.#write(() => {
      const row = this.#stmt(SQL.managerById).get(id) as ManagerRow | undefined;
      if (row === undefined) throw new NotFoundError("Manager", id, "id");
      const next = applyPatch(rowToManager(row), patch, ["id", "createdAt"]);
      this.#stmt(SQL.updateManager).run(managerToRow(next));
      this.#bumpGraphVersion();
      return next;
    });
  }

  // ---------- communities and memberships ----------

  async getCommunities(ids: readonly string[]): Promise<(Community | null)[]> {
    if (ids.length === 0) return [];
    return this.#run(() => alignById(ids, this.#all<CommunityRow>(SQL.communitiesByIds, jsonList(ids)).map(rowToCommunity)));
  }

  async listCommunities(): Promise<Community[]> {
    return this.#run(() => this.#all<CommunityRow>(SQL.listCommunities).map(rowToCommunity));
  }

  async createCommunity(input: NewCommunity): Promise<Community> {
    return this.#write(() => {
      const community = buildCommunity(input, input.id ?? newId("community"), nowIso());
      this.#requireNewId(SQL.communityExists, "Community", community.id);
      this.#stmt(SQL.insertCommunity).run(communityToRow(community));
      this.#bumpGraphVersion();
      return community;
    });
  }

  async addMembership(input: NewMembership): Promise<Membership> {
    return this.#write(() => {
      this.#requireExists(SQL.accountExists, "Account", input.accountId, "accountId");
      this.#requireExists(SQL.communityExists, "Community", input.communityId, "communityId");
      if (this.#stmt(SQL.membershipByKey).get(input.accountId, input.communityId) !== undefined) {
        throw alreadyMemberError(input.accountId);
      }
      const membership = buildMembership(input);
      this.#stmt(SQL.insertMembership).run(membershipToRow(membership));
      this.#bumpGraphVersion();
      return membership;
    });
  }

  async removeMembership(accountId: string, communityId: string): Promise<Membership> {
    return this.#write(() => {
      const row = this.#stmt(SQL.membershipByKey).get(accountId, communityId) as MembershipRow | undefined;
      if (row === undefined) throw membershipNotFoundError(accountId, communityId);
      this.#stmt(SQL.deleteMembership).run(accountId, communityId);
      this.#bumpGraphVersion();
      return rowToMembership(row);
    });
  }

  async membershipsOfAccounts(accountIds: readonly string[]): Promise<Membership[]> {
    if (accountIds.length === 0) return [];
    return this.#run(() => this.#all<MembershipRow>(SQL.membershipsOfAccounts, jsonList(accountIds)).map(rowToMembership));
  }

  async membershipsOfCommunities(communityIds: readonly string[]): Promise<Membership[]> {
    if (communityIds.length === 0) return [];
    return this.#run(() => this.#all<MembershipRow>(SQL.membershipsOfCommunities, jsonList(communityIds)).map(rowToMembership));
  }

  // ---------- links ----------

  async linkInfluence(input: NewInfluenceLink): Promise<Link> {
    return this.#write(() => this.#insertLink(buildInfluenceLink(input, input.id ?? newId("link"), nowIso())));
  }

  async recordReferral(input: NewReferral): Promise<Link> {
    return this.#write(() => this.#insertLink(buildReferralLink(input, input.id ?? newId("link"), nowIso())));
  }

  async unlink(linkId: string): Promise<Link> {
    return this.#write(() => {
      const row = this.#stmt(SQL.linkById).get(linkId) as LinkRow | undefined;
      if (row === undefined) throw new NotFoundError("Link", linkId, "id");
      this.#stmt(SQL.deleteLink).run(linkId);
      this.#bumpGraphVersion();
      return rowToLink(row);
    });
  }

  async getLinks(ids: readonly string[]): Promise<(Link | null)[]> {
    if (ids.length === 0) return [];
    return this.#run(() => alignById(ids, this.#all<LinkRow>(SQL.linksByIds, jsonList(ids)).map(rowToLink)));
  }

  async linksOfAccounts(query: LinkQuery): Promise<Link[]> {
    if (query.accountIds.length === 0 || query.types?.length === 0) return [];
    const out = query.direction === "OUT";
    return this.#run(() => {
      const rows =
        query.types === undefined
          ? this.#all<LinkRow>(out ? SQL.linksFrom : SQL.linksTo, jsonList(query.accountIds))
          : this.#all<LinkRow>(out ? SQL.linksFromOfTypes : SQL.linksToOfTypes, jsonList(query.accountIds), jsonList(query.types));
      return rows.map(rowToLink);
    });
  }

  // ---------- activity ----------

  async recordEngagement(input: NewEngagement): Promise<Engagement> {
    return this.#write(() => {
      const engagement = buildEngagement(input, input.id ?? newId("engagement"));
      this.#requireNewId(SQL.engagementExists, "Engagement", engagement.id);
      this.#requireExists(SQL.accountExists, "Account", engagement.accountId, "accountId");
      this.#requireExists(SQL.managerExists, "Manager", engagement.managerId, "managerId");
      this.#stmt(SQL.insertEngagement).run(engagementToRow(engagement));
      return engagement;
    });
  }

  async recordPurchase(input: NewPurchase): Promise<Purchase> {
    return this.#write(() => {
      const purchase = buildPurchase(input, input.id ?? newId("purchase"));
      this.#requireNewId(SQL.purchaseExists, "Purchase", purchase.id);
      this.#requireExists(SQL.accountExists, "Account", purchase.accountId, "accountId");
      this.#stmt(SQL.insertPurchase).run(purchaseToRow(purchase));
      return purchase;
    });
  }

  async engagementsOfAccounts(accountIds: readonly string[], window?: DateWindow): Promise<Engagement[]> {
    if (accountIds.length === 0) return [];
    return this.#run(() =>
      this.#all<EngagementRow>(SQL.engagementsOfAccounts, jsonList(accountIds), windowParams(window)).map(rowToEngagement),
    );
  }

  async engagementsOfManager(managerId: string, window?: DateWindow): Promise<Engagement[]> {
    return this.#run(() =>
      this.#all<EngagementRow>(SQL.engagementsOfManager, { managerId, ...windowParams(window) }).map(rowToEngagement),
    );
  }

  async purchasesOfAccounts(accountIds: readonly string[], window?: DateWindow): Promise<Purchase[]> {
    if (accountIds.length === 0) return [];
    return this.#run(() =>
      this.#all<PurchaseRow>(SQL.purchasesOfAccounts, jsonList(accountIds), windowParams(window)).map(rowToPurchase),
    );
  }

  // ---------- bulk ----------

  async importDataset(dataset: Dataset, options: { batchSize?: number } = {}): Promise<StoreCounts> {
    const batchSize = Math.max(1, Math.trunc(options.batchSize ?? DEFAULTS.importBatchSize));
    // importDatasetRows proves every reference itself; see withForeignKeysOff.
    const written = withForeignKeysOff(this.#requireDb(), () =>
      this.#write(() => {
        const written = importDatasetRows(this.#requireDb(), dataset, batchSize, nowIso());
        this.#bumpGraphVersion();
        return written;
      }),
    );
    this.#run(() => this.#requireDb().exec(PLANNER_STATS_SQL));
    return written;
  }

  async *readGraph(options: { pageSize?: number } = {}): AsyncIterable<GraphChunk> {
    const pageSize = Math.max(1, Math.trunc(options.pageSize ?? DEFAULTS.readPageSize));
    if (isMemoryPath(this.#path)) {
      const chunks = this.#run(() => {
        const db = this.#requireDb();
        return db.transaction(() => Array.from(readGraphChunks(db, pageSize)))();
      });
      yield* chunks;
      return;
    }
    this.#run(() => this.#requireDb());
    const reader = this.#run(() => this.#open(true));
    try {
      const chunks = this.#run(() => {
        reader.exec("BEGIN");
        return readGraphChunks(reader, pageSize);
      });
      for (;;) {
        const next = this.#run(() => chunks.next());
        if (next.done) break;
        yield next.value;
      }
    } finally {
      if (reader.inTransaction) reader.exec("COMMIT");
      reader.close();
    }
  }

  // ---------- internals ----------

  #open(readonly: boolean): Database.Database {
    let db: Database.Database;
    try {
      if (!isMemoryPath(this.#path) && !readonly) mkdirSync(dirname(resolve(this.#path)), { recursive: true });
      db = new Database(this.#path, { timeout: this.#busyTimeoutMs, readonly, fileMustExist: readonly });
    } catch (error) {
      // A folder we may not create or a file that is not a database: nothing to serve from.
      const unavailable = new StoreUnavailableError(`sqlite store cannot open ${this.#path}`);
      Object.defineProperty(unavailable, "cause", { value: error, enumerable: false });
      throw unavailable;
    }
    for (const pragma of connectionPragmas(this.#busyTimeoutMs)) {
      // journal_mode is a property of the file; a read-only connection may not set it.
      if (readonly && pragma.startsWith("journal_mode")) continue;
      db.pragma(pragma);
    }
    return db;
  }

  #requireDb(): Database.Database {
    if (this.#db === null || !this.#db.open) throw new StoreUnavailableError("sqlite store is not open (call init())");
    return this.#db;
  }

  /** Runs synchronous store work, translating driver errors into DomainErrors. */
  #run<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw translateSqliteError(error);
    }
  }

  /** One write transaction (BEGIN IMMEDIATE): all of `work` or none of it. */
  #write<T>(work: () => T): T {
    return this.#run(() => this.#requireDb().transaction(work).immediate());
  }

  #stmt(sql: string): Database.Statement {
    const db = this.#requireDb();
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      if (this.#statements.size >= DEFAULTS.statementCacheSize) this.#statements.clear();
      statement = db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Every row of a query as a plain object keyed by column name. Rows are fetched as
   * arrays (`raw` mode) and assembled here: better-sqlite3 builds each row object through
   * the V8 API one property at a time, which for the 21 columns of an account cost
   * ~13 µs a row against ~6 µs this way (tmp probe on the M dataset; getAccounts was
   * the API's largest single cost under `npm run load`). Objects built in a fixed key
   * order also share one hidden class, which the mappers then read fast.
   */
  #all<R>(sql: string, ...params: unknown[]): R[] {
    const reader = this.#reader(sql);
    const rows = reader.statement.all(...params) as unknown[][];
    const columns = reader.columns;
    const objects = new Array<R>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const values = rows[r]!;
      const row: Record<string, unknown> = {};
      for (let c = 0; c < columns.length; c++) row[columns[c]!] = values[c];
      objects[r] = row as R;
    }
    return objects;
  }

  #reader(sql: string): { statement: Database.Statement; columns: string[] } {
    let reader = this.#readers.get(sql);
    if (reader === undefined) {
      if (this.#readers.size >= DEFAULTS.statementCacheSize) this.#readers.clear();
      const statement = this.#requireDb().prepare(sql).raw(true);
      reader = { statement, columns: statement.columns().map((column) => column.name) };
      this.#readers.set(sql, reader);
    }
    return reader;
  }

  #exists(sql: string, id: string): boolean {
    return this.#stmt(sql).get(id) !== undefined;
  }

  #requireExists(sql: string, entity: string, id: string, field: string): void {
    if (!this.#exists(sql, id)) throw new NotFoundError(entity, id, field);
  }

  /** A supplied id must not name an existing row of its kind. */
  #requireNewId(sql: string, entity: string, id: string): void {
    if (this.#exists(sql, id)) throw idTakenError(entity, id);
  }

  #requireAccount(id: string, field: string): Account {
    const row = this.#stmt(SQL.accountById).get(id) as AccountRow | undefined;
    if (row === undefined) throw new NotFoundError("Account", id, field);
    return rowToAccount(row);
  }

  /** Owner must exist; external id must be free (other than on this account). */
  #checkAccountReferences(account: Account): void {
    if (account.ownerId !== null) this.#requireExists(SQL.managerExists, "Manager", account.ownerId, "ownerId");
    if (account.externalId !== null) {
      const holder = this.#stmt(SQL.accountIdByExternalId).pluck().get(account.externalId) as string | undefined;
      if (holder !== undefined && holder !== account.id) throw externalIdTakenError(account.externalId);
    }
  }

  #insertLink(link: Link): Link {
    this.#requireNewId(SQL.linkExists, "Link", link.id);
    this.#requireExists(SQL.accountExists, "Account", link.fromId, "fromId");
    this.#requireExists(SQL.accountExists, "Account", link.toId, "toId");
    if (this.#stmt(SQL.linkByEnds).get(link.type, link.fromId, link.toId) !== undefined) {
      throw linkExistsError(link.type);
    }
    this.#stmt(SQL.insertLink).run(linkToRow(link));
    this.#bumpGraphVersion();
    return link;
  }

  #readGraphVersion(): number {
    return (this.#stmt(SQL.graphVersion).get() as { value: number }).value;
  }

  #bumpGraphVersion(): void {
    this.#stmt(SQL.bumpGraphVersion).run();
  }

  // ---------- API keys (ports/api-key-store.ts; not graph data: no version bump) ----------

  async createApiKey(input: NewApiKey): Promise<ApiKey> {
    return this.#write(() => insertApiKey((sql) => this.#stmt(sql), buildApiKey(input, input.id ?? newId("apiKey"), nowIso())));
  }

  async revokeApiKey(id: string, revokedAt: string): Promise<ApiKey> {
    return this.#write(() => revokeApiKeyRow((sql) => this.#stmt(sql), id, revokedAt));
  }

  async listApiKeys(): Promise<ApiKey[]> {
    return this.#run(() => listApiKeyRows((sql) => this.#stmt(sql)));
  }

  async activeApiKeys(): Promise<ActiveApiKey[]> {
    return this.#run(() => activeApiKeyRows((sql) => this.#stmt(sql)));
  }
}

function windowParams(window: DateWindow | undefined): Params {
  return { from: window?.from ?? null, to: window?.to ?? null };
}

function filterParams(filter: AccountFilter, keys: readonly (keyof AccountFilter)[]): Params {
  const params: Params = {};
  for (const key of keys) {
    const value = filter[key];
    if (Array.isArray(value)) params[key] = jsonList(value);
    else if (key === "nameContains") params[key] = foldForSearch(value as string);
    else params[key] = value as string | number;
  }
  return params;
}

/** Validates a cursor position against the sort key and binds it; returns the SQL shape. */
function keysetParams(after: KeysetPosition, nullable: boolean, valueType: "text" | "number", params: Params): KeysetShape {
  if (typeof after.id !== "string") throw new ValidationError("cursor position has no id", "after");
  params.afterId = after.id;
  if (after.value === null) {
    if (!nullable) throw new ValidationError("cursor does not match the sort key", "after");
    return "null";
  }
  const value = valueType === "number" ? Number(after.value) : after.value;
  if (valueType === "number" ? !Number.isFinite(value) : typeof value !== "string") {
    throw new ValidationError("cursor does not match the sort key", "after");
  }
  params.afterValue = value;
  return "value";
}
