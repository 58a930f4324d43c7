/**
 * Full CRUD through HTTP on both stores: editing and deleting engagements and purchases,
 * changing a link, editing and deleting communities (memberships go with them), deleting
 * managers (refused while they own accounts or recorded engagements, unless reassignTo),
 * upserting accounts by CRM id; each answer shows the write, the next read agrees, bad input
 * is BAD_USER_INPUT / NOT_FOUND / CONFLICT naming the field and writes nothing, and a MANAGER
 * may edit only what is its own.
 *
 * tiny-dataset: mgr_one owns ada, bob, cyd and dan; eve has no owner; ada and bob are in the
 * chamber; eng_1 (ada) and eng_2 (dan) by mgr_one; pur_1 (dan). mgr_two and its account
 * acc_zed with an engagement are added here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLResponse } from "../support/api-client.js";
import { makeApiKeys, startSecuredApi } from "../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const UPDATE_ENGAGEMENT = `mutation($id: ID!, $input: UpdateEngagementInput!) { updateEngagement(id: $id, input: $input) { id minutes date kind note manager { id } account { id } } }`;
const DELETE_ENGAGEMENT = `mutation($id: ID!) { deleteEngagement(id: $id) { id minutes } }`;
const UPDATE_PURCHASE = `mutation($id: ID!, $input: UpdatePurchaseInput!) { updatePurchase(id: $id, input: $input) { id amount licences discount date } }`;
const DELETE_PURCHASE = `mutation($id: ID!) { deletePurchase(id: $id) { id } }`;
const UPDATE_LINK = `mutation($id: ID!, $input: UpdateLinkInput!) { updateLink(id: $id, input: $input) { id type kind strength date revenue } }`;
const UPDATE_COMMUNITY = `mutation($id: ID!, $input: UpdateCommunityInput!) { updateCommunity(id: $id, input: $input) { id name kind region } }`;
const DELETE_COMMUNITY = `mutation($id: ID!) { deleteCommunity(id: $id) { id name } }`;
const DELETE_MANAGER = `mutation($id: ID!, $to: ID) { deleteAccountManager(id: $id, reassignTo: $to) { id name } }`;
const UPSERT = `mutation($input: UpsertAccountInput!) { upsertAccount(input: $input) { created account { id externalId name annualRevenue owner { id } } } }`;

function failure(response: GraphQLResponse): { code: unknown; field: unknown } {
  const extensions = response.errors?.[0]?.extensions;
  if (!extensions) throw new Error(`expected an error, got ${JSON.stringify(response)}`);
  return { code: extensions.code, field: extensions.field };
}

describe.each(STORE_FACTORIES)("full CRUD through the API on $name", (factory) => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;
  const keys = makeApiKeys(["mgr_one", "mgr_two"]);
  const admin = () => api.as(keys.admin);
  const snapshot = async () => ({ counts: await opened.store.counts(), head: await opened.store.feedHead() });

  beforeAll(async () => {
    opened = await factory.make();
    const dataset = tinyDataset();
    dataset.managers.push({ id: "mgr_two", name: "Tom Two", email: "tom@example.com", weeklyCapacityHours: 40 });
    dataset.accounts.push({ ...dataset.accounts[0]!, id: "acc_zed", name: "Zed Zoo", externalId: null, ownerId: "mgr_two" });
    dataset.engagements.push({
      id: "eng_zed",
      accountId: "acc_zed",
      managerId: "mgr_two",
      minutes: 20,
      date: "2026-08-01",
      kind: "EMAIL",
      note: "hello",
    });
    await opened.store.importDataset(dataset);
    api = await startSecuredApi(opened.store, { auth: keys.auth });
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it("edits an engagement and the account's engagements show it; null clears the note, but not the minutes", async () => {
    const updated = await admin()(UPDATE_ENGAGEMENT, { id: "eng_zed", input: { minutes: 25, kind: "CALL", note: null, date: "2026-08-02" } });
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateEngagement).toEqual({
      id: "eng_zed",
      minutes: 25,
      date: "2026-08-02",
      kind: "CALL",
      note: null,
      manager: { id: "mgr_two" },
      account: { id: "acc_zed" },
    });
    const read = await admin()(`{ account(id: "acc_zed") { engagements { id minutes kind } } }`);
    expect(read.data.account.engagements).toEqual([{ id: "eng_zed", minutes: 25, kind: "CALL" }]);
    const before = await snapshot();
    expect(failure(await admin()(UPDATE_ENGAGEMENT, { id: "eng_zed", input: { minutes: null } }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.minutes",
    });
    expect(failure(await admin()(UPDATE_ENGAGEMENT, { id: "eng_zed", input: { minutes: 0 } }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.minutes",
    });
    expect(failure(await admin()(UPDATE_ENGAGEMENT, { id: "eng_zed", input: { date: "2999-01-01" } }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.date",
    });
    expect(failure(await admin()(UPDATE_ENGAGEMENT, { id: "eng_zed", input: { managerId: "mgr_nobody" } }))).toEqual({
      code: "NOT_FOUND",
      field: "input.managerId",
    });
    expect(failure(await admin()(UPDATE_ENGAGEMENT, { id: "eng_nope", input: { minutes: 5 } }))).toEqual({ code: "NOT_FOUND", field: "id" });
    expect(await snapshot()).toEqual(before);
  });

  it("lets a MANAGER edit only its own engagements on its own accounts, and never hand one to another manager", async () => {
    const one = api.as(keys.manager("mgr_one"));
    expect((await one(UPDATE_ENGAGEMENT, { id: "eng_1", input: { minutes: 61 } })).data.updateEngagement.minutes).toBe(61);
    const before = await snapshot();
    expect(failure(await one(UPDATE_ENGAGEMENT, { id: "eng_zed", input: { minutes: 1 } }))).toEqual({ code: "FORBIDDEN", field: "id" });
    expect(failure(await one(DELETE_ENGAGEMENT, { id: "eng_zed" }))).toEqual({ code: "FORBIDDEN", field: "id" });
    expect(failure(await one(UPDATE_ENGAGEMENT, { id: "eng_1", input: { managerId: "mgr_two" } }))).toEqual({
      code: "FORBIDDEN",
      field: "input.managerId",
    });
    expect(failure(await api.as(keys.viewer)(UPDATE_ENGAGEMENT, { id: "eng_1", input: { minutes: 2 } }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await snapshot()).toEqual(before);
  });

  it("edits and deletes a purchase", async () => {
    const updated = await api.as(keys.manager("mgr_one"))(UPDATE_PURCHASE, {
      id: "pur_1",
      input: { amount: "50000.50", licences: 60, discount: 0.2 },
    });
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updatePurchase).toEqual({ id: "pur_1", amount: "50000.50", licences: 60, discount: 0.2, date: "2025-06-01" });
    expect(failure(await admin()(UPDATE_PURCHASE, { id: "pur_1", input: { discount: 1.5 } }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.discount",
    });
    expect(failure(await admin()(UPDATE_PURCHASE, { id: "pur_1", input: { amount: "-1" } }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.amount",
    });
    const deleted = await admin()(DELETE_PURCHASE, { id: "pur_1" });
    expect(deleted.data.deletePurchase).toEqual({ id: "pur_1" });
    expect((await admin()(`{ account(id: "acc_dan") { purchases { id } } }`)).data.account.purchases).toEqual([]);
    expect(failure(await admin()(DELETE_PURCHASE, { id: "pur_1" }))).toEqual({ code: "NOT_FOUND", field: "id" });
  });

  it("changes a link's strength and kind, which the influence graph then uses; fields of the other type are refused", async () => {
    const changed = await admin()(UPDATE_LINK, { id: "lnk_ada_bob", input: { strength: 0.3, kind: "BOARD" } });
    expect(changed.data.updateLink).toEqual({
      id: "lnk_ada_bob",
      type: "INFLUENCES",
      kind: "BOARD",
      strength: 0.3,
      date: "2022-01-01",
      revenue: null,
    });
    const graph = await admin()(`{ account(id: "acc_ada") { outgoingLinks(types: [INFLUENCES]) { id strength kind } } }`);
    expect(graph.data.account.outgoingLinks).toEqual([{ id: "lnk_ada_bob", strength: 0.3, kind: "BOARD" }]);
    const referral = await admin()(UPDATE_LINK, { id: "lnk_ada_dan", input: { revenue: "30000.00", date: "2024-04-01" } });
    expect(referral.data.updateLink).toMatchObject({ type: "REFERRED", revenue: "30000.00", date: "2024-04-01", strength: 1 });
    const before = await snapshot();
    expect(failure(await admin()(UPDATE_LINK, { id: "lnk_ada_dan", input: { kind: "PEER" } }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.kind",
    });
    expect(failure(await admin()(UPDATE_LINK, { id: "lnk_ada_bob", input: { revenue: "1.00" } }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.revenue",
    });
    expect(failure(await admin()(UPDATE_LINK, { id: "lnk_ada_bob", input: { strength: 1.5 } }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.strength",
    });
    expect(failure(await admin()(UPDATE_LINK, { id: "lnk_nope", input: { strength: 0.5 } }))).toEqual({ code: "NOT_FOUND", field: "id" });
    expect(await snapshot()).toEqual(before);
  });

  it("upserts accounts by CRM id: creates, then updates the same account, never moving the id", async () => {
    const created = await api.as(keys.manager("mgr_one"))(UPSERT, {
      input: { externalId: "SF-100", name: "Upsert Co", annualRevenue: "100.00", ownerId: "mgr_one" },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data.upsertAccount).toMatchObject({
      created: true,
      account: { externalId: "SF-100", name: "Upsert Co", annualRevenue: "100.00", owner: { id: "mgr_one" } },
    });
    const updated = await admin()(UPSERT, { input: { externalId: "SF-100", annualRevenue: "250.00" } });
    expect(updated.data.upsertAccount).toEqual({ created: false, account: { ...created.data.upsertAccount.account, annualRevenue: "250.00" } });
    const listed = await admin()(`{ accounts(filter: { externalIds: ["SF-100"] }) { totalCount edges { node { id } } } }`);
    expect(listed.data.accounts).toEqual({ totalCount: 1, edges: [{ node: { id: created.data.upsertAccount.account.id } }] });
    const before = await snapshot();
    expect(failure(await admin()(UPSERT, { input: { externalId: "SF-101", annualRevenue: "1.00" } }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.name",
    });
    expect(failure(await admin()(UPSERT, { input: { externalId: "  ", name: "Blank" } }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.externalId",
    });
    expect(failure(await admin()(UPSERT, { input: { externalId: "SF-102", name: "X", ownerId: "mgr_nobody" } }))).toEqual({
      code: "NOT_FOUND",
      field: "input.ownerId",
    });
    expect(failure(await api.as(keys.manager("mgr_two"))(UPSERT, { input: { externalId: "SF-100", name: "Mine now" } }))).toEqual({
      code: "FORBIDDEN",
      field: "input.externalId",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("edits a community, and deleting one removes its memberships", async () => {
    const made = await admin()(`mutation { createCommunity(input: { name: "Rotary", kind: CLUB }) { id } }`);
    expect(made.errors).toBeUndefined();
    const id = made.data.createCommunity.id as string;
    await admin()(`mutation($c: ID!) { addMembership(input: { accountId: "acc_cyd", communityId: $c, role: LEADER }) { accountId } }`, { c: id });
    const renamed = await admin()(UPDATE_COMMUNITY, { id, input: { name: "Rotary West", region: "West" } });
    expect(renamed.data.updateCommunity).toEqual({ id, name: "Rotary West", kind: "CLUB", region: "West" });
    expect(failure(await admin()(UPDATE_COMMUNITY, { id, input: { name: "northtown CHAMBER" } }))).toEqual({ code: "CONFLICT", field: "input.name" });
    expect(failure(await admin()(UPDATE_COMMUNITY, { id, input: { kind: null } }))).toEqual({ code: "BAD_USER_INPUT", field: "input.kind" });
    expect(failure(await api.as(keys.manager("mgr_one"))(DELETE_COMMUNITY, { id }))).toMatchObject({ code: "FORBIDDEN" });
    const deleted = await admin()(DELETE_COMMUNITY, { id });
    expect(deleted.data.deleteCommunity).toEqual({ id, name: "Rotary West" });
    const cyd = await admin()(`{ account(id: "acc_cyd") { memberships { community { id } } } communities { id } }`);
    expect(cyd.data.account.memberships).toEqual([]);
    expect(cyd.data.communities.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it("deletes a manager only with a successor while it owns accounts or recorded engagements", async () => {
    const before = await snapshot();
    expect(failure(await admin()(DELETE_MANAGER, { id: "mgr_two" }))).toEqual({ code: "CONFLICT", field: "reassignTo" });
    expect(failure(await admin()(DELETE_MANAGER, { id: "mgr_two", to: "mgr_two" }))).toEqual({ code: "BAD_USER_INPUT", field: "reassignTo" });
    expect(failure(await admin()(DELETE_MANAGER, { id: "mgr_two", to: "mgr_nobody" }))).toEqual({ code: "NOT_FOUND", field: "reassignTo" });
    expect(failure(await api.as(keys.manager("mgr_two"))(DELETE_MANAGER, { id: "mgr_two", to: "mgr_one" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await snapshot()).toEqual(before);
    const deleted = await admin()(DELETE_MANAGER, { id: "mgr_two", to: "mgr_one" });
    expect(deleted.data.deleteAccountManager).toEqual({ id: "mgr_two", name: "Tom Two" });
    const zed = await admin()(`{ account(id: "acc_zed") { owner { id } engagements { id manager { id } } } accountManagers { id } }`);
    expect(zed.data.account).toEqual({ owner: { id: "mgr_one" }, engagements: [{ id: "eng_zed", manager: { id: "mgr_one" } }] });
    expect(zed.data.accountManagers).toEqual([{ id: "mgr_one" }]);
  });

  it("deletes an engagement and answers it as it was", async () => {
    const deleted = await admin()(DELETE_ENGAGEMENT, { id: "eng_2" });
    expect(deleted.data.deleteEngagement).toEqual({ id: "eng_2", minutes: 30 });
    expect((await admin()(`{ account(id: "acc_dan") { engagements { id } } }`)).data.account.engagements).toEqual([]);
  });
});
