/**
 * What an accounts version inherits from the previous one besides its sort sequences
 * (services/read-model/version-inheritance.ts): filter counts patched for the accounts a write
 * changed (account-pages.ts), the CRM-id index (account-candidates.ts), and names folded once per
 * record (account-filter.ts). Property-based (fast-check, fixed seed): random runs of account
 * creates, updates and deletes, applied as the read model applies the feed; after each change a
 * random few filters are paged (so some versions patch their counts, others hand them on), and
 * at the end every filter, in the last versions; each page and total equals that of a fresh
 * view of the same accounts. Then the cases a random run rarely meets: a CRM id passed from one
 * account to another, and a community filter after a membership change (not patched: its
 * matches do not follow from the changed accounts' records).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Account, Membership } from "../../src/domain/model.js";
import type { StoreState } from "../../src/ports/change-feed.js";
import type { AccountQueryFilter } from "../../src/services/read-model/account-filter.js";
import type { AccountOrderTerm } from "../../src/services/read-model/account-order.js";
import { accountPageOf, filterCountCounts } from "../../src/services/read-model/account-pages.js";
import { applyChanges } from "../../src/services/read-model/apply-changes.js";
import { viewOfState, type ReadView } from "../../src/services/read-model/read-view.js";
import { AT, SINCE, accountOf, entriesOf, runOf, startRun, stateOf, write } from "../support/random-account-writes.js";

const BY_NAME: AccountOrderTerm[] = [{ key: "NAME", direction: "ASC", nulls: "LAST" }];

/** Filters counted by walking (too broad for candidates), reading records alone, and ones read through the CRM-id index. */
const FILTERS: AccountQueryFilter[] = [
  {},
  { statuses: ["CUSTOMER"] },
  { segments: ["ENTERPRISE", "MID_MARKET"], licencesHeld: { min: 1 } },
  { nameContains: "a" },
  { nameContains: "ÄG" },
  { not: { regions: ["EMEA"] } },
  { or: [{ industries: ["Retail"] }, { hasOwner: false }] },
  { minRevenue: 100, statuses: ["PROSPECT", "CHURNED"] },
  { renewalDate: { isNull: true }, ownerIds: ["mgr-a", "mgr-b"] },
  { externalIds: ["crm-a0", "crm-B1-b", "crm-z2", "crm-ä3", "crm-a-4-b", "crm-Z95"] },
  { and: [{ externalIds: ["crm-a0", "crm-B1", "crm-B1-b"] }, { not: { statuses: ["CHURNED"] } }] },
];

/** The page's ids and total, on `view` and on a fresh view of the same accounts. */
function expectAsFresh(view: ReadView, filter: AccountQueryFilter, fresh: ReadView): void {
  const page = accountPageOf(view, { order: BY_NAME, first: 5, filter });
  const want = accountPageOf(fresh, { order: BY_NAME, first: 5, filter });
  expect({ ids: page.items.map((a) => a.id), total: page.totalCount }, JSON.stringify(filter)).toEqual({
    ids: want.items.map((a) => a.id),
    total: want.totalCount,
  });
}

/** A view of `view`'s state read afresh (records copied: nothing derived is shared). */
function freshOf(view: ReadView, extra: Partial<StoreState> = {}): ReadView {
  return viewOfState({ ...stateOf([...view.accounts.values()].map((a) => ({ ...a }))), ...extra }, SINCE);
}

const step = fc.record({ writes: fc.array(write, { minLength: 1, maxLength: 3 }), reads: fc.subarray(FILTERS.map((_, i) => i)) });

describe("what an accounts version inherits besides its sort sequences", () => {
  it("filter counts and the CRM-id index, patched across writes, answer as a fresh view", () => {
    const before = { ...filterCountCounts };
    fc.assert(
      fc.property(runOf(step, 20), ({ initial, steps }) => {
        const run = startRun(initial);
        const newId = run.newId;
        let view = run.view;
        const fresh0 = freshOf(view);
        for (const filter of FILTERS) expectAsFresh(view, filter, fresh0);
        const versions = [view];
        for (const { writes, reads } of steps) {
          view = applyChanges(view, [{ seq: view.seq + 1, at: AT, entries: entriesOf(view, writes, newId) }]).view;
          versions.push(view);
          if (reads.length === 0) continue;
          const fresh = freshOf(view);
          for (const r of reads) expectAsFresh(view, FILTERS[r]!, fresh);
        }
        for (const version of versions.slice(-3)) {
          const fresh = freshOf(version);
          for (const filter of FILTERS) expectAsFresh(version, filter, fresh);
        }
      }),
      { numRuns: 120, seed: 23 },
    );
    // Not a timing: counts were patched (else this only compared walks with walks).
    expect(filterCountCounts.patched - before.patched).toBeGreaterThan(1_000);
  });

  it("finds a CRM id on the account it passed to, in the version after the pass and later ones", () => {
    const [a, b, c] = ["acc-a", "acc-b", "acc-c"].map((id, i) => ({
      ...accountOf(
        id,
        Array.from({ length: 15 }, () => i),
      ),
      externalId: null,
    }));
    let view = viewOfState(stateOf([{ ...a!, externalId: "crm-x" }, b!, { ...c!, externalId: "crm-y" }]), SINCE);
    const byCrm: AccountQueryFilter = { externalIds: ["crm-x", "crm-y"] };
    expect(accountPageOf(view, { order: BY_NAME, first: 5, filter: byCrm }).items.map((x) => x.id)).toEqual(["acc-a", "acc-c"]);
    // b takes crm-x (listed first) as a lets it go, in one change; then c's id is renamed, then c is deleted, unread in between.
    const changes = [
      [
        { kind: "ACCOUNT" as const, op: "PUT" as const, record: { ...b!, externalId: "crm-x" } },
        { kind: "ACCOUNT" as const, op: "PUT" as const, record: { ...a!, externalId: null } },
      ],
      [{ kind: "ACCOUNT" as const, op: "PUT" as const, record: { ...c!, externalId: "crm-z" } }],
      [{ kind: "ACCOUNT" as const, op: "DELETE" as const, record: c! }],
    ];
    const read: boolean[] = [true, false, true];
    for (const [i, entries] of changes.entries()) {
      view = applyChanges(view, [{ seq: view.seq + 1, at: AT, entries }]).view;
      if (read[i]) for (const filter of [byCrm, { externalIds: ["crm-z"] }]) expectAsFresh(view, filter, freshOf(view));
    }
    expect(accountPageOf(view, { order: BY_NAME, first: 5, filter: byCrm }).items.map((x) => x.id)).toEqual(["acc-b"]);
  });

  it("counts a community filter afresh after a membership change (the changed accounts' records do not say who joined)", () => {
    const accounts = Array.from({ length: 40 }, (_, i) =>
      accountOf(
        `acc-${String(i).padStart(2, "0")}`,
        Array.from({ length: 15 }, (_, f) => i * 3 + f),
      ),
    );
    const community = { id: "club", name: "Club", kind: "CLUB" as const, region: null, createdAt: AT };
    const member = (accountId: string): Membership => ({ accountId, communityId: "club", role: "MEMBER", since: null });
    const memberships = accounts.filter((_, i) => i % 2 === 0).map((a) => member(a.id));
    let view = viewOfState({ ...stateOf(accounts), communities: [community], memberships }, SINCE);
    const filters: AccountQueryFilter[] = [
      { communityIds: ["club"] },
      { communityId: "club", statuses: ["CUSTOMER"] },
      { not: { communityIds: ["club"] } },
    ];
    for (const filter of filters) accountPageOf(view, { order: BY_NAME, first: 5, filter });
    const joined = accounts.filter((_, i) => i % 2 === 1).slice(0, 10);
    const edited: Account = { ...accounts[1]!, name: "Renamed" };
    view = applyChanges(view, [
      {
        seq: view.seq + 1,
        at: AT,
        entries: [
          ...joined.map((a) => ({ kind: "MEMBERSHIP" as const, op: "PUT" as const, record: member(a.id) })),
          { kind: "ACCOUNT" as const, op: "PUT" as const, record: edited },
        ],
      },
    ]).view;
    const fresh = freshOf(view, { communities: [community], memberships: [...memberships, ...joined.map((a) => member(a.id))] });
    for (const filter of filters) expectAsFresh(view, filter, fresh);
  });
});
