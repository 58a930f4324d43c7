/**
 * AccountGraphStore on embedded SQLite (better-sqlite3): the zero-setup default when no
 * NEO4J_URI is configured. better-sqlite3 is synchronous, so each async method does its
 * work synchronously and resolves; nothing interleaves inside one method call.
 *
 * - Every write is one `db.transaction(...).immediate()`: BEGIN IMMEDIATE takes the write
 *   lock up front, so a transaction never has to upgrade a read lock and fail half way.
 * - Waiting for another process's write lock never blocks the event loop (threat 22 in
 *   docs/threats.md): SQLite's own busy handler would sleep inside the synchronous call and
 *   stall every request, /healthz included. So the connection's busy_timeout is 0 and a
 *   write that finds the lock taken is retried after an asynchronous pause, with backoff,
 *   for up to `writeLockWaitMs`; then it fails with StoreBusyError (STORE_BUSY) and writes
 *   nothing. Reads never wait: in WAL mode they do not need the write lock.
 * - Referenced rows are checked explicitly inside the transaction, so failures name the
 *   field (`accountId`, `fromId`, …); constraints in the schema are the safety net.
 * - Each write appends its change to the feed in the same transaction (sqlite-feed.ts).
 * - readState reads one snapshot: a separate read-only connection holds a WAL read
 *   transaction across the async pages (an in-memory database cannot be opened twice, so
 *   there it is read in one transaction on the main connection instead).
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { setTimeout as sleep } from "node:timers/promises";
import { NotFoundError, StoreBusyError, StoreUnavailableError, ValidationError } from "../../domain/errors.js";
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
  WriteScope,
} from "../../ports/account-graph-store.js";
import type {
  AccountUpsert,
  ActivityPage,
  ActivityPageQuery,
  CommunityPatch,
  DeleteManagerOptions,
  EngagementPatch,
  LinkPatch,
  PurchasePatch,
  UpsertedAccount,
} from "../../ports/account-graph-store.js";
import type { Change, ChangeEntry, Committed, FeedPage, StoreState } from "../../ports/change-feed.js";
import { requireDeletableBy, requireOwnOwner, requireOwnedAccount, requireSelf } from "../../ports/write-scope.js";
import {
  alreadyMemberError,
  communityNameTakenError,
  externalIdTakenError,
  idTakenError,
  linkExistsError,
  managerEmailTakenError,
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
  isUnchanged,
  pageSizeOf,
  requireAccountSort,
  uniquenessKey,
} from "../../ports/store-records.js";
import { buildApiKey, type ActiveApiKey, type ApiKey, type NewApiKey } from "../../ports/api-key-store.js";
import { activeApiKeyRows, insertApiKey, listApiKeyRows, revokeApiKeyRow } from "./sqlite-api-keys.js";
import { translateSqliteError } from "./sqlite-errors.js";
import { appendChange, compactChanges, readChangesSince, readFeedHead } from "./sqlite-feed.js";
import { migrateSqlite } from "./sqlite-migrations.js";
import { readStateRows } from "./sqlite-state-read.js";
import { importDatasetRows, withForeignKeysOff } from "./sqlite-import.js";
import { importCrmRecords } from "./sqlite-crm-import.js";
import { engagementPagesOf, purchasePagesOf } from "./sqlite-activity-pages.js";
import {
  deleteCommunityRow,
  deleteEngagementRow,
  deleteManagerRow,
  deletePurchaseRow,
  updateCommunityRow,
  updateEngagementRow,
  updateLinkRow,
  updatePurchaseRow,
  type SqliteEditContext,
  type Written,
} from "./sqlite-record-edits.js";
import type { CrmImportBatch, CrmImportOptions, CrmImportResult } from "../../ports/crm-import.js";
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
import { PLANNER_STATS_SQL, connectionPragmas } from "./sqlite-schema.js";
import { runToEnd } from "../../domain/steps.js";

export interface SqliteStoreOptions {
  /** File path (parent folders are created) or `:memory:`. */
  path: string;
  /** How long a write waits for another process's write lock before StoreBusyError. */
  writeLockWaitMs?: number;
  /** Rows per page of readState (tests make it small to interleave writes). */
  readPageSize?: number;
}

export const DEFAULTS = Object.freeze({
  writeLockWaitMs: 5_000,
  /** First pause after finding the write lock taken; doubles up to maxLockPauseMs. */
  firstLockPauseMs: 2,
  maxLockPauseMs: 100,
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

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

/** JSON for json_each(): the one parameter that carries a list. */
function jsonList(values: readonly string[]): string {
  return JSON.stringify(values);
}

export class SqliteAccountGraphStore implements AccountGraphStore {
  readonly kind = "sqlite";
  readonly #path: string;
  readonly #writeLockWaitMs: number;
  readonly #readPageSize: number;
  #db: Database.Database | null = null;
  readonly #statements = new Map<string, Database.Statement>();
  /** Row-returning statements in raw mode, with their column names (see #all). */
  readonly #readers = new Map<string, { statement: Database.Statement; columns: string[] }>();

  constructor(options: SqliteStoreOptions) {
    this.#path = options.path;
    this.#writeLockWaitMs = options.writeLockWaitMs ?? DEFAULTS.writeLockWaitMs;
    this.#readPageSize = Math.max(1, Math.trunc(options.readPageSize ?? DEFAULTS.readPageSize));
  }

  // ---------- lifecycle ----------

  async init(): Promise<void> {
    this.#run(() => {
      const db = this.#db ?? this.#open(false);
      this.#db = db;
      migrateSqlite(db, this.#path);
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

  // ---------- change feed (sqlite-feed.ts) ----------

  async feedHead(): Promise<number> {
    return this.#run(() => readFeedHead((sql) => this.#stmt(sql)));
  }

  async changesSince(after: number, limit: number): Promise<FeedPage> {
    const size = Math.max(1, Math.trunc(limit));
    return this.#run(() => this.#requireDb().transaction(() => readChangesSince((sql) => this.#stmt(sql), after, size))());
  }

  async compactFeed(keep: number): Promise<number> {
    return this.#withLock(() =>
      this.#requireDb()
        .transaction(() => compactChanges((sql) => this.#stmt(sql), keep))
        .immediate(),
    );
  }

  async readState(options: { activitySince: string }): Promise<StoreState> {
    const pageSize = this.#readPageSize;
    if (isMemoryPath(this.#path)) {
      const db = this.#run(() => this.#requireDb());
      return this.#run(() => db.transaction(() => runToEnd(readStateRows(db, options.activitySince, pageSize)))());
    }
    this.#run(() => this.#requireDb());
    const reader = this.#run(() => this.#open(true));
    try {
      // One WAL snapshot across the pages; between pages the event loop serves requests.
      const rows = this.#run(() => {
        reader.exec("BEGIN");
        return readStateRows(reader, options.activitySince, pageSize);
      });
      for (;;) {
        const next = this.#run(() => rows.next());
        if (next.done) return next.value;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      if (reader.inTransaction) reader.exec("COMMIT");
      reader.close();
    }
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

  async createAccount(input: NewAccount, scope?: WriteScope): Promise<Committed<Account>> {
    return this.#write(() => this.#insertAccount(input, scope));
  }

  async updateAccount(id: string, patch: AccountPatch, scope?: WriteScope): Promise<Committed<Account>> {
    return this.#write(() => this.#patchAccount(this.#requireAccount(id, "id"), patch, [], scope, "id"));
  }

  async upsertAccount(externalId: string, input: AccountUpsert, scope?: WriteScope): Promise<Committed<UpsertedAccount>> {
    return this.#write((): Written<UpsertedAccount> => {
      const holder = this.#stmt(SQL.accountIdByExternalId).pluck().get(externalId) as string | undefined;
      if (holder !== undefined) {
        // The externalId names the account: the patch may not move it to another one.
        const { value, entries } = this.#patchAccount(this.#requireAccount(holder, "externalId"), input.patch, ["externalId"], scope, "externalId");
        return { value: { account: value, created: false }, entries };
      }
      if (input.create === null) throw new ValidationError("name is required to create an account", "name");
      const { value, entries } = this.#insertAccount({ ...input.create, externalId }, scope);
      return { value: { account: value, created: true }, entries };
    });
  }

  async deleteAccount(id: string, scope?: WriteScope): Promise<Committed<Account>> {
    return this.#write(() => {
      const account = this.#requireAccount(id, "id");
      const links = this.#all<LinkRow>(SQL.linksOfAccount, id, id).map(rowToLink);
      const memberships = this.#all<MembershipRow>(SQL.membershipsOfAccounts, jsonList([id])).map(rowToMembership);
      if (scope) {
        const others = links.map((l) => (l.fromId === id ? l.toId : l.fromId));
        const owners = this.#all<{ owner_id: string | null }>(SQL.ownersOfAccounts, jsonList(others)).map((r) => r.owner_id);
        const managers = this.#all<{ manager_id: string }>(SQL.engagementManagersOfAccount, id).map((r) => r.manager_id);
        requireDeletableBy(scope, account, owners, managers);
      }
      // Links, memberships, engagements and purchases go with it (ON DELETE CASCADE).
      this.#stmt(SQL.deleteAccount).run(id);
      const entries: ChangeEntry[] = [
        { kind: "ACCOUNT", op: "DELETE", record: account },
        ...links.map((record): ChangeEntry => ({ kind: "LINK", op: "DELETE", record })),
        ...memberships.map((record): ChangeEntry => ({ kind: "MEMBERSHIP", op: "DELETE", record })),
      ];
      return { value: account, entries };
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

  async createManager(input: NewManager): Promise<Committed<AccountManager>> {
    return this.#write(() => {
      const manager = buildManager(input, input.id ?? newId("manager"), nowIso());
      this.#requireNewId(SQL.managerExists, "Manager", manager.id);
      this.#requireFreeEmail(manager);
      this.#stmt(SQL.insertManager).run(managerToRow(manager));
      return { value: manager, entries: [{ kind: "MANAGER", op: "PUT", record: manager }] };
    });
  }

  async updateManager(id: string, patch: ManagerPatch): Promise<Committed<AccountManager>> {
    return this.#write(() => {
      const row = this.#stmt(SQL.managerById).get(id) as ManagerRow | undefined;
      if (row === undefined) throw new NotFoundError("Manager", id, "id");
      const current = rowToManager(row);
      const next = applyPatch(current, patch, ["id", "createdAt"]);
      if (isUnchanged(current, next, [])) return { value: current, entries: [] };
      this.#requireFreeEmail(next);
      this.#stmt(SQL.updateManager).run(managerToRow(next));
      return { value: next, entries: [{ kind: "MANAGER", op: "PUT", record: next }] };
    });
  }

  async deleteManager(id: string, options: DeleteManagerOptions = {}): Promise<Committed<AccountManager>> {
    return this.#write(() => deleteManagerRow(this.#edits(), id, options.reassignTo));
  }

  // ---------- communities and memberships ----------

  async getCommunities(ids: readonly string[]): Promise<(Community | null)[]> {
    if (ids.length === 0) return [];
    return this.#run(() => alignById(ids, this.#all<CommunityRow>(SQL.communitiesByIds, jsonList(ids)).map(rowToCommunity)));
  }

  async listCommunities(): Promise<Community[]> {
    return this.#run(() => this.#all<CommunityRow>(SQL.listCommunities).map(rowToCommunity));
  }

  async createCommunity(input: NewCommunity): Promise<Committed<Community>> {
    return this.#write(() => {
      const community = buildCommunity(input, input.id ?? newId("community"), nowIso());
      this.#requireNewId(SQL.communityExists, "Community", community.id);
      const key = uniquenessKey(community.name);
      if (this.#all<CommunityRow>(SQL.listCommunities).some((c) => uniquenessKey(c.name) === key)) throw communityNameTakenError(community.name);
      this.#stmt(SQL.insertCommunity).run(communityToRow(community));
      return { value: community, entries: [{ kind: "COMMUNITY", op: "PUT", record: community }] };
    });
  }

  async updateCommunity(id: string, patch: CommunityPatch): Promise<Committed<Community>> {
    return this.#write(() => updateCommunityRow(this.#edits(), id, patch));
  }

  async deleteCommunity(id: string): Promise<Committed<Community>> {
    return this.#write(() => deleteCommunityRow(this.#edits(), id));
  }

  async addMembership(input: NewMembership, scope?: WriteScope): Promise<Committed<Membership>> {
    return this.#write(() => {
      requireOwnedAccount(scope, this.#requireAccount(input.accountId, "accountId"), "accountId");
      this.#requireExists(SQL.communityExists, "Community", input.communityId, "communityId");
      if (this.#stmt(SQL.membershipByKey).get(input.accountId, input.communityId) !== undefined) {
        throw alreadyMemberError(input.accountId);
      }
      const membership = buildMembership(input);
      this.#stmt(SQL.insertMembership).run(membershipToRow(membership));
      return { value: membership, entries: [{ kind: "MEMBERSHIP", op: "PUT", record: membership }] };
    });
  }

  async removeMembership(accountId: string, communityId: string, scope?: WriteScope): Promise<Committed<Membership>> {
    return this.#write(() => {
      const row = this.#stmt(SQL.membershipByKey).get(accountId, communityId) as MembershipRow | undefined;
      if (row === undefined) {
        // Only on a miss (the removal itself needs one lookup): say which id names nothing.
        this.#requireAccount(accountId, "accountId");
        this.#requireExists(SQL.communityExists, "Community", communityId, "communityId");
        throw membershipNotFoundError(accountId, communityId);
      }
      requireOwnedAccount(scope, this.#requireAccount(accountId, "accountId"), "accountId");
      this.#stmt(SQL.deleteMembership).run(accountId, communityId);
      const membership = rowToMembership(row);
      return { value: membership, entries: [{ kind: "MEMBERSHIP", op: "DELETE", record: membership }] };
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

  async linkInfluence(input: NewInfluenceLink, scope?: WriteScope): Promise<Committed<Link>> {
    return this.#write(() => this.#insertLink(buildInfluenceLink(input, input.id ?? newId("link"), nowIso()), scope));
  }

  async recordReferral(input: NewReferral, scope?: WriteScope): Promise<Committed<Link>> {
    return this.#write(() => this.#insertLink(buildReferralLink(input, input.id ?? newId("link"), nowIso()), scope));
  }

  async unlink(linkId: string, scope?: WriteScope): Promise<Committed<Link>> {
    return this.#write(() => {
      const row = this.#stmt(SQL.linkById).get(linkId) as LinkRow | undefined;
      if (row === undefined) throw new NotFoundError("Link", linkId, "id");
      const link = rowToLink(row);
      if (scope) {
        requireOwnedAccount(scope, this.#requireAccount(link.fromId, "id"), "id");
        requireOwnedAccount(scope, this.#requireAccount(link.toId, "id"), "id");
      }
      this.#stmt(SQL.deleteLink).run(linkId);
      return { value: link, entries: [{ kind: "LINK", op: "DELETE", record: link }] };
    });
  }

  async updateLink(linkId: string, patch: LinkPatch, scope?: WriteScope): Promise<Committed<Link>> {
    return this.#write(() => updateLinkRow(this.#edits(), linkId, patch, scope));
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

  async recordEngagement(input: NewEngagement, scope?: WriteScope): Promise<Committed<Engagement>> {
    return this.#write(() => {
      const engagement = buildEngagement(input, input.id ?? newId("engagement"));
      requireSelf(scope, engagement.managerId);
      this.#requireNewId(SQL.engagementExists, "Engagement", engagement.id);
      requireOwnedAccount(scope, this.#requireAccount(engagement.accountId, "accountId"), "accountId");
      this.#requireExists(SQL.managerExists, "Manager", engagement.managerId, "managerId");
      this.#stmt(SQL.insertEngagement).run(engagementToRow(engagement));
      return { value: engagement, entries: [{ kind: "ENGAGEMENT", op: "PUT", record: engagement }] };
    });
  }

  async recordPurchase(input: NewPurchase, scope?: WriteScope): Promise<Committed<Purchase>> {
    return this.#write(() => {
      const purchase = buildPurchase(input, input.id ?? newId("purchase"));
      this.#requireNewId(SQL.purchaseExists, "Purchase", purchase.id);
      requireOwnedAccount(scope, this.#requireAccount(purchase.accountId, "accountId"), "accountId");
      this.#stmt(SQL.insertPurchase).run(purchaseToRow(purchase));
      return { value: purchase, entries: [{ kind: "PURCHASE", op: "PUT", record: purchase }] };
    });
  }

  async updateEngagement(id: string, patch: EngagementPatch, scope?: WriteScope): Promise<Committed<Engagement>> {
    return this.#write(() => updateEngagementRow(this.#edits(), id, patch, scope));
  }

  async deleteEngagement(id: string, scope?: WriteScope): Promise<Committed<Engagement>> {
    return this.#write(() => deleteEngagementRow(this.#edits(), id, scope));
  }

  async updatePurchase(id: string, patch: PurchasePatch, scope?: WriteScope): Promise<Committed<Purchase>> {
    return this.#write(() => updatePurchaseRow(this.#edits(), id, patch, scope));
  }

  async deletePurchase(id: string, scope?: WriteScope): Promise<Committed<Purchase>> {
    return this.#write(() => deletePurchaseRow(this.#edits(), id, scope));
  }

  async engagementPages(query: ActivityPageQuery): Promise<ActivityPage<Engagement>[]> {
    return this.#run(() => engagementPagesOf((sql, params) => this.#all(sql, params), query));
  }

  async purchasePages(query: ActivityPageQuery): Promise<ActivityPage<Purchase>[]> {
    return this.#run(() => purchasePagesOf((sql, params) => this.#all(sql, params), query));
  }

  async engagementsOfAccounts(accountIds: readonly string[], window?: DateWindow): Promise<Engagement[]> {
    if (accountIds.length === 0) return [];
    return this.#run(() => this.#all<EngagementRow>(SQL.engagementsOfAccounts, jsonList(accountIds), windowParams(window)).map(rowToEngagement));
  }

  async engagementsOfManager(managerId: string, window?: DateWindow): Promise<Engagement[]> {
    return this.#run(() => this.#all<EngagementRow>(SQL.engagementsOfManager, { managerId, ...windowParams(window) }).map(rowToEngagement));
  }

  async purchasesOfAccounts(accountIds: readonly string[], window?: DateWindow): Promise<Purchase[]> {
    if (accountIds.length === 0) return [];
    return this.#run(() => this.#all<PurchaseRow>(SQL.purchasesOfAccounts, jsonList(accountIds), windowParams(window)).map(rowToPurchase));
  }

  // ---------- bulk ----------

  async importDataset(dataset: Dataset, options: { batchSize?: number } = {}): Promise<StoreCounts> {
    const batchSize = Math.max(1, Math.trunc(options.batchSize ?? DEFAULTS.importBatchSize));
    // importDatasetRows proves every reference itself, so the load runs without row-by-row
    // foreign-key checks (withForeignKeysOff, see sqlite-import.ts).
    const { value: written } = await this.#write(
      () => ({ value: importDatasetRows(this.#requireDb(), dataset, batchSize, nowIso()), entries: [{ kind: "DATASET", op: "RESET" }] }),
      { foreignKeysOff: true },
    );
    this.#run(() => this.#requireDb().exec(PLANNER_STATS_SQL));
    return written;
  }

  async importRecords(batch: CrmImportBatch, options: CrmImportOptions): Promise<Committed<CrmImportResult>> {
    return this.#write(() => {
      const { result } = importCrmRecords(this.#requireDb(), batch, {
        mode: options.mode,
        now: nowIso(),
        rejectedEarlier: options.rejectedEarlier ?? [],
        rejectedExternalIds: options.rejectedExternalIds ?? [],
      });
      // An import may touch everything: readers reload rather than replay its rows.
      return { value: result, entries: result.written ? [{ kind: "DATASET", op: "RESET" }] : [] };
    });
  }

  // ---------- internals ----------

  #open(readonly: boolean): Database.Database {
    let db: Database.Database;
    try {
      if (!isMemoryPath(this.#path) && !readonly) mkdirSync(dirname(resolve(this.#path)), { recursive: true });
      // timeout 0: never sleep in SQLite's busy handler on the event loop (see #withLock).
      db = new Database(this.#path, { timeout: 0, readonly, fileMustExist: readonly });
    } catch (error) {
      // A folder we may not create or a file that is not a database: nothing to serve from.
      const unavailable = new StoreUnavailableError(`sqlite store cannot open ${this.#path}`);
      Object.defineProperty(unavailable, "cause", { value: error, enumerable: false });
      throw unavailable;
    }
    for (const pragma of connectionPragmas(0)) {
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

  /**
   * One write transaction (BEGIN IMMEDIATE): all of `work` and its feed change, or none of it.
   * `work` returns no entries when it changed nothing: then nothing is appended.
   */
  /** `foreignKeysOff`: for a bulk load that proved its references itself (SQLite ignores the pragma inside a transaction, so it wraps each attempt). */
  #write<T>(work: () => Written<T>, options: { foreignKeysOff?: boolean } = {}): Promise<Committed<T>> {
    const attempt = () =>
      this.#requireDb()
        .transaction((): Committed<T> => {
          const { value, entries } = work();
          const change: Change | null = entries.length > 0 ? appendChange((sql) => this.#stmt(sql), entries, null, nowIso()) : null;
          return { value, change };
        })
        .immediate();
    return this.#withLock(() => (options.foreignKeysOff ? withForeignKeysOff(this.#requireDb(), attempt) : attempt()));
  }

  /**
   * Runs `work`, which takes the write lock, retrying after an asynchronous pause while
   * another connection holds it (busy_timeout is 0, so SQLite answers SQLITE_BUSY at once
   * instead of sleeping on the event loop). Gives up with StoreBusyError after writeLockWaitMs.
   */
  async #withLock<T>(work: () => T): Promise<T> {
    const deadline = performance.now() + this.#writeLockWaitMs;
    let pauseMs: number = DEFAULTS.firstLockPauseMs;
    for (;;) {
      try {
        return work();
      } catch (error) {
        if (!isBusy(error)) throw translateSqliteError(error);
        if (performance.now() + pauseMs > deadline) {
          const busy = new StoreBusyError(
            `the sqlite store ${this.#path} is locked by another process (waited ${this.#writeLockWaitMs} ms); nothing was written, retry later`,
            1_000,
          );
          Object.defineProperty(busy, "cause", { value: error, enumerable: false });
          throw busy;
        }
        await sleep(pauseMs);
        pauseMs = Math.min(pauseMs * 2, DEFAULTS.maxLockPauseMs);
      }
    }
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

  #insertAccount(input: NewAccount, scope: WriteScope | undefined): Written<Account> {
    const account = buildAccount(input, input.id ?? newId("account"), nowIso());
    requireOwnOwner(scope, account.ownerId);
    this.#requireNewId(SQL.accountExists, "Account", account.id);
    this.#checkAccountReferences(account);
    this.#stmt(SQL.insertAccount).run(accountToRow(account));
    return { value: account, entries: [{ kind: "ACCOUNT", op: "PUT", record: account }] };
  }

  /** `current` with `patch` applied (but never the fields in `keep`); `field` is blamed for a scope refusal. */
  #patchAccount(current: Account, patch: AccountPatch, keep: readonly string[], scope: WriteScope | undefined, field: string): Written<Account> {
    requireOwnedAccount(scope, current, field);
    const next = applyPatch(current, patch, ["id", "createdAt", "updatedAt", ...keep]);
    if (isUnchanged(current, next, ["updatedAt"])) return { value: current, entries: [] };
    requireOwnOwner(scope, next.ownerId);
    next.updatedAt = nowIso();
    this.#checkAccountReferences(next);
    this.#stmt(SQL.updateAccount).run(accountToRow(next));
    return { value: next, entries: [{ kind: "ACCOUNT", op: "PUT", record: next }] };
  }

  /** What the edit writes of sqlite-record-edits.ts need, bound to this store and write. */
  #edits(): SqliteEditContext {
    return {
      stmt: (sql) => this.#stmt(sql),
      all: <R>(sql: string, ...params: unknown[]) => this.#all<R>(sql, ...params),
      now: nowIso(),
      requireAccount: (id, field) => this.#requireAccount(id, field),
    };
  }

  /** Owner must exist; external id must be free (other than on this account). */
  #checkAccountReferences(account: Account): void {
    if (account.ownerId !== null) this.#requireExists(SQL.managerExists, "Manager", account.ownerId, "ownerId");
    if (account.externalId !== null) {
      const holder = this.#stmt(SQL.accountIdByExternalId).pluck().get(account.externalId) as string | undefined;
      if (holder !== undefined && holder !== account.id) throw externalIdTakenError(account.externalId);
    }
  }

  #insertLink(link: Link, scope: WriteScope | undefined): Written<Link> {
    this.#requireNewId(SQL.linkExists, "Link", link.id);
    requireOwnedAccount(scope, this.#requireAccount(link.fromId, "fromId"), "fromId");
    requireOwnedAccount(scope, this.#requireAccount(link.toId, "toId"), "toId");
    if (this.#stmt(SQL.linkByEnds).get(link.type, link.fromId, link.toId) !== undefined) {
      throw linkExistsError(link.type);
    }
    this.#stmt(SQL.insertLink).run(linkToRow(link));
    return { value: link, entries: [{ kind: "LINK", op: "PUT", record: link }] };
  }

  /** Manager emails are unique whatever their case; the write lock makes this check race-free. */
  #requireFreeEmail(manager: AccountManager): void {
    const key = uniquenessKey(manager.email);
    const taken = this.#all<ManagerRow>(SQL.listManagers).some((m) => m.id !== manager.id && uniquenessKey(m.email) === key);
    if (taken) throw managerEmailTakenError(manager.email);
  }

  // ---------- API keys (ports/api-key-store.ts; in the feed so every process's key cache hears of them) ----------

  async createApiKey(input: NewApiKey): Promise<Committed<ApiKey>> {
    return this.#write(() => {
      const key = insertApiKey((sql) => this.#stmt(sql), buildApiKey(input, input.id ?? newId("apiKey"), nowIso()));
      return { value: key, entries: [{ kind: "API_KEY", op: "PUT", record: key }] };
    });
  }

  async revokeApiKey(id: string, revokedAt: string): Promise<Committed<ApiKey>> {
    return this.#write(() => {
      const { key, changed } = revokeApiKeyRow((sql) => this.#stmt(sql), id, revokedAt);
      return { value: key, entries: changed ? [{ kind: "API_KEY", op: "PUT", record: key }] : [] };
    });
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
