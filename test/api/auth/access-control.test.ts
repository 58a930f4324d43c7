/**
 * Access control through HTTP, as clients meet it, on both stores: who is refused
 * before GraphQL runs (401 UNAUTHENTICATED), what each role may read and write
 * (FORBIDDEN otherwise), and that a refused write leaves the store as it was.
 *
 * tiny-dataset: mgr_one owns ada, bob, cyd and dan; eve has no owner; mgr_two (added
 * here) owns nothing at first; eve referred ada (added here).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLResponse } from "../../support/api-client.js";
import { makeApiKeys, startSecuredApi } from "../../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../../support/store-factories.js";
import { tinyDataset } from "../../support/tiny-dataset.js";

const READ_NESTED = `{
  accounts(first: 10) { totalCount edges { node { id name owner { name accounts(first: 2) { edges { node { id } } } }
    outgoingLinks { id to { name owner { id } } } memberships { community { name } } engagements { minutes manager { name } } } } }
  eve: account(id: "acc_eve") { name incomingLinks { from { name } } }
  accountManagers { id }
}`;

const ENGAGE = `mutation($input: RecordEngagementInput!) { recordEngagement(input: $input) { id managerId } }`;
const CREATE = `mutation($input: AccountInput!) { createAccount(input: $input) { id owner { id } } }`;
const UPDATE = `mutation($id: ID!, $input: AccountInput!) { updateAccount(id: $id, input: $input) { id } }`;
const DELETE = `mutation($id: ID!) { deleteAccount(id: $id) { id } }`;
const LINK = `mutation($input: LinkInfluenceInput!) { linkInfluence(input: $input) { id } }`;
const REFER = `mutation($input: RecordReferralInput!) { recordReferral(input: $input) { id } }`;
const UNLINK = `mutation($id: ID!) { unlink(id: $id) { id } }`;
const PURCHASE = `mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) { id } }`;
const ADD_MEMBER = `mutation($input: MembershipInput!) { addMembership(input: $input) { accountId } }`;
const REMOVE_MEMBER = `mutation($a: ID!, $c: ID!) { removeMembership(accountId: $a, communityId: $c) { accountId } }`;
const CREATE_MANAGER = `mutation($input: AccountManagerInput!) { createAccountManager(input: $input) { id } }`;
const UPDATE_MANAGER = `mutation($id: ID!, $input: AccountManagerInput!) { updateAccountManager(id: $id, input: $input) { id } }`;
const CREATE_COMMUNITY = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }`;
const UPDATE_COMMUNITY = `mutation($id: ID!, $input: UpdateCommunityInput!) { updateCommunity(id: $id, input: $input) { id } }`;
const DELETE_COMMUNITY = `mutation($id: ID!) { deleteCommunity(id: $id) { id } }`;
const DELETE_MANAGER = `mutation($id: ID!, $to: ID) { deleteAccountManager(id: $id, reassignTo: $to) { id } }`;
const UPSERT = `mutation($input: UpsertAccountInput!) { upsertAccount(input: $input) { created } }`;
const UPDATE_LINK = `mutation($id: ID!, $input: UpdateLinkInput!) { updateLink(id: $id, input: $input) { id } }`;
const UPDATE_ENGAGEMENT = `mutation($id: ID!, $input: UpdateEngagementInput!) { updateEngagement(id: $id, input: $input) { id } }`;
const DELETE_ENGAGEMENT = `mutation($id: ID!) { deleteEngagement(id: $id) { id } }`;
const UPDATE_PURCHASE = `mutation($id: ID!, $input: UpdatePurchaseInput!) { updatePurchase(id: $id, input: $input) { id } }`;
const DELETE_PURCHASE = `mutation($id: ID!) { deletePurchase(id: $id) { id } }`;

const engagement = (over: Record<string, unknown> = {}) => ({
  accountId: "acc_ada",
  managerId: "mgr_one",
  minutes: 30,
  date: "2026-01-01",
  kind: "CALL",
  ...over,
});

interface Attempt {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Writes a MANAGER (mgr_one) must be refused, with the input field to blame when there is one. */
const MANAGER_FORBIDDEN: (Attempt & { field?: string })[] = [
  { name: "create an account for nobody", query: CREATE, variables: { input: { name: "Orphan" } }, field: "input.ownerId" },
  {
    name: "create an account for another manager",
    query: CREATE,
    variables: { input: { name: "Gift", ownerId: "mgr_two" } },
    field: "input.ownerId",
  },
  { name: "update an account it does not own", query: UPDATE, variables: { id: "acc_eve", input: { name: "Mine now" } }, field: "id" },
  { name: "hand its account to another manager", query: UPDATE, variables: { id: "acc_ada", input: { ownerId: "mgr_two" } }, field: "input.ownerId" },
  { name: "unassign its account", query: UPDATE, variables: { id: "acc_ada", input: { ownerId: null } }, field: "input.ownerId" },
  { name: "delete an account it does not own", query: DELETE, variables: { id: "acc_eve" }, field: "id" },
  {
    name: "link to an account it does not own",
    query: LINK,
    variables: { input: { fromId: "acc_ada", toId: "acc_eve", kind: "PEER", strength: 0.5 } },
    field: "input.toId",
  },
  {
    name: "refer from an account it does not own",
    query: REFER,
    variables: { input: { fromId: "acc_eve", toId: "acc_ada", date: "2025-01-01" } },
    field: "input.fromId",
  },
  {
    name: "log an engagement on an account it does not own",
    query: ENGAGE,
    variables: { input: engagement({ accountId: "acc_eve" }) },
    field: "input.accountId",
  },
  { name: "log another manager's engagement", query: ENGAGE, variables: { input: engagement({ managerId: "mgr_two" }) }, field: "input.managerId" },
  {
    name: "record a purchase on an account it does not own",
    query: PURCHASE,
    variables: { input: { accountId: "acc_eve", amount: "10.00", date: "2026-01-01" } },
    field: "input.accountId",
  },
  {
    name: "add a membership to an account it does not own",
    query: ADD_MEMBER,
    variables: { input: { accountId: "acc_eve", communityId: "com_chamber" } },
    field: "input.accountId",
  },
  { name: "create a manager", query: CREATE_MANAGER, variables: { input: { name: "Boss", email: "boss@example.com" } } },
  { name: "update a manager, even itself", query: UPDATE_MANAGER, variables: { id: "mgr_one", input: { weeklyCapacityHours: 80 } } },
  { name: "create a community", query: CREATE_COMMUNITY, variables: { input: { name: "Club", kind: "CLUB" } } },
  { name: "update a community", query: UPDATE_COMMUNITY, variables: { id: "com_chamber", input: { name: "Mine" } } },
  { name: "delete a community", query: DELETE_COMMUNITY, variables: { id: "com_chamber" } },
  { name: "delete a manager, even one that owns nothing", query: DELETE_MANAGER, variables: { id: "mgr_two" } },
  { name: "upsert an account it does not own", query: UPSERT, variables: { input: { externalId: "crm-eve", name: "x" } }, field: "input.ownerId" },
  {
    name: "change a link from an account it does not own",
    query: UPDATE_LINK,
    variables: { id: "lnk_eve_ada", input: { revenue: "1.00" } },
    field: "id",
  },
];

/** One attempt at every mutation of the schema, as a VIEWER would try it. */
const EVERY_MUTATION: Attempt[] = [
  { name: "createAccount", query: CREATE, variables: { input: { name: "X" } } },
  { name: "updateAccount", query: UPDATE, variables: { id: "acc_ada", input: { name: "X" } } },
  { name: "deleteAccount", query: DELETE, variables: { id: "acc_ada" } },
  { name: "linkInfluence", query: LINK, variables: { input: { fromId: "acc_ada", toId: "acc_cyd", kind: "PEER", strength: 0.5 } } },
  { name: "recordReferral", query: REFER, variables: { input: { fromId: "acc_ada", toId: "acc_cyd", date: "2025-01-01" } } },
  { name: "unlink", query: UNLINK, variables: { id: "lnk_ada_bob" } },
  { name: "recordEngagement", query: ENGAGE, variables: { input: engagement() } },
  { name: "recordPurchase", query: PURCHASE, variables: { input: { accountId: "acc_ada", amount: "10.00", date: "2026-01-01" } } },
  { name: "addMembership", query: ADD_MEMBER, variables: { input: { accountId: "acc_cyd", communityId: "com_chamber" } } },
  { name: "removeMembership", query: REMOVE_MEMBER, variables: { a: "acc_ada", c: "com_chamber" } },
  { name: "createAccountManager", query: CREATE_MANAGER, variables: { input: { name: "M", email: "m@example.com" } } },
  { name: "updateAccountManager", query: UPDATE_MANAGER, variables: { id: "mgr_one", input: { name: "M" } } },
  { name: "createCommunity", query: CREATE_COMMUNITY, variables: { input: { name: "C", kind: "CLUB" } } },
  { name: "updateCommunity", query: UPDATE_COMMUNITY, variables: { id: "com_chamber", input: { name: "C" } } },
  { name: "deleteCommunity", query: DELETE_COMMUNITY, variables: { id: "com_chamber" } },
  { name: "deleteAccountManager", query: DELETE_MANAGER, variables: { id: "mgr_two" } },
  { name: "upsertAccount", query: UPSERT, variables: { input: { externalId: "crm-x", name: "X" } } },
  { name: "updateLink", query: UPDATE_LINK, variables: { id: "lnk_ada_bob", input: { strength: 0.1 } } },
  { name: "updateEngagement", query: UPDATE_ENGAGEMENT, variables: { id: "eng_1", input: { minutes: 1 } } },
  { name: "deleteEngagement", query: DELETE_ENGAGEMENT, variables: { id: "eng_1" } },
  { name: "updatePurchase", query: UPDATE_PURCHASE, variables: { id: "pur_1", input: { licences: 1 } } },
  { name: "deletePurchase", query: DELETE_PURCHASE, variables: { id: "pur_1" } },
];

function code(response: GraphQLResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code as string | undefined;
}

describe.each(STORE_FACTORIES)("access control on $name", (factory) => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;
  const keys = makeApiKeys(["mgr_one", "mgr_two"]);

  beforeAll(async () => {
    opened = await factory.make();
    const dataset = tinyDataset();
    dataset.managers.push({ id: "mgr_two", name: "Tom Two", email: "tom@example.com", weeklyCapacityHours: 40 });
    dataset.referrals.push({ id: "lnk_eve_ada", fromId: "acc_eve", toId: "acc_ada", date: "2024-05-01", revenue: 100 });
    await opened.store.importDataset(dataset);
    api = await startSecuredApi(opened.store, { auth: keys.auth });
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  const snapshot = async () => ({ counts: await opened.store.counts(), head: await opened.store.feedHead() });

  it("refuses requests without credentials before GraphQL runs: 401, UNAUTHENTICATED, a Bearer challenge and a request id", async () => {
    const response = await fetch(api.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "req-anon-1" },
      body: JSON.stringify({ query: "{ accountManagers { id } }" }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const body = (await response.json()) as GraphQLResponse;
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", requestId: "req-anon-1" });
  });

  it.each([
    ["an unknown API key", "agk_not-a-real-key"],
    ["a JWT signed with another secret", "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiQURNSU4iLCJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl"],
  ])("refuses %s with 401 UNAUTHENTICATED", async (_name, credential) => {
    const response = await api.as(credential)("{ accountManagers { id } }");
    expect(response.status).toBe(401);
    expect(code(response)).toBe("UNAUTHENTICATED");
  });

  it("refuses an expired JWT and says so", async () => {
    const expired = keys.jwt("ADMIN", undefined, -120);
    const response = await api.as(expired)("{ accountManagers { id } }");
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "TOKEN_EXPIRED" });
  });

  it("refuses a Basic Authorization header rather than ignoring it", async () => {
    const response = await fetch(api.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Basic YWRtaW46YWRtaW4=" },
      body: JSON.stringify({ query: "{ accountManagers { id } }" }),
    });
    expect(response.status).toBe(401);
  });

  it("accepts the key in X-API-Key too", async () => {
    const response = await fetch(api.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": keys.viewer },
      body: JSON.stringify({ query: "{ accountManagers { id } }" }),
    });
    expect(response.status).toBe(200);
  });

  it.each([
    ["VIEWER key", () => keys.viewer],
    ["MANAGER key", () => keys.manager("mgr_one")],
    ["MANAGER JWT", () => keys.jwt("MANAGER", "mgr_two")],
    ["ADMIN key", () => keys.admin],
  ])("lets a %s read everything, nested and aliased, including accounts it does not own", async (_name, credential) => {
    const response = await api.as(credential())(READ_NESTED);
    expect(response.errors).toBeUndefined();
    expect(response.data.accounts.totalCount).toBe(5);
    expect(response.data.eve.incomingLinks).toEqual([]);
  });

  it.each(EVERY_MUTATION)("refuses VIEWER the mutation $name, also under an alias, and changes nothing", async ({ query, variables }) => {
    const before = await snapshot();
    const direct = await api.as(keys.viewer)(query, variables);
    expect(code(direct), JSON.stringify(direct.errors)).toBe("FORBIDDEN");
    const aliased = await api.as(keys.viewer)(query.replace(/\{ (\w+)\(/, "{ sneaky: $1("), variables);
    expect(code(aliased)).toBe("FORBIDDEN");
    expect(await snapshot()).toEqual(before);
  });

  it.each(MANAGER_FORBIDDEN)("refuses MANAGER to $name and changes nothing", async ({ query, variables, field }) => {
    const before = await snapshot();
    const response = await api.as(keys.manager("mgr_one"))(query, variables);
    expect(code(response), JSON.stringify(response.errors)).toBe("FORBIDDEN");
    if (field !== undefined) expect(response.errors?.[0]?.extensions?.field).toBe(field);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses MANAGER mutations on another manager's accounts in a multi-field operation, writing nothing", async () => {
    const response = await api.as(keys.manager("mgr_two"))(
      `mutation { a: updateAccount(id: "acc_ada", input: { name: "Hijacked" }) { id } b: deleteAccount(id: "acc_bob") { id } }`,
    );
    // Mutation fields are nullable and run in order: each refused one answers null with its own error.
    expect(response.data).toEqual({ a: null, b: null });
    expect(response.errors?.map((e) => e.path)).toEqual([["a"], ["b"]]);
    expect(response.errors?.every((e) => e.extensions?.code === "FORBIDDEN")).toBe(true);
    const ada = await api.as(keys.admin)(`{ account(id: "acc_ada") { name } bob: account(id: "acc_bob") { id } }`);
    expect(ada.data).toEqual({ account: { name: "Ada Anchors" }, bob: { id: "acc_bob" } });
  });

  it("lets MANAGER write its own accounts: create for itself, update, link, engage, buy, join, unlink, delete", async () => {
    const as = api.as(keys.jwt("MANAGER", "mgr_one"));
    const created = await as(CREATE, { input: { name: "Own Co", ownerId: "mgr_one" } });
    expect(created.errors).toBeUndefined();
    const id = created.data.createAccount.id as string;
    expect(created.data.createAccount.owner).toEqual({ id: "mgr_one" });
    const steps: [string, Record<string, unknown>][] = [
      [UPDATE, { id, input: { name: "Own Co Ltd", ownerId: "mgr_one" } }],
      [ENGAGE, { input: engagement({ accountId: id }) }],
      [PURCHASE, { input: { accountId: id, amount: "99.00", date: "2026-01-01" } }],
      [ADD_MEMBER, { input: { accountId: id, communityId: "com_chamber" } }],
      [REMOVE_MEMBER, { a: id, c: "com_chamber" }],
      [REFER, { input: { fromId: "acc_ada", toId: id, date: "2025-01-01" } }],
    ];
    for (const [query, variables] of steps) {
      const response = await as(query, variables);
      expect(response.errors, query).toBeUndefined();
    }
    const link = await as(LINK, { input: { fromId: id, toId: "acc_cyd", kind: "PEER", strength: 0.3 } });
    expect(link.errors).toBeUndefined();
    expect((await as(UNLINK, { id: link.data.linkInfluence.id })).errors).toBeUndefined();
    expect((await as(DELETE, { id })).errors).toBeUndefined();
  });

  it("refuses MANAGER to unlink a link touching an account it does not own", async () => {
    const made = await api.as(keys.admin)(LINK, { input: { fromId: "acc_ada", toId: "acc_eve", kind: "ADVISOR", strength: 0.2 } });
    expect(made.errors).toBeUndefined();
    const before = await snapshot();
    const response = await api.as(keys.manager("mgr_one"))(UNLINK, { id: made.data.linkInfluence.id });
    expect(code(response)).toBe("FORBIDDEN");
    expect(await snapshot()).toEqual(before);
    expect((await api.as(keys.admin)(UNLINK, { id: made.data.linkInfluence.id })).errors).toBeUndefined();
  });

  it("refuses MANAGER to delete its own account when that would remove another manager's link or engagement, writing nothing; ADMIN may", async () => {
    const admin = api.as(keys.admin);
    const manager = api.as(keys.manager("mgr_one"));
    const own = async (name: string) => (await manager(CREATE, { input: { name, ownerId: "mgr_one" } })).data.createAccount.id as string;
    const theirs = (await admin(CREATE, { input: { name: "Tom's Tiles", ownerId: "mgr_two" } })).data.createAccount.id as string;
    // A link into another manager's account, and an engagement another manager recorded.
    const linked = await own("Linked Across");
    expect((await admin(LINK, { input: { fromId: linked, toId: theirs, kind: "SUPPLIER", strength: 0.4 } })).errors).toBeUndefined();
    const visited = await own("Visited By Tom");
    expect((await admin(ENGAGE, { input: engagement({ accountId: visited, managerId: "mgr_two" }) })).errors).toBeUndefined();

    for (const id of [linked, visited]) {
      const before = await snapshot();
      const refused = await manager(DELETE, { id });
      expect(code(refused), JSON.stringify(refused.errors)).toBe("FORBIDDEN");
      expect(refused.errors?.[0]?.extensions?.field).toBe("id");
      expect(refused.errors?.[0]?.message).toMatch(/another manager/);
      expect(await snapshot()).toEqual(before);
    }
    const still = await admin(
      `query($a: ID!, $b: ID!) { a: account(id: $a) { outgoingLinks { to { id } } } b: account(id: $b) { engagements { manager { id } } } }`,
      { a: linked, b: visited },
    );
    expect(still.data.a.outgoingLinks).toEqual([{ to: { id: theirs } }]);
    expect(still.data.b.engagements).toEqual([{ manager: { id: "mgr_two" } }]);

    // Its own links and engagements go with it; another manager's need an ADMIN.
    const alone = await own("Only Mine");
    expect((await manager(LINK, { input: { fromId: alone, toId: "acc_ada", kind: "PEER", strength: 0.2 } })).errors).toBeUndefined();
    expect((await manager(ENGAGE, { input: engagement({ accountId: alone }) })).errors).toBeUndefined();
    expect((await manager(DELETE, { id: alone })).errors).toBeUndefined();
    for (const id of [linked, visited, theirs]) expect((await admin(DELETE, { id })).errors).toBeUndefined();
  });

  it("answers NOT_FOUND, not FORBIDDEN, when a MANAGER names an account that does not exist", async () => {
    const response = await api.as(keys.manager("mgr_one"))(UPDATE, { id: "acc_nope", input: { name: "X" } });
    expect(code(response)).toBe("NOT_FOUND");
  });

  it("lets ADMIN do what MANAGER may not", async () => {
    const as = api.as(keys.admin);
    const community = await as(CREATE_COMMUNITY, { input: { name: "Admins' Club", kind: "CLUB" } });
    expect(community.errors).toBeUndefined();
    const orphan = await as(CREATE, { input: { name: "Nobody's" } });
    expect(orphan.errors).toBeUndefined();
    expect((await as(DELETE, { id: orphan.data.createAccount.id })).errors).toBeUndefined();
  });
});
