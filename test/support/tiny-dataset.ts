/**
 * A five-account graph small enough to reason about by hand:
 *   ada (leader of the chamber) -INFLUENCES 0.8-> bob -INFLUENCES 0.5-> cyd
 *   ada -REFERRED-> dan ; eve is alone.
 */
import type { Dataset, NewAccount } from "../../src/ports/account-graph-store.js";

function account(id: string, name: string, over: Partial<NewAccount> = {}): NewAccount & { id: string } {
  return {
    id,
    name,
    segment: "MID_MARKET",
    status: "CUSTOMER",
    annualRevenue: 1_000_000,
    grossMargin: 0.5,
    licencesHeld: 5,
    licencesPlanned: 10,
    licencePrice: 10_000,
    discountPurchases: 0,
    supplierSwitches: 0,
    ownerId: "mgr_one",
    industry: "Retail",
    region: "North",
    customerSince: "2020-01-01",
    renewalDate: "2027-01-01",
    lastContact: "2026-10-01",
    ...over,
  };
}

export function tinyDataset(): Dataset {
  return {
    managers: [{ id: "mgr_one", name: "Mona Manager", email: "mona@example.com", weeklyCapacityHours: 35 }],
    accounts: [
      account("acc_ada", "Ada Anchors", { annualRevenue: 5_000_000 }),
      account("acc_bob", "Bob's Bakery", { segment: "SMALL_BUSINESS", annualRevenue: 20_000 }),
      account("acc_cyd", "Cyd Consulting", { status: "PROSPECT", annualRevenue: 0 }),
      account("acc_dan", "Dan Dynamics", { segment: "ENTERPRISE", annualRevenue: 90_000_000 }),
      account("acc_eve", "Eve Éclairs", { region: "South", ownerId: null }),
    ],
    communities: [{ id: "com_chamber", name: "Northtown Chamber", kind: "CHAMBER_OF_COMMERCE", region: "North" }],
    memberships: [
      { accountId: "acc_ada", communityId: "com_chamber", role: "LEADER", since: "2019-05-01" },
      { accountId: "acc_bob", communityId: "com_chamber", role: "MEMBER", since: "2021-05-01" },
    ],
    influences: [
      { id: "lnk_ada_bob", fromId: "acc_ada", toId: "acc_bob", kind: "PEER", strength: 0.8, since: "2022-01-01" },
      { id: "lnk_bob_cyd", fromId: "acc_bob", toId: "acc_cyd", kind: "SUPPLIER", strength: 0.5, since: "2023-01-01" },
    ],
    referrals: [{ id: "lnk_ada_dan", fromId: "acc_ada", toId: "acc_dan", date: "2024-03-01", revenue: 2_500_000 }],
    engagements: [
      { id: "eng_1", accountId: "acc_ada", managerId: "mgr_one", minutes: 60, date: "2026-09-01", kind: "VISIT", note: null },
      { id: "eng_2", accountId: "acc_dan", managerId: "mgr_one", minutes: 30, date: "2026-10-01", kind: "CALL", note: null },
    ],
    purchases: [{ id: "pur_1", accountId: "acc_dan", amount: 4_500_000, licences: 50, discount: 0.1, date: "2025-06-01" }],
  };
}
