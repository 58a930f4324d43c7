/**
 * The Neo4j store's edit and delete writes beyond accounts (ports/record-edits.ts):
 * engagements, purchases, links, communities and managers. Each function runs inside the
 * store's feed-appending write transaction (neo4j-store.ts #write) and reads what it checks
 * in that same transaction, so a MANAGER's ownership and every reference are checked against
 * what it writes (ports/write-scope.ts). The rules are the shared pure ones of
 * ports/record-edits.ts; this file only says which Cypher runs.
 */
import { NotFoundError, ValidationError } from "../../domain/errors.js";
import type { Account, AccountManager, Community, Engagement, Link, Purchase } from "../../domain/model.js";
import type { ChangeEntry } from "../../ports/change-feed.js";
import type { CommunityPatch, EngagementPatch, LinkPatch, PurchasePatch } from "../../ports/account-graph-store.js";
import { managerDeletionEntries, patchCommunity, patchEngagement, patchLink, patchPurchase, unchanged } from "../../ports/record-edits.js";
import { communityNameTakenError } from "../../ports/store-errors.js";
import { uniquenessKey } from "../../ports/store-records.js";
import { requireOwnedAccount, requireSelf, type WriteScope } from "../../ports/write-scope.js";
import {
  ACCOUNT_MAP,
  COMMUNITY_MAP,
  ENGAGEMENTS_OF_MANAGER,
  FIND_MANAGER_IDS,
  GET_COMMUNITIES,
  GET_ENGAGEMENTS,
  GET_LINKS,
  GET_MANAGERS,
  GET_PURCHASES,
  LIST_COMMUNITIES,
  MEMBERSHIPS_OF_COMMUNITIES,
} from "./cypher.js";
import type { CypherRunner } from "./neo4j-executor.js";
import {
  communityToProps,
  engagementToProps,
  linkToProps,
  mapRecords,
  purchaseToProps,
  toAccount,
  toCommunity,
  toEngagement,
  toLink,
  toManager,
  toMembership,
  toNeo4jDateTime,
  toPurchase,
} from "./neo4j-mapping.js";

// ---------- Cypher (values only ever as $parameters) ----------

export const UPDATE_ENGAGEMENT = `
MATCH (e:Engagement {id: $id})
SET e = $props`;

/** Points an engagement at another manager (its BY relationship). */
export const MOVE_ENGAGEMENT = `
MATCH (e:Engagement {id: $id})-[by:BY]->(:AccountManager)
MATCH (m:AccountManager {id: $managerId})
DELETE by
CREATE (e)-[:BY]->(m)`;

export const DELETE_ENGAGEMENT = `
MATCH (e:Engagement {id: $id})
DETACH DELETE e`;

export const UPDATE_PURCHASE = `
MATCH (p:Purchase {id: $id})
SET p = $props`;

export const DELETE_PURCHASE = `
MATCH (p:Purchase {id: $id})
DETACH DELETE p`;

/** One index seek per relationship type, as GET_LINKS. */
export const UPDATE_LINK = `
CALL () {
  MATCH ()-[r:REFERRED {id: $id}]->() RETURN r
  UNION
  MATCH ()-[r:INFLUENCES {id: $id}]->() RETURN r
}
SET r = $props`;

export const UPDATE_COMMUNITY = `
MATCH (c:Community {id: $id})
SET c = $props
RETURN ${COMMUNITY_MAP}`;

/** Its MEMBER_OF relationships go with it. */
export const DELETE_COMMUNITY = `
MATCH (c:Community {id: $id})
DETACH DELETE c`;

export const ACCOUNTS_OWNED_BY = `
MATCH (a:Account {ownerId: $managerId})
RETURN ${ACCOUNT_MAP}
ORDER BY a.id`;

export const REASSIGN_ACCOUNTS = `
MATCH (a:Account {ownerId: $from})
SET a.ownerId = $to, a.updatedAt = $now`;

export const REASSIGN_ENGAGEMENTS = `
MATCH (to:AccountManager {id: $to})
MATCH (e:Engagement)-[by:BY]->(:AccountManager {id: $from})
DELETE by
CREATE (e)-[:BY]->(to)`;

export const DELETE_MANAGER = `
MATCH (m:AccountManager {id: $id})
DETACH DELETE m`;

// ---------- writes ----------

/** A write's result and the feed entries describing it (none: the write changed nothing). */
export interface Written<T> {
  value: T;
  entries: ChangeEntry[];
}

type RequireAccount = (q: CypherRunner, id: string, field: string) => Promise<Account>;

async function one<T>(
  q: CypherRunner,
  cypher: string,
  id: string,
  key: string,
  convert: (p: { [k: string]: unknown }) => T,
  entity: string,
): Promise<T> {
  const [found] = mapRecords(await q.run(cypher, { ids: [id] }), key, convert);
  if (found === undefined) throw new NotFoundError(entity, id, "id");
  return found;
}

/** A MANAGER touches only activity on its own accounts, and only engagements it recorded. */
async function requireOwnEngagement(
  q: CypherRunner,
  scope: WriteScope | undefined,
  engagement: Engagement,
  requireAccount: RequireAccount,
): Promise<void> {
  if (!scope) return;
  requireOwnedAccount(scope, await requireAccount(q, engagement.accountId, "id"), "id");
  requireSelf(scope, engagement.managerId, "id");
}

export async function updateEngagementNode(
  q: CypherRunner,
  id: string,
  patch: EngagementPatch,
  scope: WriteScope | undefined,
  requireAccount: RequireAccount,
): Promise<Written<Engagement>> {
  const current = await one(q, GET_ENGAGEMENTS, id, "engagement", toEngagement, "Engagement");
  await requireOwnEngagement(q, scope, current, requireAccount);
  const next = patchEngagement(current, patch);
  if (unchanged(current, next)) return { value: current, entries: [] };
  requireSelf(scope, next.managerId);
  if (next.managerId !== current.managerId) {
    if ((await q.run(FIND_MANAGER_IDS, { ids: [next.managerId] })).length === 0) throw new NotFoundError("Manager", next.managerId, "managerId");
    await q.run(MOVE_ENGAGEMENT, { id, managerId: next.managerId });
  }
  await q.run(UPDATE_ENGAGEMENT, { id, props: engagementToProps(next) });
  const updated = await one(q, GET_ENGAGEMENTS, id, "engagement", toEngagement, "Engagement");
  return { value: updated, entries: [{ kind: "ENGAGEMENT", op: "PUT", record: updated }] };
}

export async function deleteEngagementNode(
  q: CypherRunner,
  id: string,
  scope: WriteScope | undefined,
  requireAccount: RequireAccount,
): Promise<Written<Engagement>> {
  const current = await one(q, GET_ENGAGEMENTS, id, "engagement", toEngagement, "Engagement");
  await requireOwnEngagement(q, scope, current, requireAccount);
  await q.run(DELETE_ENGAGEMENT, { id });
  return { value: current, entries: [{ kind: "ENGAGEMENT", op: "DELETE", record: current }] };
}

export async function updatePurchaseNode(
  q: CypherRunner,
  id: string,
  patch: PurchasePatch,
  scope: WriteScope | undefined,
  requireAccount: RequireAccount,
): Promise<Written<Purchase>> {
  const current = await one(q, GET_PURCHASES, id, "purchase", toPurchase, "Purchase");
  if (scope) requireOwnedAccount(scope, await requireAccount(q, current.accountId, "id"), "id");
  const next = patchPurchase(current, patch);
  if (unchanged(current, next)) return { value: current, entries: [] };
  await q.run(UPDATE_PURCHASE, { id, props: purchaseToProps(next) });
  const updated = await one(q, GET_PURCHASES, id, "purchase", toPurchase, "Purchase");
  return { value: updated, entries: [{ kind: "PURCHASE", op: "PUT", record: updated }] };
}

export async function deletePurchaseNode(
  q: CypherRunner,
  id: string,
  scope: WriteScope | undefined,
  requireAccount: RequireAccount,
): Promise<Written<Purchase>> {
  const current = await one(q, GET_PURCHASES, id, "purchase", toPurchase, "Purchase");
  if (scope) requireOwnedAccount(scope, await requireAccount(q, current.accountId, "id"), "id");
  await q.run(DELETE_PURCHASE, { id });
  return { value: current, entries: [{ kind: "PURCHASE", op: "DELETE", record: current }] };
}

export async function updateLinkRelationship(
  q: CypherRunner,
  id: string,
  patch: LinkPatch,
  scope: WriteScope | undefined,
  requireAccount: RequireAccount,
): Promise<Written<Link>> {
  const current = await one(q, GET_LINKS, id, "link", toLink, "Link");
  if (scope) {
    requireOwnedAccount(scope, await requireAccount(q, current.fromId, "id"), "id");
    requireOwnedAccount(scope, await requireAccount(q, current.toId, "id"), "id");
  }
  const next = patchLink(current, patch);
  if (unchanged(current, next)) return { value: current, entries: [] };
  await q.run(UPDATE_LINK, { id, props: linkToProps(next) });
  const updated = await one(q, GET_LINKS, id, "link", toLink, "Link");
  return { value: updated, entries: [{ kind: "LINK", op: "PUT", record: updated }] };
}

export async function updateCommunityNode(q: CypherRunner, id: string, patch: CommunityPatch): Promise<Written<Community>> {
  const current = await one(q, GET_COMMUNITIES, id, "community", toCommunity, "Community");
  const next = patchCommunity(current, patch);
  if (unchanged(current, next)) return { value: current, entries: [] };
  const key = uniquenessKey(next.name);
  const others = mapRecords(await q.run(LIST_COMMUNITIES), "community", toCommunity);
  if (others.some((c) => c.id !== id && uniquenessKey(c.name) === key)) throw communityNameTakenError(next.name);
  const [updated] = mapRecords(await q.run(UPDATE_COMMUNITY, { id, props: communityToProps(next) }), "community", toCommunity);
  return { value: updated!, entries: [{ kind: "COMMUNITY", op: "PUT", record: updated! }] };
}

export async function deleteCommunityNode(q: CypherRunner, id: string): Promise<Written<Community>> {
  const community = await one(q, GET_COMMUNITIES, id, "community", toCommunity, "Community");
  const memberships = mapRecords(await q.run(MEMBERSHIPS_OF_COMMUNITIES, { ids: [id] }), "membership", toMembership);
  await q.run(DELETE_COMMUNITY, { id });
  return {
    value: community,
    entries: [
      { kind: "COMMUNITY", op: "DELETE", record: community },
      ...memberships.map((record): ChangeEntry => ({ kind: "MEMBERSHIP", op: "DELETE", record })),
    ],
  };
}

export async function deleteManagerNode(q: CypherRunner, id: string, reassignTo: string | undefined, now: string): Promise<Written<AccountManager>> {
  const manager: AccountManager = await one(q, GET_MANAGERS, id, "manager", toManager, "Manager");
  if (reassignTo !== undefined) {
    if (reassignTo === id) throw new ValidationError("reassignTo must name another manager", "reassignTo");
    if ((await q.run(FIND_MANAGER_IDS, { ids: [reassignTo] })).length === 0) throw new NotFoundError("Manager", reassignTo, "reassignTo");
  }
  const accounts = mapRecords(await q.run(ACCOUNTS_OWNED_BY, { managerId: id }), "account", toAccount);
  const engagements = mapRecords(await q.run(ENGAGEMENTS_OF_MANAGER, { managerId: id, from: null, to: null }), "engagement", toEngagement);
  const entries = managerDeletionEntries(manager, accounts, engagements, reassignTo, now);
  if (reassignTo !== undefined) {
    await q.run(REASSIGN_ACCOUNTS, { from: id, to: reassignTo, now: toNeo4jDateTime(now) });
    await q.run(REASSIGN_ENGAGEMENTS, { from: id, to: reassignTo });
  }
  await q.run(DELETE_MANAGER, { id });
  return { value: manager, entries };
}
