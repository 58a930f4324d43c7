import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/ports/account-graph-store.js";
import { buildSampleDataset, DISCOUNT_DRIVEN } from "../../seeds/build-sample-dataset.js";
import { formatDatasetJson } from "../../seeds/dataset-json.js";
import { readSampleDataset, SAMPLE_AS_OF, SAMPLE_DATASET_URL } from "../../seeds/index.js";
import { addDays, daysBetween } from "../../seeds/iso-dates.js";
import { findIntegrityProblems } from "./dataset-integrity.js";

const sample = readSampleDataset();
const account = (id: string) => {
  const found = sample.accounts.find((a) => a.id === id);
  if (!found) throw new Error(`no account ${id} in the sample`);
  return found;
};
const purchasesOf = (id: string) => sample.purchases.filter((p) => p.accountId === id);
const engagementsOf = (id: string) => sample.engagements.filter((e) => e.accountId === id);
const outgoing = <T extends { fromId: string }>(links: T[], id: string) => links.filter((l) => l.fromId === id);
const leaderOf = (communityId: string) =>
  sample.memberships.filter((m) => m.communityId === communityId && m.role === "LEADER").map((m) => m.accountId);
const monthsAgo = (date: string | null | undefined) => daysBetween(date!, SAMPLE_AS_OF) / 30.44;

/** Undirected adjacency over links and memberships (communities as nodes), minus `without`. */
function undirectedGraph(dataset: Dataset, without?: string): Map<string, Set<string>> {
  const adjacency = new Map<string, Set<string>>();
  const join = (a: string, b: string) => {
    if (a === without || b === without) return;
    (adjacency.get(a) ?? adjacency.set(a, new Set()).get(a)!).add(b);
    (adjacency.get(b) ?? adjacency.set(b, new Set()).get(b)!).add(a);
  };
  for (const l of [...dataset.influences, ...dataset.referrals]) join(l.fromId, l.toId);
  for (const m of dataset.memberships) join(m.accountId, m.communityId);
  return adjacency;
}

function reachable(adjacency: Map<string, Set<string>>, from: string): Set<string> {
  const seen = new Set([from]);
  const queue = [from];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    for (const next of adjacency.get(node) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

describe("seeds/sample-dataset.json", () => {
  it("is exactly what seeds/build-sample-dataset.ts produces", () => {
    expect(readFileSync(SAMPLE_DATASET_URL, "utf8")).toBe(formatDatasetJson(buildSampleDataset()));
  });

  it("is referentially sound: ids resolve, no duplicates or self links, money in cents, valid dates and strengths", () => {
    expect(findIntegrityProblems(sample)).toEqual([]);
  });

  it("has the size the story asks for", () => {
    expect(sample.accounts.length).toBeGreaterThanOrEqual(90);
    expect(sample.accounts.length).toBeLessThanOrEqual(110);
    expect(sample.managers).toHaveLength(4);
    for (const m of sample.managers) expect(m.weeklyCapacityHours).toBeGreaterThanOrEqual(30);
    for (const m of sample.managers) expect(m.weeklyCapacityHours).toBeLessThanOrEqual(40);
    expect(new Set(sample.communities.map((c) => c.kind))).toEqual(
      new Set(["CHURCH", "INDUSTRY_ASSOCIATION", "CHAMBER_OF_COMMERCE", "CLUB", "USER_GROUP"]),
    );
    expect(sample.engagements.length).toBeGreaterThanOrEqual(200);
    expect(sample.purchases.length).toBeGreaterThanOrEqual(100);
    // Everything happened in the two years up to SAMPLE_AS_OF.
    for (const row of [...sample.engagements, ...sample.purchases]) {
      expect(daysBetween(row.date, SAMPLE_AS_OF)).toBeGreaterThanOrEqual(0);
      expect(daysBetween(row.date, SAMPLE_AS_OF)).toBeLessThanOrEqual(740);
    }
  });

  it("tells the multinational's story: 50 licences held, 100 needed, renewal in 30 days, last contact 10 days ago", () => {
    const globex = account("acc_globex_multinational");
    expect(globex).toMatchObject({ segment: "ENTERPRISE", status: "CUSTOMER", licencesHeld: 50, licencesPlanned: 100, supplierSwitches: 0 });
    expect(globex.renewalDate).toBe(addDays(SAMPLE_AS_OF, 30));
    expect(globex.lastContact).toBe(addDays(SAMPLE_AS_OF, -10));
    const bakery = account("acc_corner_bakery");
    expect(bakery).toMatchObject({ segment: "SMALL_BUSINESS", status: "CUSTOMER", licencesHeld: 1, licencesPlanned: 2 });
    expect(purchasesOf("acc_corner_bakery").every((p) => p.licences === 1)).toBe(true);
    // The article's comparison: the multinational's whitespace is 50 times the bakery's.
    expect((globex.licencesPlanned - globex.licencesHeld) / (bakery.licencesPlanned - bakery.licencesHeld)).toBe(50);
  });

  it("has small discount chasers: several switches, many discounted purchases, short tenure", () => {
    const chasers = sample.accounts.filter((a) => a.supplierSwitches >= 2 && a.segment === "SMALL_BUSINESS" && a.status !== "PROSPECT");
    expect(chasers.length).toBeGreaterThanOrEqual(5);
    for (const a of chasers) {
      const bought = purchasesOf(a.id);
      expect(bought.length, a.id).toBeGreaterThanOrEqual(2);
      expect(a.discountPurchases, a.id).toBeGreaterThanOrEqual(3);
      expect(bought.reduce((s, p) => s + p.discount, 0) / bought.length, a.id).toBeGreaterThanOrEqual(0.3);
      expect(monthsAgo(a.customerSince), a.id).toBeLessThan(18);
    }
    expect(chasers.some((a) => a.status === "CHURNED")).toBe(true);
  });

  it("has long-standing large accounts paying full price with regular contact", () => {
    const loyal = sample.accounts.filter(
      (a) => (a.segment === "ENTERPRISE" || a.segment === "PUBLIC_SECTOR") && a.status === "CUSTOMER" && monthsAgo(a.customerSince) >= 60,
    );
    expect(loyal.length).toBeGreaterThanOrEqual(4);
    for (const a of loyal) {
      expect(a.supplierSwitches, a.id).toBe(0);
      expect(purchasesOf(a.id).length, a.id).toBeGreaterThanOrEqual(1);
      expect(
        purchasesOf(a.id).every((p) => p.discount === 0),
        a.id,
      ).toBe(true);
      expect(engagementsOf(a.id).length, a.id).toBeGreaterThanOrEqual(6);
    }
  });

  it("makes the church and association leaders word-of-mouth hubs with modest revenue", () => {
    const hubs = ["acc_grace_bookkeeping", "acc_hartley_tooling"];
    expect(leaderOf("com_st_marks_fellowship")).toEqual(["acc_grace_bookkeeping"]);
    expect(leaderOf("com_regional_manufacturers")).toEqual(["acc_hartley_tooling"]);
    expect(leaderOf("com_riverside_chamber")).toEqual(["acc_riverside_printworks"]);
    const globexRevenue = account("acc_globex_multinational").annualRevenue;
    // Influence out-strength: sum of INFLUENCES strengths plus one per referral.
    const outStrength = new Map<string, number>();
    for (const l of [...sample.influences, ...sample.referrals.map((r) => ({ ...r, strength: 1 }))]) {
      outStrength.set(l.fromId, (outStrength.get(l.fromId) ?? 0) + l.strength);
    }
    const top = [...outStrength.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([id]) => id);
    for (const id of hubs) {
      expect(account(id).annualRevenue).toBeLessThan(globexRevenue / 5);
      const referred = outgoing(sample.referrals, id);
      expect(referred.length, id).toBeGreaterThanOrEqual(3);
      expect(referred.every((r) => r.revenue > 0)).toBe(true);
      const influenced = outgoing(sample.influences, id);
      expect(influenced.length, id).toBeGreaterThanOrEqual(8);
      expect(influenced.filter((l) => l.strength >= 0.5 && l.strength <= 0.9).length, id).toBeGreaterThanOrEqual(8);
      expect(top, id).toContain(id);
    }
  });

  it("has referral chains of at least three hops, each referrer a customer before referring", () => {
    const referredBy = new Map(sample.referrals.map((r) => [r.toId, r.fromId]));
    const hops = (id: string): number => (referredBy.has(id) ? 1 + hops(referredBy.get(id)!) : 0);
    const chains = sample.accounts.filter((a) => hops(a.id) >= 3);
    expect(chains.length).toBeGreaterThanOrEqual(2);
    expect(hops("acc_mill_lane_dental")).toBe(3);
    for (const r of sample.referrals) {
      const referrer = account(r.fromId);
      const referred = account(r.toId);
      expect(referrer.customerSince! < r.date, r.id).toBe(true);
      expect(r.date < referred.customerSince!, r.id).toBe(true);
    }
  });

  it("has prospects with stated need and no revenue, reachable from the hubs through influence", () => {
    const prospects = sample.accounts.filter((a) => a.status === "PROSPECT");
    expect(prospects.length).toBeGreaterThanOrEqual(5);
    for (const p of prospects) {
      expect(p).toMatchObject({ annualRevenue: 0, licencesHeld: 0, customerSince: null, renewalDate: null });
      expect(p.licencesPlanned, p.id).toBeGreaterThan(0);
    }
    const influenceOut = new Map<string, string[]>();
    for (const l of sample.influences) influenceOut.set(l.fromId, [...(influenceOut.get(l.fromId) ?? []), l.toId]);
    const withinTwoHops = (from: string) => {
      const first = influenceOut.get(from) ?? [];
      return new Set([...first, ...first.flatMap((id) => influenceOut.get(id) ?? [])]);
    };
    const hubs = ["acc_grace_bookkeeping", "acc_hartley_tooling", "acc_riverside_printworks"];
    const reached = new Set(hubs.flatMap((h) => [...withinTwoHops(h)]));
    const reachedProspects = prospects.filter((p) => reached.has(p.id)).map((p) => p.id);
    expect(reachedProspects).toEqual(
      expect.arrayContaining([
        "acc_maple_street_pharmacy",
        "acc_cornerstone_plumbing",
        "acc_summit_machining",
        "acc_titan_forge",
        "acc_harborview_hotel",
      ]),
    );
  });

  it("has a keystone account that is the only bridge to the harbour clinics", () => {
    const whole = reachable(undirectedGraph(sample), "acc_grace_bookkeeping");
    const cut = reachable(undirectedGraph(sample, "acc_keystone_medsupply"), "acc_grace_bookkeeping");
    const clinics = ["acc_harbor_family_clinic", "acc_seaside_dental_group", "acc_bayview_physio", "acc_anchor_eye_care", "acc_tidewater_pediatrics"];
    for (const clinic of clinics) expect(whole.has(clinic), clinic).toBe(true);
    // Without the keystone exactly the clinics (and their community) fall away, nobody else.
    const strandedAccounts = sample.accounts.filter((a) => whole.has(a.id) && !cut.has(a.id) && a.id !== "acc_keystone_medsupply").map((a) => a.id);
    expect(strandedAccounts.sort()).toEqual([...clinics].sort());
    expect(cut.has("com_harbor_health_managers")).toBe(false);
    // The rest of the graph is one piece: hubs, big accounts and communities all still meet.
    for (const id of ["acc_hartley_tooling", "acc_riverside_printworks", "acc_globex_multinational", "com_oakmont_golf"])
      expect(cut.has(id), id).toBe(true);
  });

  it("has a door-to-door manager who spends the same time on many small accounts", () => {
    const owned = (mgr: string) => sample.accounts.filter((a) => a.ownerId === mgr);
    const dan = owned("mgr_door_to_door");
    for (const other of ["mgr_strategic_sara", "mgr_community_carla", "mgr_mid_market_mike"]) {
      expect(dan.length).toBeGreaterThan(owned(other).length);
    }
    expect(dan.filter((a) => a.segment === "SMALL_BUSINESS").length / dan.length).toBeGreaterThanOrEqual(0.9);
    const minutes = new Map<string, number>();
    for (const e of sample.engagements.filter((e) => e.managerId === "mgr_door_to_door")) {
      minutes.set(e.accountId, (minutes.get(e.accountId) ?? 0) + e.minutes);
    }
    const active = dan.filter((a) => a.status === "CUSTOMER").map((a) => minutes.get(a.id) ?? 0);
    expect(Math.min(...active)).toBeGreaterThan(0);
    // Evenly spread: nobody gets more than ~1.5x anyone else's time, whatever they are worth.
    expect(Math.max(...active) / Math.min(...active)).toBeLessThanOrEqual(1.5);
  });

  it("derives revenue, licences, renewal and last contact consistently from the history", () => {
    for (const a of sample.accounts) {
      const bought = purchasesOf(a.id);
      const seen = engagementsOf(a.id)
        .map((e) => e.date)
        .sort();
      expect(a.lastContact, a.id).toBe(seen.at(-1) ?? null);
      const discounted = bought.filter((p) => p.discount >= DISCOUNT_DRIVEN).length;
      expect(a.discountPurchases, a.id).toBeGreaterThanOrEqual(discounted);
      if (a.status !== "CUSTOMER") {
        expect(a.annualRevenue, a.id).toBe(0);
        expect(a.licencesHeld, a.id).toBe(0);
        continue;
      }
      const trailingYear = bought.filter((p) => daysBetween(p.date, SAMPLE_AS_OF) < 365).reduce((s, p) => s + p.amount, 0);
      expect(a.annualRevenue, a.id).toBe(trailingYear);
      expect(a.licencesPlanned, a.id).toBeGreaterThanOrEqual(a.licencesHeld);
      expect(a.renewalDate! > SAMPLE_AS_OF, a.id).toBe(true);
      expect(daysBetween(SAMPLE_AS_OF, a.renewalDate!), a.id).toBeLessThanOrEqual(366);
      expect(a.renewalDate!.slice(5), a.id).toBe(a.customerSince!.slice(5));
    }
  });
});
