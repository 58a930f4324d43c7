/**
 * Loads a Dataset's managers, accounts, engagements and purchases through the public
 * GraphQL API, as a client would (createAccountManager, createAccount, recordEngagement,
 * recordPurchase), a few dozen aliased mutations per request to stay under the alias
 * limit. Ids are the server's: the dataset's ids travel as accounts' externalId and the
 * returned map translates them. Links, communities and memberships are not needed by
 * the plan tests and are not loaded.
 */
import type { Dataset } from "../../src/ports/account-graph-store.js";
import type { GraphQLResponse } from "./api-client.js";

type Gql = (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse<any>>;

const BATCH = 25;

async function batched<T>(
  gql: Gql,
  items: readonly T[],
  mutation: string,
  inputType: string,
  selection: string,
  toInput: (item: T) => unknown,
): Promise<any[]> {
  const results: any[] = [];
  for (let start = 0; start < items.length; start += BATCH) {
    const part = items.slice(start, start + BATCH);
    const variables: Record<string, unknown> = {};
    const declarations = part.map((_, i) => `$i${i}: ${inputType}!`).join(", ");
    const fields = part.map((item, i) => {
      variables[`i${i}`] = toInput(item);
      return `m${i}: ${mutation}(input: $i${i}) { ${selection} }`;
    });
    const response = await gql(`mutation Load(${declarations}) { ${fields.join(" ")} }`, variables);
    if (response.errors) throw new Error(`test/support/load-through-api: ${mutation} failed: ${JSON.stringify(response.errors[0])}`);
    for (let i = 0; i < part.length; i++) results.push(response.data[`m${i}`]);
  }
  return results;
}

/** Loads `dataset` and returns dataset id -> server id for its managers and accounts. */
export async function loadThroughApi(gql: Gql, dataset: Dataset): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const managers = await batched(gql, dataset.managers, "createAccountManager", "AccountManagerInput", "id", (m) => ({
    name: m.name,
    email: m.email,
    weeklyCapacityHours: m.weeklyCapacityHours,
  }));
  dataset.managers.forEach((m, i) => ids.set(m.id, managers[i].id));
  const accounts = await batched(gql, dataset.accounts, "createAccount", "AccountInput", "id externalId", (a) => ({
    externalId: a.id,
    name: a.name,
    segment: a.segment,
    ownerId: a.ownerId ? ids.get(a.ownerId) : null,
    status: a.status,
    annualRevenue: (a.annualRevenue / 100).toFixed(2),
    grossMargin: a.grossMargin,
    licencesHeld: a.licencesHeld,
    licencesPlanned: a.licencesPlanned,
    customerSince: a.customerSince ?? null,
  }));
  for (const a of accounts) ids.set(a.externalId, a.id);
  await batched(gql, dataset.engagements, "recordEngagement", "RecordEngagementInput", "id", (e) => ({
    accountId: ids.get(e.accountId),
    managerId: ids.get(e.managerId),
    minutes: e.minutes,
    date: e.date,
    kind: e.kind,
  }));
  await batched(gql, dataset.purchases, "recordPurchase", "RecordPurchaseInput", "id", (p) => ({
    accountId: ids.get(p.accountId),
    amount: (p.amount / 100).toFixed(2),
    licences: p.licences,
    discount: p.discount,
    date: p.date,
  }));
  return ids;
}
