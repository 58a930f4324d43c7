/**
 * AccountGraphStore on Neo4j over Bolt (neo4j-driver 6): the production system of
 * record. Semantics match the SQLite adapter exactly (the shared contract suite runs
 * against both); this file only decides *what* to run, neo4j-executor.ts *how*.
 *
 * - Every write method is one managed write transaction. Referenced nodes are checked
 *   inside it so failures name the field (`fromId`, `ownerId`, …); the uniqueness
 *   constraints of schema/neo4j are the safety net against concurrent writers.
 * - Account, membership and link writes start by bumping the GraphMeta version node,
 *   which also serialises them (see cypher.ts BUMP_GRAPH_VERSION).
 * - Domain objects are built in JavaScript by the builders both adapters share
 *   (ports/store-records.ts); generated ids and creation timestamps are fixed before
 *   the transaction, so a driver retry of the unit of work writes the same row once,
 *   and a retry that finds its own id already committed (the acknowledgement of an
 *   earlier attempt was lost) answers with that record instead of CONFLICT.
 * - readGraph pages by keyset on id, one read transaction per page. Unlike SQLite's WAL
 *   snapshot, Neo4j reads are read-committed (a single long transaction would not give
 *   a snapshot either), so a write landing mid-iteration may show in later pages only;
 *   a caller that compares graphVersion() before and after knows to read again.
 */
import { NotFoundError, ValidationError } from "../../domain/errors.js";
import type { GraphChunk, GraphEdge, GraphNode } from "../../domain/graph.js";
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
import * as C from "./cypher.js";
import { activeApiKeyNodes, insertApiKey, listApiKeyNodes, revokeApiKeyNode } from "./neo4j-api-keys.js";
import {
  Neo4jExecutor,
  createNeo4jDriver,
  type CypherRunner,
  type Neo4jConnectionOptions,
} from "./neo4j-executor.js";
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
  toGraphEdge,
  toGraphNode,
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
import { applySchema, locateSchemaDir } from "./neo4j-schema.js";

export interface Neo4jStoreOptions extends Neo4jConnectionOptions {
  /** Folder of `*.cypher` schema files; schema/neo4j of this project by default. */
  schemaDir?: string;
  /** Datasets with more rows than this import in several transactions (see neo4j-import.ts). */
  importSingleTransactionMaxRows?: number;
  /** Server-side timeout of each import transaction. */
  importTransactionTimeoutMs?: number;
}

export const DEFAULTS = Object.freeze({
  readPageSize: 5_000,
});

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

/**
 * The record an earlier attempt of this same call committed, if any. The driver runs a
 * write's unit of work again when it cannot tell whether the commit landed (the
 * connection dropped before the acknowledgement came back). On such a retry an id this
 * call generated (a random UUID) can only exist because that earlier attempt wrote it,
 * so the call answers with that record rather than CONFLICT for a write that succeeded.
 * A caller-supplied id, or a first attempt, never counts: there an existing id conflicts.
 */
async function committedByEarlierAttempt<T>(
  q: CypherRunner,
  generatedId: boolean,
  getById: string,
  id: string,
  key: string,
  convert: (p: { [k: string]: unknown }) => T,
): Promise<T | undefined> {
  if (!generatedId || q.attempt === 1) return undefined;
  return mapRecords(await q.run(getById, { ids: [id] }), key, convert)[0];
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
    await applySchema(this.#executor, this.#options.schemaDir ?? locateSchemaDir());
  }

  async close(): Promise<void> {
    await this.#executor.close();
  }

  async ping(): Promise<void> {
    await this.#executor.read("ping", (q) => q.run(C.PING));
  }

  async graphVersion(): Promise<number> {
    return this.#executor.read("graphVersion", async (q) => toNumber((await q.run(C.READ_GRAPH_VERSION))[0]?.get("version") ?? 0));
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

  async createAccount(input: NewAccount): Promise<Account> {
    const account = buildAccount(input, input.id ?? newId("account"), nowIso());
    const generatedId = input.id === undefined;
    return this.#executor.write("createAccount", async (q) => {
      await q.run(C.BUMP_GRAPH_VERSION);
      const earlier = await committedByEarlierAttempt(q, generatedId, C.GET_ACCOUNTS, account.id, "account", toAccount);
      if (earlier) return earlier;
      await requireNewId(q, C.FIND_ACCOUNT_IDS, "Account", account.id);
      await checkAccountReferences(q, account);
      return toAccount(await single(q, C.CREATE_ACCOUNT, { props: accountToProps(account) }, "account"));
    });
  }

  async updateAccount(id: string, patch: AccountPatch): Promise<Account> {
    return this.#executor.write("updateAccount", async (q) => {
      await q.run(C.BUMP_GRAPH_VERSION);
      const current = await requireAccount(q, id, "id");
      const next = applyPatch(current, patch, ["id", "createdAt", "updatedAt"]);
      next.updatedAt = nowIso();
      await checkAccountReferences(q, next);
      return toAccount(await single(q, C.REPLACE_ACCOUNT, { id, props: accountToProps(next) }, "account"));
    });
  }

  async deleteAccount(id: string): Promise<Account> {
    return this.#executor.write("deleteAccount", async (q) => {
      await q.run(C.BUMP_GRAPH_VERSION);
      const account = await requireAccount(q, id, "id");
      await q.run(C.DELETE_ACCOUNT, { id });
      return account;
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

  async createManager(input: NewManager): Promise<AccountManager> {
    const manager = buildManager(input, input.id ?? newId("manager"), nowIso());
    const generatedId = input.id === undefined;
    return this.#executor.write("createManager", async (q) => {
      await q.run(C.BUMP_GRAPH_VERSION);
      const earlier = await committedByEarlierAttempt(q, generatedId, C.GET_MANAGERS, manager.id, "manager", toManager);
      if (earlier) return earlier;
      await requireNewId(q, C.FIND_MANAGER_IDS, "Manager", manager.id);
      return toManager(await single(q, C.CREATE_MANAGER, { props: managerToProps(manager) }, "manager"));
    });
  }

  async updateManager(id: string, patch: ManagerPatch): Promise<AccountManager> {
    return this.#executor.write("updateManager", async (q) => {
      await q.run(C.BUMP_GRAPH_VERSION);
      const found = await q.run(C.GET_MANAGERS, { ids: [id] });
      if (found.length === 0) throw new NotFoundError("Manager", id, "id");
      const next = applyPatch(mapRecords(found, "manager", toManager)[0]!, patch, ["id", "createdAt"]);
      return toManager(await single(q, C.REPLACE_MANAGER, { id, props: managerToProps(next) }, "manager"));
    });
  }

  // ---------- communities and memberships ----------

  async getCommunities(ids: readonly string[]): Promise<(Community | null)[]> {
    if (ids.length === 0) return [];
    return this.#executor.read("getCommunities", async (q) =>
      alignById(ids, mapRecords(await q.run(C.GET_COMMUNITIES, { ids: [...ids] }), "community", toCommunity)),
    );
  }

  async listCommunities(): Promise<Community[]> {
    return this.#executor.read("listCommunities", async (q) =>
      mapRecords(await q.run(C.LIST_COMMUNITIES), "community", toCommunity),
    );
  }

  async createCommunity(input: NewCommunity): Promise<Community> {
    const community = buildCommunity(input, input.id ?? newId("community"), nowIso());
    const generatedId = input.id === undefined;
    return this.#executor.write("createCommunity", async (q) => {
      await q.run(C.BUMP_GRAPH_VERSION);
      const earlier = await committedByEarlierAttempt(q, generatedId, C.GET_COMMUNITIES, community.id, "community", toCommunity);
      if (earlier) return earlier;
      await requireNewId(q, C.FIND_COMMUNITY_IDS, "Community", community.id);
      return toCommunity(await single(q, C.CREATE_COMMUNITY, { props: communityToProps(community) }, "community"));
    });
  }

  async addMembership(input: NewMembership): Promise<Membership> {
    const membership = buildMembership(input);
    const keys = { accountId: membership.accountId, communityId: membership.communityId };
    return this.#executor.write("addMembership", async (q) => {
      await q.run(C.BUMP_GRAPH_VERSION);
      await requireExists(q, C.FIND_ACCOUNT_IDS, "Account", membership.accountId, "accountId");
      await requireExists(q, C.FIND_COMMUNITY_IDS, "Community", membership.communityId, "communityId");
      const [existing] = mapRecords(await q.run(C.FIND_MEMBERSHIP, keys), "membership", toMembership);
      if (existing) {
        // A membership has no id of its own: on a retry, the same membership with the same
        // role and date is taken to be this call's earlier attempt (see committedByEarlierAttempt).
        if (q.attempt > 1 && existing.role === membership.role && existing.since === membership.since) return existing;
        throw alreadyMemberError(membership.accountId);
      }
      const props = membershipToProps(membership);
      return toMembership(await single(q, C.ADD_MEMBERSHIP, { ...keys, props }, "membership"));
    });
  }

  async removeMembership(accountId: string, communityId: string): Promise<Membership> {
    return this.#executor.write("removeMembership", async (q) => {
      await q.run(C.BUMP_GRAPH_VERSION);
      const found = await q.run(C.FIND_MEMBERSHIP, { accountId, communityId });
      if (found.length === 0) throw membershipNotFoundError(accountId, communityId);
      await q.run(C.REMOVE_MEMBERSHIP, { accountId, communityId });
      return mapRecords(found, "membership", toMembership)[0]!;
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

  async linkInfluence(input: NewInfluenceLink): Promise<Link> {
    const link = buildInfluenceLink(input, input.id ?? newId("link"), nowIso());
    return this.#insertLink("linkInfluence", link, input.id === undefined);
  }

  async recordReferral(input: NewReferral): Promise<Link> {
    const link = buildReferralLink(input, input.id ?? newId("link"), nowIso());
    return this.#insertLink("recordReferral", link, input.id === undefined);
  }

  async unlink(linkId: string): Promise<Link> {
    return this.#executor.write("unlink", async (q) => {
      await q.run(C.BUMP_GRAPH_VERSION);
      const found = mapRecords(await q.run(C.GET_LINKS, { ids: [linkId] }), "link", toLink);
      if (found.length === 0) throw new NotFoundError("Link", linkId, "id");
      await q.run(C.DELETE_LINK, { id: linkId });
      return found[0]!;
    });
  }

  async getLinks(ids: readonly string[]): Promise<(Link | null)[]> {
    if (ids.length === 0) return [];
    return this.#executor.read("getLinks", async (q) =>
      alignById(ids, mapRecords(await q.run(C.GET_LINKS, { ids: [...ids] }), "link", toLink)),
    );
  }

  async linksOfAccounts(query: LinkQuery): Promise<Link[]> {
    if (query.accountIds.length === 0 || query.types?.length === 0) return [];
    const cypher = query.direction === "OUT" ? C.LINKS_FROM_ACCOUNTS : C.LINKS_TO_ACCOUNTS;
    const params = { ids: [...query.accountIds], types: query.types === undefined ? null : [...query.types] };
    return this.#executor.read("linksOfAccounts", async (q) => mapRecords(await q.run(cypher, params), "link", toLink));
  }

  // ---------- activity ----------

  async recordEngagement(input: NewEngagement): Promise<Engagement> {
    const engagement = buildEngagement(input, input.id ?? newId("engagement"));
    const generatedId = input.id === undefined;
    return this.#executor.write("recordEngagement", async (q) => {
      const earlier = await committedByEarlierAttempt(q, generatedId, C.GET_ENGAGEMENTS, engagement.id, "engagement", toEngagement);
      if (earlier) return earlier;
      await requireNewId(q, C.FIND_ENGAGEMENT_IDS, "Engagement", engagement.id);
      await requireExists(q, C.FIND_ACCOUNT_IDS, "Account", engagement.accountId, "accountId");
      await requireExists(q, C.FIND_MANAGER_IDS, "Manager", engagement.managerId, "managerId");
      const params = { accountId: engagement.accountId, managerId: engagement.managerId, props: engagementToProps(engagement) };
      return toEngagement(await single(q, C.CREATE_ENGAGEMENT, params, "engagement"));
    });
  }

  async recordPurchase(input: NewPurchase): Promise<Purchase> {
    const purchase = buildPurchase(input, input.id ?? newId("purchase"));
    const generatedId = input.id === undefined;
    return this.#executor.write("recordPurchase", async (q) => {
      const earlier = await committedByEarlierAttempt(q, generatedId, C.GET_PURCHASES, purchase.id, "purchase", toPurchase);
      if (earlier) return earlier;
      await requireNewId(q, C.FIND_PURCHASE_IDS, "Purchase", purchase.id);
      await requireExists(q, C.FIND_ACCOUNT_IDS, "Account", purchase.accountId, "accountId");
      const params = { accountId: purchase.accountId, props: purchaseToProps(purchase) };
      return toPurchase(await single(q, C.CREATE_PURCHASE, params, "purchase"));
    });
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
    return this.#executor.read("purchasesOfAccounts", async (q) =>
      mapRecords(await q.run(C.PURCHASES_OF_ACCOUNTS, params), "purchase", toPurchase),
    );
  }

  // ---------- bulk ----------

  async importDataset(dataset: Dataset, options: { batchSize?: number } = {}): Promise<StoreCounts> {
    return importDatasetBatched(this.#executor, dataset, {
      batchSize: Math.max(1, Math.trunc(options.batchSize ?? IMPORT_DEFAULTS.batchSize)),
      singleTransactionMaxRows: this.#options.importSingleTransactionMaxRows ?? IMPORT_DEFAULTS.singleTransactionMaxRows,
      transactionTimeoutMs: this.#options.importTransactionTimeoutMs ?? IMPORT_DEFAULTS.transactionTimeoutMs,
      now: nowIso(),
    });
  }

  async importRecords(batch: CrmImportBatch, options: CrmImportOptions): Promise<CrmImportResult> {
    const timeoutMs = this.#options.importTransactionTimeoutMs ?? IMPORT_DEFAULTS.transactionTimeoutMs;
    return importCrmRecords(this.#executor, batch, options, {
      now: nowIso(),
      timeoutMs,
      batchSize: CRM_IMPORT_DEFAULTS.batchSize,
      singleTransactionMaxRows: this.#options.importSingleTransactionMaxRows ?? CRM_IMPORT_DEFAULTS.singleTransactionMaxRows,
    });
  }

  async *readGraph(options: { pageSize?: number } = {}): AsyncIterable<GraphChunk> {
    const pageSize = Math.max(1, Math.trunc(options.pageSize ?? DEFAULTS.readPageSize));
    const limit = toNeo4jInt(pageSize);
    const page = <T>(operation: string, cypher: string, params: Params, key: string, convert: (p: { [k: string]: unknown }) => T) =>
      this.#executor.read(operation, async (q) => mapRecords(await q.run(cypher, { ...params, limit }), key, convert));

    let lastNode: string | null = null;
    for (;;) {
      const nodes: GraphNode[] =
        lastNode === null
          ? await page("readGraph.nodes", C.READ_GRAPH_NODES_FIRST, {}, "node", toGraphNode)
          : await page("readGraph.nodes", C.READ_GRAPH_NODES_AFTER, { afterId: lastNode }, "node", toGraphNode);
      if (nodes.length === 0) break;
      yield { nodes, edges: [], memberships: [] };
      if (nodes.length < pageSize) break;
      lastNode = nodes[nodes.length - 1]!.id;
    }

    let lastMembership: Membership | null = null;
    for (;;) {
      const memberships: Membership[] =
        lastMembership === null
          ? await page("readGraph.memberships", C.READ_GRAPH_MEMBERSHIPS_FIRST, {}, "membership", toMembership)
          : await page(
              "readGraph.memberships",
              C.READ_GRAPH_MEMBERSHIPS_AFTER,
              { afterAccountId: lastMembership.accountId, afterCommunityId: lastMembership.communityId },
              "membership",
              toMembership,
            );
      if (memberships.length === 0) break;
      yield { nodes: [], edges: [], memberships };
      if (memberships.length < pageSize) break;
      lastMembership = memberships[memberships.length - 1]!;
    }

    let lastEdge: string | null = null;
    for (;;) {
      const edges: GraphEdge[] =
        lastEdge === null
          ? await page("readGraph.edges", C.READ_GRAPH_EDGES_FIRST, {}, "edge", toGraphEdge)
          : await page("readGraph.edges", C.READ_GRAPH_EDGES_AFTER, { afterId: lastEdge }, "edge", toGraphEdge);
      if (edges.length === 0) break;
      yield { nodes: [], edges, memberships: [] };
      if (edges.length < pageSize) break;
      lastEdge = edges[edges.length - 1]!.id;
    }
  }

  // ---------- internals ----------

  /** `generatedId`: the id is this call's own, so a retry may find its earlier attempt's link. */
  async #insertLink(operation: string, link: Link, generatedId: boolean): Promise<Link> {
    return this.#executor.write(operation, async (q) => {
      await q.run(C.BUMP_GRAPH_VERSION);
      const earlier = await committedByEarlierAttempt(q, generatedId, C.GET_LINKS, link.id, "link", toLink);
      if (earlier) return earlier;
      await requireNewId(q, C.FIND_LINK_IDS, "Link", link.id);
      await requireExists(q, C.FIND_ACCOUNT_IDS, "Account", link.fromId, "fromId");
      await requireExists(q, C.FIND_ACCOUNT_IDS, "Account", link.toId, "toId");
      const ends = { fromId: link.fromId, toId: link.toId };
      const between = link.type === "REFERRED" ? C.FIND_REFERRAL_BETWEEN : C.FIND_INFLUENCE_BETWEEN;
      if ((await q.run(between, ends)).length > 0) throw linkExistsError(link.type);
      const create = link.type === "REFERRED" ? C.CREATE_REFERRAL : C.CREATE_INFLUENCE;
      return toLink(await single(q, create, { ...ends, props: linkToProps(link) }, "link"));
    });
  }

  // ---------- API keys (ports/api-key-store.ts; not graph data: no version bump) ----------

  async createApiKey(input: NewApiKey): Promise<ApiKey> {
    return insertApiKey(this.#executor, buildApiKey(input, input.id ?? newId("apiKey"), nowIso()));
  }

  async revokeApiKey(id: string, revokedAt: string): Promise<ApiKey> {
    return revokeApiKeyNode(this.#executor, id, revokedAt);
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
type Cursor =
  | { kind: "start" }
  | { kind: "afterValue"; value: unknown; id: string }
  | { kind: "inNulls"; id: string };

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
