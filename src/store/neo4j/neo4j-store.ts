/**
 * AccountGraphStore on Neo4j over Bolt (neo4j-driver 6): the production system of
 * record. Semantics match the SQLite adapter exactly (the shared contract suite runs
 * against both); this file only decides *what* to run, neo4j-executor.ts *how*.
 *
 * - Every write method is one managed write transaction (#write). It starts by taking the
 *   next feed sequence number, which also serialises writers (neo4j-feed.ts), and ends by
 *   appending its change to the feed; a write that changed nothing is rolled back and
 *   appends nothing. Referenced nodes are checked inside it so failures name the field
 *   (`fromId`, `ownerId`, …); the uniqueness constraints of schema/neo4j are the safety net.
 * - The driver may run a write's unit of work again after a lost commit acknowledgement:
 *   each call has a writeId, and a retry that finds the change of its earlier attempt
 *   answers with it (the record is in the change) instead of writing twice or CONFLICT.
 * - Domain objects are built in JavaScript by the builders both adapters share
 *   (ports/store-records.ts); generated ids and timestamps are fixed before the transaction.
 * - readState: Neo4j reads are read-committed, not snapshots. It reads the feed head,
 *   every page, and the head again: equal heads mean no write committed in between, so the
 *   pages are the state at that head. After two tries under a steady stream of writes it
 *   reads inside a write transaction holding the feed lock (writers wait a moment).
 */
import { randomUUID } from "node:crypto";
import { NotFoundError, ValidationError } from "../../domain/errors.js";
import { newId } from "../../domain/ids.js";
import type { Account, AccountManager, Community, Engagement, Link, Membership, Purchase } from "../../domain/model.js";
import { foldForSearch } from "../../domain/search-text.js";
import { StringPool } from "../../domain/string-pool.js";
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
import { recordOf, type Change, type ChangeEntry, type ChangeKind, type Committed, type FeedPage, type StoreState } from "../../ports/change-feed.js";
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
import * as C from "./cypher.js";
import { activeApiKeyNodes, insertApiKey, listApiKeyNodes, readApiKeys, revokeApiKeyNode } from "./neo4j-api-keys.js";
import { appendChange, committedByEarlierAttempt, takeFeedSeq, takeSeqAndAppendChange, toChange } from "./neo4j-feed.js";
import { migrateNeo4j } from "./neo4j-migrations.js";
import { Neo4jExecutor, createNeo4jDriver, type CypherRunner, type Neo4jConnectionOptions } from "./neo4j-executor.js";
import { importDatasetBatched, IMPORT_DEFAULTS } from "./neo4j-import.js";
import { CRM_IMPORT_DEFAULTS, importCrmRecords } from "./neo4j-crm-import.js";
import type { CrmImportBatch, CrmImportOptions, CrmImportResult } from "../../ports/crm-import.js";
import {
  accountToProps,
  codePointSortKey,
  communityToProps,
  engagementToProps,
  linkToProps,
  managerToProps,
  mapRecords,
  membershipToProps,
  purchaseToProps,
  toAccount,
  toCommunity,
  toEngagement,
  toIsoDateTime,
  toLink,
  toManager,
  toMembership,
  toNeo4jDate,
  toNeo4jDateTime,
  toNeo4jInt,
  toNumber,
  toPurchase,
} from "./neo4j-mapping.js";
import { locateSchemaDir } from "./neo4j-schema.js";
import { engagementPagesOf, purchasePagesOf } from "./neo4j-activity-pages.js";
import {
  deleteCommunityNode,
  deleteEngagementNode,
  deleteManagerNode,
  deletePurchaseNode,
  updateCommunityNode,
  updateEngagementNode,
  updateLinkRelationship,
  updatePurchaseNode,
  type Written,
} from "./neo4j-record-edits.js";

export interface Neo4jStoreOptions extends Neo4jConnectionOptions {
  /** Folder of `*.cypher` schema files; schema/neo4j of this project by default. */
  schemaDir?: string;
  /** Datasets with more rows than this import in several transactions (see neo4j-import.ts). */
  importSingleTransactionMaxRows?: number;
  /** Server-side timeout of each import transaction. */
  importTransactionTimeoutMs?: number;
  /** Sessions writing an import's batches at once (see neo4j-batch-writer.ts). */
  importConcurrency?: number;
}

export const DEFAULTS = Object.freeze({
  readPageSize: 5_000,
  /** Optimistic whole-state reads before readState reads under the feed lock. */
  optimisticStateReads: 2,
  /** Changes deleted per compaction transaction. */
  compactBatch: 10_000,
});

/** Rolls back a write that changed nothing (its feed number is given back) and carries its answer out. */
class NothingToCommit<T> extends Error {
  constructor(readonly value: T) {
    super("store/neo4j: nothing to commit");
  }
}

/** A retry found that the call's earlier attempt committed: roll this attempt back, answer with that. */
class CommittedEarlier extends Error {
  constructor(readonly change: NonNullable<Committed<unknown>["change"]>) {
    super("store/neo4j: an earlier attempt committed");
  }
}

type Params = Record<string, unknown>;

function nowIso(): string {
  return new Date().toISOString();
}

async function exists(q: CypherRunner, query: string, id: string): Promise<boolean> {
  return (await q.run(query, { ids: [id] })).length > 0;
}

async function requireExists(q: CypherRunner, query: string, entity: string, id: string, field: string): Promise<void> {
  if (!(await exists(q, query, id))) throw new NotFoundError(entity, id, field);
}

/** A supplied id must not name an existing node or relationship of its kind. */
async function requireNewId(q: CypherRunner, query: string, entity: string, id: string): Promise<void> {
  if (await exists(q, query, id)) throw idTakenError(entity, id);
}

export class Neo4jAccountGraphStore implements AccountGraphStore {
  readonly kind = "neo4j";
  readonly #executor: Neo4jExecutor;
  readonly #options: Neo4jStoreOptions;

  constructor(options: Neo4jStoreOptions) {
    this.#options = options;
    const driver = createNeo4jDriver(options);
    this.#executor = new Neo4jExecutor(driver, {
      ...(options.database ? { database: options.database } : {}),
      ...(options.transactionTimeoutMs !== undefined ? { transactionTimeoutMs: options.transactionTimeoutMs } : {}),
      ...(options.onQuery ? { onQuery: options.onQuery } : {}),
    });
  }

  // ---------- lifecycle ----------

  async init(): Promise<void> {
    await migrateNeo4j(this.#executor, this.#options.schemaDir ?? locateSchemaDir());
  }

  async close(): Promise<void> {
    await this.#executor.close();
  }

  async ping(): Promise<void> {
    await this.#executor.read("ping", (q) => q.run(C.PING));
  }

  // ---------- change feed (neo4j-feed.ts) ----------

  async feedHead(): Promise<number> {
    return this.#executor.read("feedHead", async (q) => readFeedState(q).then((f) => f.head));
  }

  async changesSince(after: number, limit: number): Promise<FeedPage> {
    const size = toNeo4jInt(Math.max(1, Math.trunc(limit)));
    return this.#executor.read("changesSince", async (q) => {
      const { head, compactedThrough } = await readFeedState(q);
      if (after < compactedThrough) return { changes: [], head, compacted: true };
      const records = await q.run(C.CHANGES_SINCE, { after: toNeo4jInt(Math.trunc(after)), limit: size });
      return { changes: records.map(toChange), head, compacted: false };
    });
  }

  async compactFeed(keep: number): Promise<number> {
    const head = await this.feedHead();
    const through = toNeo4jInt(Math.max(0, head - Math.max(0, Math.trunc(keep))));
    // Marked first: a reader behind the mark reloads rather than read a half-deleted range.
    const marked = await this.#executor.write("compactFeed.mark", async (q) =>
      toNumber((await q.run(C.SET_COMPACTED_THROUGH, { through }))[0]!.get("compactedThrough")),
    );
    for (;;) {
      const deleted = await this.#executor.write("compactFeed", async (q) =>
        toNumber((await q.run(C.COMPACT_CHANGES, { through: toNeo4jInt(marked), batch: toNeo4jInt(DEFAULTS.compactBatch) }))[0]!.get("deleted")),
      );
      if (deleted < DEFAULTS.compactBatch) return marked;
    }
  }

  async readState(options: { activitySince: string }): Promise<StoreState> {
    for (let attempt = 0; attempt < DEFAULTS.optimisticStateReads; attempt++) {
      const before = await this.feedHead();
      const state = await this.#readStatePages(options.activitySince, (work) => this.#executor.read("readState", work));
      if ((await this.feedHead()) === before) return { ...state, seq: before };
    }
    // Writes kept landing during the read: read once more holding the feed lock.
    let seq = 0;
    const state = await this.#executor.write("readState.locked", async (q) => {
      seq = toNumber((await q.run(C.HOLD_FEED))[0]!.get("head"));
      return this.#readStatePages(options.activitySince, (work) => work(q));
    });
    return { ...state, seq };
  }

  /** Every page of the state; `inTx` runs each page's queries (own read transactions, or the locked one). */
  async #readStatePages(since: string, inTx: <T>(work: (q: CypherRunner) => Promise<T>) => Promise<T>): Promise<Omit<StoreState, "seq">> {
    const limit = toNeo4jInt(DEFAULTS.readPageSize);
    const byId = async <T extends { id: string }>(cypher: string, key: string, convert: (p: { [k: string]: unknown }) => T, params: Params = {}) => {
      const out: T[] = [];
      for (let afterId = ""; ;) {
        const page = await inTx(async (q) => mapRecords(await q.run(cypher, { ...params, afterId, limit }), key, convert));
        out.push(...page);
        if (page.length < DEFAULTS.readPageSize) return out;
        afterId = page[page.length - 1]!.id;
      }
    };
    // As the SQLite read does (domain/string-pool.ts): accounts first, so the ids other rows
    // name share the accounts' strings; codes and dates shared, timestamps in runs.
    const pool = new StringPool();
    const accounts = await byId(C.STATE_ACCOUNTS, "account", (p) =>
      pool.pooled(
        toAccount(p),
        ["id", "industry", "segment", "region", "ownerId", "status", "customerSince", "renewalDate", "lastContact"],
        ["createdAt", "updatedAt"],
      ),
    );
    const managers = await inTx(async (q) => mapRecords(await q.run(C.LIST_MANAGERS), "manager", toManager));
    const communities = await inTx(async (q) => mapRecords(await q.run(C.LIST_COMMUNITIES), "community", toCommunity));
    const memberships: Membership[] = [];
    for (let after = { afterAccountId: "", afterCommunityId: "" }; ;) {
      const page = await inTx(async (q) =>
        mapRecords(await q.run(C.STATE_MEMBERSHIPS, { ...after, limit }), "membership", (p) =>
          pool.pooled(toMembership(p), ["accountId", "communityId", "role", "since"]),
        ),
      );
      memberships.push(...page);
      if (page.length < DEFAULTS.readPageSize) break;
      const last = page[page.length - 1]!;
      after = { afterAccountId: last.accountId, afterCommunityId: last.communityId };
    }
    const links = await byId(C.STATE_LINKS, "link", (p) => pool.pooled(toLink(p), ["type", "fromId", "toId", "kind", "date"], ["createdAt"]));
    const sinceDate = { since: toNeo4jDate(since) };
    const engagements = await byId(
      C.STATE_ENGAGEMENTS,
      "engagement",
      (p) => pool.pooled(toEngagement(p), ["accountId", "managerId", "date", "kind"]),
      sinceDate,
    );
    const purchases = await byId(C.STATE_PURCHASES, "purchase", (p) => pool.pooled(toPurchase(p), ["accountId", "date"]), sinceDate);
    const apiKeys = await inTx((q) => readApiKeys(q));
    return { accounts, managers, communities, memberships, links, engagements, purchases, apiKeys };
  }

  async counts(): Promise<StoreCounts> {
    return this.#executor.read("counts", async (q) => {
      const record = (await q.run(C.COUNTS))[0]!;
      const count = (key: string) => toNumber(record.get(key));
      return {
        accounts: count("accounts"),
        managers: count("managers"),
        communities: count("communities"),
        memberships: count("memberships"),
        links: count("links"),
        engagements: count("engagements"),
        purchases: count("purchases"),
      };
    });
  }

  // ---------- accounts ----------

  async getAccounts(ids: readonly string[]): Promise<(Account | null)[]> {
    if (ids.length === 0) return [];
    return this.#executor.read("getAccounts", async (q) =>
      alignById(ids, mapRecords(await q.run(C.GET_ACCOUNTS, { ids: [...ids] }), "account", toAccount)),
    );
  }

  /**
   * A count query, then up to `first + 1` rows (the extra one says another page exists):
   * for a nullable sort key the values part first and, when it runs short, the nulls part.
   * Both texts carry only the filter fragments present (see cypher.ts), so the planner
   * can use the sort property's index or a filter's index; nothing is read when the
   * count is zero.
   */
  async listAccounts(query: AccountPageQuery): Promise<Page<Account>> {
    requireAccountSort(query.sort);
    const { key, direction } = query.sort;
    const spec = C.ACCOUNT_SORT_PROPERTIES[key];
    const pageSize = pageSizeOf(query);
    const filter = query.filter ?? {};
    const filterKeys = C.ACCOUNT_FILTER_KEYS.filter((k) => filter[k] !== undefined && filter[k] !== null);
    const filters = filterParams(filter, filterKeys);
    const cursor = readCursor(query.after, spec.nullable, spec.valueKind);
    return this.#executor.read("listAccounts", async (q) => {
      const total = toNumber((await q.run(C.buildAccountCountQuery(filterKeys), filters))[0]?.get("total") ?? 0);
      if (total === 0) return buildAccountPage([], pageSize, key, 0);
      const wanted = pageSize + 1;
      const rows: Account[] = [];
      if (cursor.kind !== "inNulls") {
        const after = cursor.kind === "afterValue";
        const cypher = C.buildAccountPageQuery(filterKeys, key, direction, { part: "values", after });
        const keyset = after ? { afterValue: cursor.value, afterId: cursor.id } : {};
        rows.push(...mapRecords(await q.run(cypher, { ...filters, ...keyset, limit: toNeo4jInt(wanted) }), "account", toAccount));
      }
      if (spec.nullable && rows.length < wanted) {
        const after = cursor.kind === "inNulls";
        const cypher = C.buildAccountPageQuery(filterKeys, key, direction, { part: "nulls", after });
        const keyset = after ? { afterId: cursor.id } : {};
        const limit = toNeo4jInt(wanted - rows.length);
        rows.push(...mapRecords(await q.run(cypher, { ...filters, ...keyset, limit }), "account", toAccount));
      }
      return buildAccountPage(rows, pageSize, key, total);
    });
  }

  async createAccount(input: NewAccount, scope?: WriteScope): Promise<Committed<Account>> {
    const account = buildAccount(input, input.id ?? newId("account"), nowIso());
    requireOwnOwner(scope, account.ownerId);
    return this.#write("createAccount", "ACCOUNT", (q) => insertAccount(q, account, scope));
  }

  async updateAccount(id: string, patch: AccountPatch, scope?: WriteScope): Promise<Committed<Account>> {
    const updatedAt = nowIso();
    return this.#write("updateAccount", "ACCOUNT", async (q) =>
      patchAccount(q, await requireAccount(q, id, "id"), patch, [], scope, "id", updatedAt),
    );
  }

  async upsertAccount(externalId: string, input: AccountUpsert, scope?: WriteScope): Promise<Committed<UpsertedAccount>> {
    const now = nowIso();
    const created = input.create && buildAccount({ ...input.create, externalId }, input.create.id ?? newId("account"), now);
    // A retry that finds its earlier attempt committed knows a creation by the id fixed here.
    const recover = (change: Change): UpsertedAccount => {
      const account = recordOf(change, "ACCOUNT");
      return { account, created: account.id === created?.id };
    };
    return this.#write("upsertAccount", recover, async (q): Promise<Written<UpsertedAccount>> => {
      const [holder] = await q.run(C.FIND_EXTERNAL_IDS, { externalIds: [externalId] });
      if (holder) {
        // The externalId names the account: the patch may not move it to another one.
        const current = await requireAccount(q, String(holder.get("id")), "externalId");
        const { value, entries } = await patchAccount(q, current, input.patch, ["externalId"], scope, "externalId", now);
        return { value: { account: value, created: false }, entries };
      }
      if (!created) throw new ValidationError("name is required to create an account", "name");
      requireOwnOwner(scope, created.ownerId);
      const { value, entries } = await insertAccount(q, created, scope);
      return { value: { account: value, created: true }, entries };
    });
  }

  async deleteAccount(id: string, scope?: WriteScope): Promise<Committed<Account>> {
    return this.#write("deleteAccount", "ACCOUNT", async (q) => {
      const account = await requireAccount(q, id, "id");
      if (scope) {
        const [reach] = await q.run(C.DELETION_REACH, { id });
        const linkedOwners = (reach?.get("linkedOwners") ?? []) as (string | null)[];
        const engagementManagers = (reach?.get("engagementManagers") ?? []) as string[];
        requireDeletableBy(scope, account, linkedOwners, engagementManagers);
      }
      const links = mapRecords(await q.run(C.LINKS_OF_ACCOUNT, { id }), "link", toLink);
      const memberships = mapRecords(await q.run(C.MEMBERSHIPS_OF_ACCOUNTS, { ids: [id] }), "membership", toMembership);
      await q.run(C.DELETE_ACCOUNT, { id });
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
    return this.#executor.read("getManagers", async (q) =>
      alignById(ids, mapRecords(await q.run(C.GET_MANAGERS, { ids: [...ids] }), "manager", toManager)),
    );
  }

  async listManagers(): Promise<AccountManager[]> {
    return this.#executor.read("listManagers", async (q) => mapRecords(await q.run(C.LIST_MANAGERS), "manager", toManager));
  }

  async createManager(input: NewManager): Promise<Committed<AccountManager>> {
    const manager = buildManager(input, input.id ?? newId("manager"), nowIso());
    return this.#write("createManager", "MANAGER", async (q) => {
      await requireNewId(q, C.FIND_MANAGER_IDS, "Manager", manager.id);
      await requireFreeEmail(q, manager);
      const created = toManager(await single(q, C.CREATE_MANAGER, { props: managerToProps(manager) }, "manager"));
      return { value: created, entries: [{ kind: "MANAGER", op: "PUT", record: created }] };
    });
  }

  async updateManager(id: string, patch: ManagerPatch): Promise<Committed<AccountManager>> {
    return this.#write("updateManager", "MANAGER", async (q) => {
      const found = await q.run(C.GET_MANAGERS, { ids: [id] });
      if (found.length === 0) throw new NotFoundError("Manager", id, "id");
      const current = mapRecords(found, "manager", toManager)[0]!;
      const next = applyPatch(current, patch, ["id", "createdAt"]);
      if (isUnchanged(current, next, [])) return { value: current, entries: [] };
      await requireFreeEmail(q, next);
      const updated = toManager(await single(q, C.REPLACE_MANAGER, { id, props: managerToProps(next) }, "manager"));
      return { value: updated, entries: [{ kind: "MANAGER", op: "PUT", record: updated }] };
    });
  }

  async deleteManager(id: string, options: DeleteManagerOptions = {}): Promise<Committed<AccountManager>> {
    const now = nowIso();
    return this.#write("deleteManager", "MANAGER", (q) => deleteManagerNode(q, id, options.reassignTo, now));
  }

  // ---------- communities and memberships ----------

  async getCommunities(ids: readonly string[]): Promise<(Community | null)[]> {
    if (ids.length === 0) return [];
    return this.#executor.read("getCommunities", async (q) =>
      alignById(ids, mapRecords(await q.run(C.GET_COMMUNITIES, { ids: [...ids] }), "community", toCommunity)),
    );
  }

  async listCommunities(): Promise<Community[]> {
    return this.#executor.read("listCommunities", async (q) => mapRecords(await q.run(C.LIST_COMMUNITIES), "community", toCommunity));
  }

  async createCommunity(input: NewCommunity): Promise<Committed<Community>> {
    const community = buildCommunity(input, input.id ?? newId("community"), nowIso());
    return this.#write("createCommunity", "COMMUNITY", async (q) => {
      await requireNewId(q, C.FIND_COMMUNITY_IDS, "Community", community.id);
      const key = uniquenessKey(community.name);
      const others = mapRecords(await q.run(C.LIST_COMMUNITIES), "community", toCommunity);
      if (others.some((c) => uniquenessKey(c.name) === key)) throw communityNameTakenError(community.name);
      const created = toCommunity(await single(q, C.CREATE_COMMUNITY, { props: communityToProps(community) }, "community"));
      return { value: created, entries: [{ kind: "COMMUNITY", op: "PUT", record: created }] };
    });
  }

  async updateCommunity(id: string, patch: CommunityPatch): Promise<Committed<Community>> {
    return this.#write("updateCommunity", "COMMUNITY", (q) => updateCommunityNode(q, id, patch));
  }

  async deleteCommunity(id: string): Promise<Committed<Community>> {
    return this.#write("deleteCommunity", "COMMUNITY", (q) => deleteCommunityNode(q, id));
  }

  async addMembership(input: NewMembership, scope?: WriteScope): Promise<Committed<Membership>> {
    const membership = buildMembership(input);
    const keys = { accountId: membership.accountId, communityId: membership.communityId };
    return this.#write("addMembership", "MEMBERSHIP", async (q) => {
      requireOwnedAccount(scope, await requireAccount(q, membership.accountId, "accountId"), "accountId");
      await requireExists(q, C.FIND_COMMUNITY_IDS, "Community", membership.communityId, "communityId");
      if ((await q.run(C.FIND_MEMBERSHIP, keys)).length > 0) throw alreadyMemberError(membership.accountId);
      const props = membershipToProps(membership);
      const created = toMembership(await single(q, C.ADD_MEMBERSHIP, { ...keys, props }, "membership"));
      return { value: created, entries: [{ kind: "MEMBERSHIP", op: "PUT", record: created }] };
    });
  }

  async removeMembership(accountId: string, communityId: string, scope?: WriteScope): Promise<Committed<Membership>> {
    return this.#write("removeMembership", "MEMBERSHIP", async (q) => {
      const found = await q.run(C.FIND_MEMBERSHIP, { accountId, communityId });
      if (found.length === 0) {
        // Only on a miss (the removal itself needs one lookup): say which id names nothing.
        await requireAccount(q, accountId, "accountId");
        await requireExists(q, C.FIND_COMMUNITY_IDS, "Community", communityId, "communityId");
        throw membershipNotFoundError(accountId, communityId);
      }
      requireOwnedAccount(scope, await requireAccount(q, accountId, "accountId"), "accountId");
      await q.run(C.REMOVE_MEMBERSHIP, { accountId, communityId });
      const removed = mapRecords(found, "membership", toMembership)[0]!;
      return { value: removed, entries: [{ kind: "MEMBERSHIP", op: "DELETE", record: removed }] };
    });
  }

  async membershipsOfAccounts(accountIds: readonly string[]): Promise<Membership[]> {
    if (accountIds.length === 0) return [];
    return this.#executor.read("membershipsOfAccounts", async (q) =>
      mapRecords(await q.run(C.MEMBERSHIPS_OF_ACCOUNTS, { ids: [...accountIds] }), "membership", toMembership),
    );
  }

  async membershipsOfCommunities(communityIds: readonly string[]): Promise<Membership[]> {
    if (communityIds.length === 0) return [];
    return this.#executor.read("membershipsOfCommunities", async (q) =>
      mapRecords(await q.run(C.MEMBERSHIPS_OF_COMMUNITIES, { ids: [...communityIds] }), "membership", toMembership),
    );
  }

  // ---------- links ----------

  async linkInfluence(input: NewInfluenceLink, scope?: WriteScope): Promise<Committed<Link>> {
    return this.#insertLink("linkInfluence", buildInfluenceLink(input, input.id ?? newId("link"), nowIso()), scope);
  }

  async recordReferral(input: NewReferral, scope?: WriteScope): Promise<Committed<Link>> {
    return this.#insertLink("recordReferral", buildReferralLink(input, input.id ?? newId("link"), nowIso()), scope);
  }

  async unlink(linkId: string, scope?: WriteScope): Promise<Committed<Link>> {
    return this.#write("unlink", "LINK", async (q) => {
      const found = mapRecords(await q.run(C.GET_LINKS, { ids: [linkId] }), "link", toLink);
      if (found.length === 0) throw new NotFoundError("Link", linkId, "id");
      const link = found[0]!;
      if (scope) {
        requireOwnedAccount(scope, await requireAccount(q, link.fromId, "id"), "id");
        requireOwnedAccount(scope, await requireAccount(q, link.toId, "id"), "id");
      }
      await q.run(C.DELETE_LINK, { id: linkId });
      return { value: link, entries: [{ kind: "LINK", op: "DELETE", record: link }] };
    });
  }

  async updateLink(linkId: string, patch: LinkPatch, scope?: WriteScope): Promise<Committed<Link>> {
    return this.#write("updateLink", "LINK", (q) => updateLinkRelationship(q, linkId, patch, scope, requireAccount));
  }

  async getLinks(ids: readonly string[]): Promise<(Link | null)[]> {
    if (ids.length === 0) return [];
    return this.#executor.read("getLinks", async (q) => alignById(ids, mapRecords(await q.run(C.GET_LINKS, { ids: [...ids] }), "link", toLink)));
  }

  async linksOfAccounts(query: LinkQuery): Promise<Link[]> {
    if (query.accountIds.length === 0 || query.types?.length === 0) return [];
    const cypher = query.direction === "OUT" ? C.LINKS_FROM_ACCOUNTS : C.LINKS_TO_ACCOUNTS;
    const params = { ids: [...query.accountIds], types: query.types === undefined ? null : [...query.types] };
    return this.#executor.read("linksOfAccounts", async (q) => mapRecords(await q.run(cypher, params), "link", toLink));
  }

  // ---------- activity ----------

  async recordEngagement(input: NewEngagement, scope?: WriteScope): Promise<Committed<Engagement>> {
    const engagement = buildEngagement(input, input.id ?? newId("engagement"));
    requireSelf(scope, engagement.managerId);
    return this.#write(
      "recordEngagement",
      "ENGAGEMENT",
      async (q) => {
        // The three checks are pipelined (one round trip while the feed's lock is held); they
        // answer in order, so the first failing one is still the error reported.
        const [, account] = await Promise.all([
          requireNewId(q, C.FIND_ENGAGEMENT_IDS, "Engagement", engagement.id),
          requireAccount(q, engagement.accountId, "accountId"),
          requireExists(q, C.FIND_MANAGER_IDS, "Manager", engagement.managerId, "managerId"),
        ]);
        requireOwnedAccount(scope, account, "accountId");
        const params = { accountId: engagement.accountId, managerId: engagement.managerId, props: engagementToProps(engagement) };
        const created = toEngagement(await single(q, C.CREATE_ENGAGEMENT, params, "engagement"));
        return { value: created, entries: [{ kind: "ENGAGEMENT", op: "PUT", record: created }] };
      },
      { numberLast: true },
    );
  }

  async recordPurchase(input: NewPurchase, scope?: WriteScope): Promise<Committed<Purchase>> {
    const purchase = buildPurchase(input, input.id ?? newId("purchase"));
    return this.#write(
      "recordPurchase",
      "PURCHASE",
      async (q) => {
        const [, account] = await Promise.all([
          requireNewId(q, C.FIND_PURCHASE_IDS, "Purchase", purchase.id),
          requireAccount(q, purchase.accountId, "accountId"),
        ]);
        requireOwnedAccount(scope, account, "accountId");
        const params = { accountId: purchase.accountId, props: purchaseToProps(purchase) };
        const created = toPurchase(await single(q, C.CREATE_PURCHASE, params, "purchase"));
        return { value: created, entries: [{ kind: "PURCHASE", op: "PUT", record: created }] };
      },
      { numberLast: true },
    );
  }

  async updateEngagement(id: string, patch: EngagementPatch, scope?: WriteScope): Promise<Committed<Engagement>> {
    return this.#write("updateEngagement", "ENGAGEMENT", (q) => updateEngagementNode(q, id, patch, scope, requireAccount));
  }

  async deleteEngagement(id: string, scope?: WriteScope): Promise<Committed<Engagement>> {
    return this.#write("deleteEngagement", "ENGAGEMENT", (q) => deleteEngagementNode(q, id, scope, requireAccount));
  }

  async updatePurchase(id: string, patch: PurchasePatch, scope?: WriteScope): Promise<Committed<Purchase>> {
    return this.#write("updatePurchase", "PURCHASE", (q) => updatePurchaseNode(q, id, patch, scope, requireAccount));
  }

  async deletePurchase(id: string, scope?: WriteScope): Promise<Committed<Purchase>> {
    return this.#write("deletePurchase", "PURCHASE", (q) => deletePurchaseNode(q, id, scope, requireAccount));
  }

  engagementPages(query: ActivityPageQuery): Promise<ActivityPage<Engagement>[]> {
    return engagementPagesOf(this.#executor, query);
  }

  purchasePages(query: ActivityPageQuery): Promise<ActivityPage<Purchase>[]> {
    return purchasePagesOf(this.#executor, query);
  }

  async engagementsOfAccounts(accountIds: readonly string[], window?: DateWindow): Promise<Engagement[]> {
    if (accountIds.length === 0) return [];
    const params = { ids: [...accountIds], ...windowParams(window) };
    return this.#executor.read("engagementsOfAccounts", async (q) =>
      mapRecords(await q.run(C.ENGAGEMENTS_OF_ACCOUNTS, params), "engagement", toEngagement),
    );
  }

  async engagementsOfManager(managerId: string, window?: DateWindow): Promise<Engagement[]> {
    const params = { managerId, ...windowParams(window) };
    return this.#executor.read("engagementsOfManager", async (q) =>
      mapRecords(await q.run(C.ENGAGEMENTS_OF_MANAGER, params), "engagement", toEngagement),
    );
  }

  async purchasesOfAccounts(accountIds: readonly string[], window?: DateWindow): Promise<Purchase[]> {
    if (accountIds.length === 0) return [];
    const params = { ids: [...accountIds], ...windowParams(window) };
    return this.#executor.read("purchasesOfAccounts", async (q) => mapRecords(await q.run(C.PURCHASES_OF_ACCOUNTS, params), "purchase", toPurchase));
  }

  // ---------- bulk ----------

  async importDataset(dataset: Dataset, options: { batchSize?: number } = {}): Promise<StoreCounts> {
    return importDatasetBatched(this.#executor, dataset, {
      batchSize: Math.max(1, Math.trunc(options.batchSize ?? IMPORT_DEFAULTS.batchSize)),
      singleTransactionMaxRows: this.#options.importSingleTransactionMaxRows ?? IMPORT_DEFAULTS.singleTransactionMaxRows,
      concurrency: this.#options.importConcurrency ?? IMPORT_DEFAULTS.concurrency,
      transactionTimeoutMs: this.#options.importTransactionTimeoutMs ?? IMPORT_DEFAULTS.transactionTimeoutMs,
      now: nowIso(),
    });
  }

  async importRecords(batch: CrmImportBatch, options: CrmImportOptions): Promise<Committed<CrmImportResult>> {
    const timeoutMs = this.#options.importTransactionTimeoutMs ?? IMPORT_DEFAULTS.transactionTimeoutMs;
    return importCrmRecords(this.#executor, batch, options, {
      now: nowIso(),
      timeoutMs,
      batchSize: CRM_IMPORT_DEFAULTS.batchSize,
      singleTransactionMaxRows: this.#options.importSingleTransactionMaxRows ?? CRM_IMPORT_DEFAULTS.singleTransactionMaxRows,
      concurrency: this.#options.importConcurrency ?? CRM_IMPORT_DEFAULTS.concurrency,
    });
  }

  // ---------- internals ----------

  async #insertLink(operation: string, link: Link, scope: WriteScope | undefined): Promise<Committed<Link>> {
    return this.#write(operation, "LINK", async (q) => {
      await requireNewId(q, C.FIND_LINK_IDS, "Link", link.id);
      requireOwnedAccount(scope, await requireAccount(q, link.fromId, "fromId"), "fromId");
      requireOwnedAccount(scope, await requireAccount(q, link.toId, "toId"), "toId");
      const ends = { fromId: link.fromId, toId: link.toId };
      const between = link.type === "REFERRED" ? C.FIND_REFERRAL_BETWEEN : C.FIND_INFLUENCE_BETWEEN;
      if ((await q.run(between, ends)).length > 0) throw linkExistsError(link.type);
      const create = link.type === "REFERRED" ? C.CREATE_REFERRAL : C.CREATE_INFLUENCE;
      const created = toLink(await single(q, create, { ...ends, props: linkToProps(link) }, "link"));
      return { value: created, entries: [{ kind: "LINK", op: "PUT", record: created }] };
    });
  }

  /**
   * One write transaction with its feed change (neo4j-feed.ts): takes the next sequence
   * number first (or, with `numberLast`, together with the append: see neo4j-feed.ts for
   * which writes may), runs `work`, appends the change. A write that changed nothing rolls back
   * (no number used); a driver retry whose earlier attempt committed answers with that
   * attempt's change: its `recover` record is the result (or `recover` builds it).
   */
  async #write<T>(
    operation: string,
    recover: ChangeKind | ((change: Change) => T),
    work: (q: CypherRunner) => Promise<Written<T>>,
    options: { numberLast?: boolean } = {},
  ): Promise<Committed<T>> {
    const writeId = randomUUID();
    const at = nowIso();
    try {
      return await this.#executor.write(operation, async (q): Promise<Committed<T>> => {
        // Not awaited here: the driver pipelines it with the work's first statements, so the
        // head's lock (held to the commit, which serialises writers) costs no round trip of
        // its own. The server still runs it first: statements of a transaction run in order.
        const seqTaken = options.numberLast ? null : takeFeedSeq(q);
        seqTaken?.catch(() => {}); // awaited below; a failing unit of work must not leave it unhandled
        const earlier = await committedByEarlierAttempt(q, writeId);
        if (earlier) throw new CommittedEarlier(earlier);
        const { value, entries } = await work(q);
        if (entries.length === 0) throw new NothingToCommit(value);
        const change = seqTaken ? await appendChange(q, await seqTaken, writeId, at, entries) : await takeSeqAndAppendChange(q, writeId, at, entries);
        return { value, change };
      });
    } catch (error) {
      if (error instanceof NothingToCommit) return { value: error.value as T, change: null };
      if (error instanceof CommittedEarlier) {
        const value = typeof recover === "function" ? recover(error.change) : (recordOf(error.change, recover) as T);
        return { value, change: error.change };
      }
      throw error;
    }
  }

  // ---------- API keys (ports/api-key-store.ts; not graph data: no version bump) ----------

  async createApiKey(input: NewApiKey): Promise<Committed<ApiKey>> {
    const key = buildApiKey(input, input.id ?? newId("apiKey"), nowIso());
    return this.#write("createApiKey", "API_KEY", async (q) => {
      const created = await insertApiKey(q, key);
      return { value: created, entries: [{ kind: "API_KEY", op: "PUT", record: created }] };
    });
  }

  async revokeApiKey(id: string, revokedAt: string): Promise<Committed<ApiKey>> {
    return this.#write("revokeApiKey", "API_KEY", async (q) => {
      const { key, changed } = await revokeApiKeyNode(q, id, revokedAt);
      return { value: key, entries: changed ? [{ kind: "API_KEY", op: "PUT", record: key }] : [] };
    });
  }

  async listApiKeys(): Promise<ApiKey[]> {
    return listApiKeyNodes(this.#executor);
  }

  async activeApiKeys(): Promise<ActiveApiKey[]> {
    return activeApiKeyNodes(this.#executor);
  }
}

// ---------- helpers shared by the methods above ----------

/** Runs a query that must return exactly one row and gives that row's `key` column. */
async function single(q: CypherRunner, cypher: string, params: Params, key: string): Promise<{ [k: string]: unknown }> {
  const records = await q.run(cypher, params);
  if (records.length !== 1) {
    throw new Error(`store/neo4j/neo4j-store: expected one row from ${key} write, got ${records.length}`);
  }
  return records[0]!.get(key) as { [k: string]: unknown };
}

async function requireAccount(q: CypherRunner, id: string, field: string): Promise<Account> {
  const found = mapRecords(await q.run(C.GET_ACCOUNTS, { ids: [id] }), "account", toAccount);
  if (found.length === 0) throw new NotFoundError("Account", id, field);
  return found[0]!;
}

async function readFeedState(q: CypherRunner): Promise<{ head: number; compactedThrough: number }> {
  const [record] = await q.run(C.FEED_STATE);
  if (!record) throw new Error("store/neo4j/neo4j-store: the feed head is missing (init() has not migrated this database)");
  return { head: toNumber(record.get("head")), compactedThrough: toNumber(record.get("compactedThrough")) };
}

/** Manager emails are unique whatever their case; the feed lock makes this check race-free. */
async function requireFreeEmail(q: CypherRunner, manager: AccountManager): Promise<void> {
  const key = uniquenessKey(manager.email);
  const others = mapRecords(await q.run(C.LIST_MANAGERS), "manager", toManager);
  if (others.some((m) => m.id !== manager.id && uniquenessKey(m.email) === key)) throw managerEmailTakenError(manager.email);
}

async function insertAccount(q: CypherRunner, account: Account, scope: WriteScope | undefined): Promise<Written<Account>> {
  requireOwnOwner(scope, account.ownerId);
  await requireNewId(q, C.FIND_ACCOUNT_IDS, "Account", account.id);
  await checkAccountReferences(q, account);
  const created = toAccount(await single(q, C.CREATE_ACCOUNT, { props: accountToProps(account) }, "account"));
  return { value: created, entries: [{ kind: "ACCOUNT", op: "PUT", record: created }] };
}

/** `current` with `patch` applied (but never the fields in `keep`); `field` is blamed for a scope refusal. */
async function patchAccount(
  q: CypherRunner,
  current: Account,
  patch: AccountPatch,
  keep: readonly string[],
  scope: WriteScope | undefined,
  field: string,
  updatedAt: string,
): Promise<Written<Account>> {
  requireOwnedAccount(scope, current, field);
  const next = applyPatch(current, patch, ["id", "createdAt", "updatedAt", ...keep]);
  if (isUnchanged(current, next, ["updatedAt"])) return { value: current, entries: [] };
  requireOwnOwner(scope, next.ownerId);
  next.updatedAt = updatedAt;
  await checkAccountReferences(q, next);
  const updated = toAccount(await single(q, C.REPLACE_ACCOUNT, { id: current.id, props: accountToProps(next) }, "account"));
  return { value: updated, entries: [{ kind: "ACCOUNT", op: "PUT", record: updated }] };
}

/** Owner must exist; external id must be free (other than on this account). */
async function checkAccountReferences(q: CypherRunner, account: Account): Promise<void> {
  if (account.ownerId !== null) await requireExists(q, C.FIND_MANAGER_IDS, "Manager", account.ownerId, "ownerId");
  if (account.externalId !== null) {
    const holders = await q.run(C.FIND_EXTERNAL_IDS, { externalIds: [account.externalId] });
    if (holders.some((r) => r.get("id") !== account.id)) throw externalIdTakenError(account.externalId);
  }
}

function windowParams(window: DateWindow | undefined): Params {
  return { from: toNeo4jDate(window?.from), to: toNeo4jDate(window?.to) };
}

/**
 * Binds the filter fields present (and only those: the query text has a fragment for
 * each). Lists bind as given, so an empty list matches nothing, as in SQLite.
 */
function filterParams(filter: AccountFilter, keys: readonly C.AccountFilterKey[]): Params {
  const params: Params = {};
  for (const key of keys) {
    const value = filter[key];
    if (Array.isArray(value)) params[key] = [...value];
    else if (key === "nameContains") params[key] = foldForSearch(value as string);
    else if (key === "minRevenue" || key === "maxRevenue") params[key] = toNeo4jInt(value as number);
    else params[key] = value;
  }
  return params;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Where a page starts: at the beginning, after a value, or among the nulls of a nullable key. */
type Cursor = { kind: "start" } | { kind: "afterValue"; value: unknown; id: string } | { kind: "inNulls"; id: string };

/**
 * Validates a cursor position against the sort key and converts its value, as the
 * SQLite adapter does: a null value only for nullable keys, a finite number for numeric
 * keys, text otherwise (here additionally a parseable date for the temporal keys, which
 * Neo4j stores as Date / DateTime rather than text).
 */
function readCursor(after: KeysetPosition | undefined, nullable: boolean, kind: C.SortValueKind): Cursor {
  if (after === undefined) return { kind: "start" };
  const mismatch = () => new ValidationError("cursor does not match the sort key", "after");
  if (typeof after.id !== "string") throw new ValidationError("cursor position has no id", "after");
  const id = after.id;
  if (after.value === null) {
    if (!nullable) throw mismatch();
    return { kind: "inNulls", id };
  }
  switch (kind) {
    case "integer": {
      const value = Number(after.value);
      if (!Number.isFinite(value)) throw mismatch();
      return { kind: "afterValue", id, value: Number.isSafeInteger(value) ? toNeo4jInt(value) : value };
    }
    case "name":
      if (typeof after.value !== "string") throw mismatch();
      return { kind: "afterValue", id, value: codePointSortKey(after.value) };
    case "date":
      if (typeof after.value !== "string" || !ISO_DATE.test(after.value)) throw mismatch();
      return { kind: "afterValue", id, value: toNeo4jDate(after.value) };
    case "datetime":
      if (typeof after.value !== "string" || Number.isNaN(Date.parse(after.value))) throw mismatch();
      return { kind: "afterValue", id, value: toNeo4jDateTime(toIsoDateTime(after.value)) };
  }
}
