/**
 * Every invalid mutation gets a stable code and the offending field, and leaves the
 * store exactly as it was (counts and graph version unchanged) — on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { startTestApi } from "../support/api-server.js";
import { tinyDataset } from "../support/tiny-dataset.js";
import type { GraphQLResponse } from "../support/api-client.js";

const CREATE_ACCOUNT = `mutation($input: AccountInput!) { createAccount(input: $input) { id } }`;
const UPDATE_ACCOUNT = `mutation($id: ID!, $input: AccountInput!) { updateAccount(id: $id, input: $input) { id } }`;
const DELETE_ACCOUNT = `mutation($id: ID!) { deleteAccount(id: $id) { id } }`;
const CREATE_MANAGER = `mutation($input: AccountManagerInput!) { createAccountManager(input: $input) { id } }`;
const UPDATE_MANAGER = `mutation($id: ID!, $input: AccountManagerInput!) { updateAccountManager(id: $id, input: $input) { id } }`;
const CREATE_COMMUNITY = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }`;
const ADD_MEMBERSHIP = `mutation($input: MembershipInput!) { addMembership(input: $input) { accountId } }`;
const REMOVE_MEMBERSHIP = `mutation($a: ID!, $c: ID!) { removeMembership(accountId: $a, communityId: $c) { accountId } }`;
const LINK = `mutation($input: LinkInfluenceInput!) { linkInfluence(input: $input) { id } }`;
const REFER = `mutation($input: RecordReferralInput!) { recordReferral(input: $input) { id } }`;
const UNLINK = `mutation($id: ID!) { unlink(id: $id) { id } }`;
const ENGAGE = `mutation($input: RecordEngagementInput!) { recordEngagement(input: $input) { id } }`;
const PURCHASE = `mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) { id } }`;

const link = (over: Record<string, unknown>) => ({ fromId: "acc_ada", toId: "acc_eve", kind: "PEER", strength: 0.5, ...over });
const referral = (over: Record<string, unknown>) => ({ fromId: "acc_ada", toId: "acc_eve", date: "2025-01-01", revenue: "10", ...over });
const engagement = (over: Record<string, unknown>) => ({
  accountId: "acc_ada",
  managerId: "mgr_one",
  minutes: 30,
  date: "2026-01-01",
  kind: "CALL",
  ...over,
});
const purchase = (over: Record<string, unknown>) => ({ accountId: "acc_ada", amount: "100.00", licences: 1, date: "2026-01-01", ...over });

interface Case {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  code: string;
  /** Expected `extensions.field`; undefined when GraphQL itself rejects the variables. */
  field?: string;
}

const CASES: Case[] = [
  { name: "empty account name", query: CREATE_ACCOUNT, variables: { input: { name: "   " } }, code: "BAD_USER_INPUT", field: "input.name" },
  {
    name: "201-char account name",
    query: CREATE_ACCOUNT,
    variables: { input: { name: "x".repeat(201) } },
    code: "BAD_USER_INPUT",
    field: "input.name",
  },
  { name: "missing account name", query: CREATE_ACCOUNT, variables: { input: {} }, code: "BAD_USER_INPUT", field: "input.name" },
  {
    name: "negative revenue",
    query: CREATE_ACCOUNT,
    variables: { input: { name: "A", annualRevenue: "-5" } },
    code: "BAD_USER_INPUT",
    field: "input.annualRevenue",
  },
  {
    name: "NaN revenue",
    query: CREATE_ACCOUNT,
    variables: { input: { name: "A", annualRevenue: "NaN" } },
    code: "BAD_USER_INPUT",
    field: "input.annualRevenue",
  },
  {
    name: "revenue with 3 decimals",
    query: CREATE_ACCOUNT,
    variables: { input: { name: "A", annualRevenue: "1.005" } },
    code: "BAD_USER_INPUT",
    field: "input.annualRevenue",
  },
  {
    name: "margin above 1",
    query: CREATE_ACCOUNT,
    variables: { input: { name: "A", grossMargin: 1.5 } },
    code: "BAD_USER_INPUT",
    field: "input.grossMargin",
  },
  {
    name: "negative licences",
    query: CREATE_ACCOUNT,
    variables: { input: { name: "A", licencesHeld: -1 } },
    code: "BAD_USER_INPUT",
    field: "input.licencesHeld",
  },
  {
    name: "customer since in the future",
    query: CREATE_ACCOUNT,
    variables: { input: { name: "A", customerSince: "2999-01-01" } },
    code: "BAD_USER_INPUT",
    field: "input.customerSince",
  },
  {
    name: "impossible date",
    query: CREATE_ACCOUNT,
    variables: { input: { name: "A", renewalDate: "2025-02-30" } },
    code: "BAD_USER_INPUT",
    field: "input.renewalDate",
  },
  {
    name: "unknown owner",
    query: CREATE_ACCOUNT,
    variables: { input: { name: "A", ownerId: "mgr_nope" } },
    code: "NOT_FOUND",
    field: "input.ownerId",
  },
  { name: "unknown status enum", query: CREATE_ACCOUNT, variables: { input: { name: "A", status: "FRIEND" } }, code: "BAD_USER_INPUT" },
  { name: "taken external id", query: CREATE_ACCOUNT, variables: { input: { name: "A", externalId: "crm-1" } }, code: "CONFLICT" },
  { name: "update unknown account", query: UPDATE_ACCOUNT, variables: { id: "acc_nope", input: { name: "B" } }, code: "NOT_FOUND", field: "id" },
  {
    name: "update name to null",
    query: UPDATE_ACCOUNT,
    variables: { id: "acc_ada", input: { name: null } },
    code: "BAD_USER_INPUT",
    field: "input.name",
  },
  {
    name: "update revenue to null",
    query: UPDATE_ACCOUNT,
    variables: { id: "acc_ada", input: { annualRevenue: null } },
    code: "BAD_USER_INPUT",
    field: "input.annualRevenue",
  },
  { name: "delete unknown account", query: DELETE_ACCOUNT, variables: { id: "acc_nope" }, code: "NOT_FOUND" },
  {
    name: "manager bad email",
    query: CREATE_MANAGER,
    variables: { input: { name: "M", email: "not-an-email" } },
    code: "BAD_USER_INPUT",
    field: "input.email",
  },
  {
    name: "manager negative hours",
    query: CREATE_MANAGER,
    variables: { input: { name: "M", email: "m@x.io", weeklyCapacityHours: -1 } },
    code: "BAD_USER_INPUT",
    field: "input.weeklyCapacityHours",
  },
  { name: "update unknown manager", query: UPDATE_MANAGER, variables: { id: "mgr_nope", input: { name: "M" } }, code: "NOT_FOUND", field: "id" },
  {
    name: "community empty name",
    query: CREATE_COMMUNITY,
    variables: { input: { name: "", kind: "CHURCH" } },
    code: "BAD_USER_INPUT",
    field: "input.name",
  },
  {
    name: "membership unknown community",
    query: ADD_MEMBERSHIP,
    variables: { input: { accountId: "acc_eve", communityId: "com_nope" } },
    code: "NOT_FOUND",
    field: "input.communityId",
  },
  {
    name: "membership unknown account",
    query: ADD_MEMBERSHIP,
    variables: { input: { accountId: "acc_nope", communityId: "com_chamber" } },
    code: "NOT_FOUND",
    field: "input.accountId",
  },
  {
    name: "duplicate membership",
    query: ADD_MEMBERSHIP,
    variables: { input: { accountId: "acc_ada", communityId: "com_chamber" } },
    code: "CONFLICT",
  },
  { name: "remove missing membership", query: REMOVE_MEMBERSHIP, variables: { a: "acc_eve", c: "com_chamber" }, code: "NOT_FOUND" },
  { name: "strength above 1", query: LINK, variables: { input: link({ strength: 1.01 }) }, code: "BAD_USER_INPUT", field: "input.strength" },
  { name: "negative strength", query: LINK, variables: { input: link({ strength: -0.1 }) }, code: "BAD_USER_INPUT", field: "input.strength" },
  { name: "influence link to self", query: LINK, variables: { input: link({ toId: "acc_ada" }) }, code: "BAD_USER_INPUT", field: "input.toId" },
  {
    name: "influence from unknown account",
    query: LINK,
    variables: { input: link({ fromId: "acc_nope" }) },
    code: "NOT_FOUND",
    field: "input.fromId",
  },
  { name: "influence to unknown account", query: LINK, variables: { input: link({ toId: "acc_nope" }) }, code: "NOT_FOUND", field: "input.toId" },
  { name: "duplicate influence link", query: LINK, variables: { input: link({ toId: "acc_bob" }) }, code: "CONFLICT" },
  { name: "unknown influence kind", query: LINK, variables: { input: link({ kind: "RIVAL" }) }, code: "BAD_USER_INPUT" },
  {
    name: "referral in the future",
    query: REFER,
    variables: { input: referral({ date: "2999-01-01" }) },
    code: "BAD_USER_INPUT",
    field: "input.date",
  },
  {
    name: "referral negative revenue",
    query: REFER,
    variables: { input: referral({ revenue: -1 }) },
    code: "BAD_USER_INPUT",
    field: "input.revenue",
  },
  { name: "referral to self", query: REFER, variables: { input: referral({ toId: "acc_ada" }) }, code: "BAD_USER_INPUT", field: "input.toId" },
  { name: "duplicate referral", query: REFER, variables: { input: referral({ toId: "acc_dan" }) }, code: "CONFLICT" },
  { name: "unlink unknown link", query: UNLINK, variables: { id: "lnk_nope" }, code: "NOT_FOUND" },
  { name: "zero-minute engagement", query: ENGAGE, variables: { input: engagement({ minutes: 0 }) }, code: "BAD_USER_INPUT", field: "input.minutes" },
  {
    name: "negative-minute engagement",
    query: ENGAGE,
    variables: { input: engagement({ minutes: -30 }) },
    code: "BAD_USER_INPUT",
    field: "input.minutes",
  },
  {
    name: "engagement in the future",
    query: ENGAGE,
    variables: { input: engagement({ date: "2999-01-01" }) },
    code: "BAD_USER_INPUT",
    field: "input.date",
  },
  {
    name: "engagement unknown manager",
    query: ENGAGE,
    variables: { input: engagement({ managerId: "mgr_nope" }) },
    code: "NOT_FOUND",
    field: "input.managerId",
  },
  {
    name: "engagement unknown account",
    query: ENGAGE,
    variables: { input: engagement({ accountId: "acc_nope" }) },
    code: "NOT_FOUND",
    field: "input.accountId",
  },
  { name: "negative purchase", query: PURCHASE, variables: { input: purchase({ amount: "-1.00" }) }, code: "BAD_USER_INPUT", field: "input.amount" },
  { name: "discount above 1", query: PURCHASE, variables: { input: purchase({ discount: 2 }) }, code: "BAD_USER_INPUT", field: "input.discount" },
  {
    name: "purchase unknown account",
    query: PURCHASE,
    variables: { input: purchase({ accountId: "acc_nope" }) },
    code: "NOT_FOUND",
    field: "input.accountId",
  },
  {
    name: "manager email taken (any case)",
    query: CREATE_MANAGER,
    variables: { input: { name: "Mona Again", email: "MONA@Example.com" } },
    code: "CONFLICT",
    field: "input.email",
  },
  {
    name: "community name taken (any case)",
    query: CREATE_COMMUNITY,
    variables: { input: { name: "northtown chamber", kind: "CLUB" } },
    code: "CONFLICT",
    field: "input.name",
  },
];

describe.each(STORE_FACTORIES)("bad input on $name", (factory) => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startTestApi>>;

  beforeAll(async () => {
    opened = await factory.make();
    await opened.store.importDataset(tinyDataset());
    await opened.store.updateAccount("acc_eve", { externalId: "crm-1" });
    api = await startTestApi(opened.store);
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it.each(CASES)("$name -> $code", async ({ query, variables, code, field }) => {
    const before = { counts: await opened.store.counts(), head: await opened.store.feedHead() };
    const response: GraphQLResponse = await api.gql(query, variables);
    expect(response.status).toBeLessThan(500);
    expect(response.errors?.[0]?.extensions?.code, JSON.stringify(response.errors)).toBe(code);
    if (field !== undefined) expect(response.errors?.[0]?.extensions?.field).toBe(field);
    if (code === "NOT_FOUND") expect(response.errors?.[0]?.message).toMatch(/_nope|not found/);
    const after = { counts: await opened.store.counts(), head: await opened.store.feedHead() };
    expect(after).toEqual(before);
  });

  it.each([
    ["an empty input", {}],
    ["the values it already has", { name: "Ada Anchors", segment: "MID_MARKET" }],
  ])("updateAccount with %s answers the account and writes nothing (no change, no recompute)", async (_name, input) => {
    const before = { counts: await opened.store.counts(), head: await opened.store.feedHead() };
    const response = await api.gql(`mutation($input: AccountInput!) { updateAccount(id: "acc_ada", input: $input) { id name segment } }`, { input });
    expect(response.errors).toBeUndefined();
    expect(response.data.updateAccount).toEqual({ id: "acc_ada", name: "Ada Anchors", segment: "MID_MARKET" });
    expect({ counts: await opened.store.counts(), head: await opened.store.feedHead() }).toEqual(before);
  });
});
