/**
 * The read model's invariants (src/services/read-model/read-model.ts), each in code here:
 * - a view at seq n equals the store's state at n: after any random sequence of writes,
 *   following the feed gives exactly what a fresh readState gives (property test);
 * - changes apply only as an unbroken run (a gap waits for the next poll);
 * - own writes apply at once without a store read; others' arrive by polling;
 * - replaying a change already reflected changes nothing and patches nothing;
 * - a RESET (bulk import) or falling behind the compaction point reloads, and is counted;
 * - LayeredMap behaves as a Map under any sequence of updates, old versions unchanged.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { Change } from "../../src/ports/change-feed.js";
import { applyChanges } from "../../src/services/read-model/apply-changes.js";
import { LayeredMap } from "../../src/services/read-model/layered-map.js";
import { contiguousRun, ReadModel } from "../../src/services/read-model/read-model.js";
import { viewOfState, type ReadView } from "../../src/services/read-model/read-view.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { accountInput, communityInput, managerInput, smallDataset } from "../store/store-fixtures.js";
import { spyOnStore } from "../support/store-spies.js";

const TODAY = "2026-11-01";
const SINCE = "2024-10-31"; // TODAY - 731 days

/** What a view holds, in a comparable form. */
function contentOf(view: ReadView) {
  const sorted = <T>(items: Iterable<T>, key: (x: T) => string) => [...items].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return {
    accounts: sorted(view.accounts.values(), (a) => a.id),
    managers: sorted(view.managers.values(), (m) => m.id),
    communities: sorted(view.communities.values(), (c) => c.id),
    links: sorted(view.links.values(), (l) => l.id),
    linksFrom: sorted(
      [...view.linksFrom.entries()].map(([id, list]) => [id, sorted(list, (l) => l.id).map((l) => l.id)] as const),
      (e) => e[0],
    ),
    linksTo: sorted(
      [...view.linksTo.entries()].map(([id, list]) => [id, sorted(list, (l) => l.id).map((l) => l.id)] as const),
      (e) => e[0],
    ),
    byAccount: sorted(
      [...view.membershipsByAccount.entries()].map(([id, list]) => [id, sorted(list, (m) => m.communityId)] as const),
      (e) => e[0],
    ),
    byCommunity: sorted(
      [...view.membershipsByCommunity.entries()].map(([id, list]) => [id, sorted(list, (m) => m.accountId)] as const),
      (e) => e[0],
    ),
    activity: sorted(
      [...view.activity.entries()].map(([id, a]) => [id, sorted(a.engagements, (e) => e.id), sorted(a.purchases, (p) => p.id)] as const),
      (e) => e[0],
    ),
    apiKeys: sorted(view.apiKeys.values(), (k) => k.id),
  };
}

describe("LayeredMap", () => {
  it("equals a plain Map after any updates, and never changes an earlier version", () => {
    const op = fc.tuple(fc.integer({ min: 0, max: 400 }), fc.option(fc.integer(), { nil: undefined }));
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 60 }), { maxLength: 40 }), (batches) => {
        let layered = LayeredMap.empty<number, number>();
        const plain = new Map<number, number>();
        const history: [LayeredMap<number, number>, Map<number, number>][] = [];
        for (const batch of batches) {
          layered = layered.with(batch);
          for (const [k, v] of batch) {
            if (v === undefined) plain.delete(k);
            else plain.set(k, v);
          }
          history.push([layered, new Map(plain)]);
        }
        for (const [version, expected] of history) {
          expect(version.size).toBe(expected.size);
          expect(new Map(version.entries())).toEqual(expected);
          for (let k = 0; k <= 400; k += 37) expect(version.get(k)).toBe(expected.get(k));
        }
      }),
      { numRuns: 80, seed: 7 },
    );
  });
});

describe("contiguousRun", () => {
  const c = (seq: number): Change => ({ seq, at: "2026-01-01T00:00:00.000Z", entries: [] });
  it("keeps the unbroken run after the view, skips what it has, stops at a gap", () => {
    expect(contiguousRun([c(4), c(5), c(6)], 3).map((x) => x.seq)).toEqual([4, 5, 6]);
    expect(contiguousRun([c(2), c(3), c(4), c(5)], 3).map((x) => x.seq)).toEqual([4, 5]);
    expect(contiguousRun([c(4), c(6), c(7)], 3).map((x) => x.seq)).toEqual([4]);
    expect(contiguousRun([c(5), c(6)], 3)).toEqual([]);
  });
});

describe("ReadModel over a real store", () => {
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  const open = async (options: { pollIntervalMs?: number; compactEveryChanges?: number; retainChanges?: number } = {}) => {
    const store = new SqliteAccountGraphStore({ path: ":memory:" });
    await store.init();
    await store.importDataset(smallDataset("rm", 6));
    const spy = spyOnStore(store, { countFeedPolling: true });
    const model = new ReadModel(spy.store, { today: () => TODAY, pollIntervalMs: options.pollIntervalMs ?? 0, ...options });
    closers.push(
      () => store.close(),
      () => model.close(),
    );
    await model.start();
    return { store, spy, model };
  };

  const fresh = async (store: SqliteAccountGraphStore) => viewOfState(await store.readState({ activitySince: SINCE }), SINCE);

  it("follows any sequence of writes to exactly the store's state", async () => {
    const writes = fc.array(fc.integer({ min: 0, max: 16 }), { minLength: 1, maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(writes, fc.boolean(), async (kinds, own) => {
        const { store, model } = await open();
        const manager = (await store.createManager(managerInput())).value;
        const community = (await store.createCommunity(communityInput())).value;
        await model.reach(await store.feedHead());
        const accounts = [...(await fresh(store)).accounts.keys()];
        let n = 0;
        for (const kind of kinds) {
          const a = accounts[n++ % accounts.length]!;
          const b = accounts[(n * 7) % accounts.length]!;
          let committed;
          try {
            switch (kind) {
              case 0: {
                committed = await store.createAccount(accountInput({ ownerId: manager.id }));
                accounts.push(committed.value.id);
                break;
              }
              case 1:
                committed = await store.updateAccount(a, { name: `Renamed ${n}`, annualRevenue: n * 100 });
                break;
              case 2:
                committed = await store.linkInfluence({ fromId: a, toId: b, kind: "PEER", strength: (n % 10) / 10 });
                break;
              case 3:
                committed = await store.recordReferral({ fromId: b, toId: a, date: "2025-06-01", revenue: n });
                break;
              case 4:
                committed = await store.addMembership({ accountId: a, communityId: community.id, role: n % 2 ? "LEADER" : "MEMBER" });
                break;
              case 5:
                committed = await store.removeMembership(a, community.id);
                break;
              case 6:
                committed = await store.recordEngagement({
                  accountId: a,
                  managerId: manager.id,
                  minutes: n,
                  date: n % 2 ? "2026-10-01" : "2020-01-01",
                  kind: "CALL",
                });
                break;
              case 7:
                committed = await store.recordPurchase({ accountId: a, amount: n, licences: 1, discount: 0, date: "2026-09-01" });
                break;
              case 8: {
                const links = (await fresh(store)).linksFrom.get(a) ?? [];
                if (links[0]) committed = await store.unlink(links[0].id);
                break;
              }
              case 9: {
                committed = await store.deleteAccount(a);
                accounts.splice(accounts.indexOf(a), 1);
                break;
              }
              // Edits and deletions (ports/record-edits.ts), moving activity in and out of the window.
              case 10: {
                const [engagement] = await store.engagementsOfAccounts([a]);
                if (engagement) committed = await store.updateEngagement(engagement.id, { minutes: n, date: n % 2 ? "2026-10-02" : "2019-01-01" });
                break;
              }
              case 11: {
                const [engagement] = await store.engagementsOfAccounts([a]);
                if (engagement) committed = await store.deleteEngagement(engagement.id);
                break;
              }
              case 12: {
                const [purchase] = await store.purchasesOfAccounts([a]);
                if (purchase) committed = await store.updatePurchase(purchase.id, { amount: n, date: n % 2 ? "2026-09-02" : "2019-01-01" });
                break;
              }
              case 13: {
                const links = (await fresh(store)).linksFrom.get(a) ?? [];
                if (links[0]?.type === "INFLUENCES") committed = await store.updateLink(links[0].id, { strength: (n % 7) / 7 });
                break;
              }
              case 14: {
                // A community with a member, deleted: its membership goes in the same change.
                const club = (await store.createCommunity(communityInput())).value;
                const member = await store.addMembership({ accountId: a, communityId: club.id, role: "MEMBER" });
                if (own) await model.settle(member);
                committed = await store.deleteCommunity(club.id);
                break;
              }
              case 15: {
                // A manager with an account and an engagement, deleted with a successor.
                const leaving = (await store.createManager(managerInput())).value;
                const handed = await store.updateAccount(a, { ownerId: leaving.id });
                const logged = await store.recordEngagement({ accountId: b, managerId: leaving.id, minutes: n, date: "2026-10-03", kind: "VISIT" });
                if (own) for (const write of [handed, logged]) await model.settle(write);
                committed = await store.deleteManager(leaving.id, { reassignTo: manager.id });
                break;
              }
              case 16: {
                const upserted = await store.upsertAccount(`ext-${n % 3}`, {
                  patch: { name: `Upserted ${n}` },
                  create: accountInput({ ownerId: manager.id }),
                });
                if (upserted.value.created) accounts.push(upserted.value.account.id);
                committed = upserted;
                break;
              }
            }
          } catch {
            continue; // a refused write (duplicate link, missing membership): nothing committed
          }
          // Own writes settle at once; otherwise (another process) the feed is read.
          if (committed && own) await model.settle(committed);
        }
        await model.reach(await store.feedHead());
        expect(contentOf(model.current)).toEqual(contentOf(await fresh(store)));
        expect(model.stats.reloads).toBe(0);
      }),
      { numRuns: 25, seed: 42 },
    );
  });

  it("applies its own next change at once, without reading the store", async () => {
    const { store, spy, model } = await open();
    spy.reset();
    const created = await store.createAccount(accountInput());
    spy.reset();
    await model.settle(created);
    expect(model.current.accounts.get(created.value.id)).toEqual(created.value);
    expect(Object.fromEntries(spy.calls)).toEqual({});
  });

  it("reads the feed when another process wrote in between, and polls for others on its own", async () => {
    const { store, spy, model } = await open({ pollIntervalMs: 20 });
    const theirs = await store.createAccount(accountInput()); // not settled: another process's
    const mine = await store.createAccount(accountInput());
    spy.reset();
    await model.settle(mine);
    expect(spy.calls.get("changesSince")).toBeGreaterThanOrEqual(1);
    expect(model.current.accounts.has(theirs.value.id)).toBe(true);
    const later = await store.createAccount(accountInput());
    const deadline = Date.now() + 5_000;
    while (!model.current.accounts.has(later.value.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(model.current.accounts.has(later.value.id)).toBe(true);
  });

  it("replaying a change the view already holds changes nothing", async () => {
    const { store, model } = await open();
    const linked = await store.linkInfluence({ fromId: "rm-acc-001", toId: "rm-acc-000", kind: "PEER", strength: 0.5 });
    await model.settle(linked);
    const view = model.current;
    const replay = applyChanges(view, [{ ...linked.change!, seq: view.seq + 1 }]);
    expect(replay.patches).toEqual([]);
    expect(contentOf(replay.view)).toEqual(contentOf(view));
  });

  it("reloads after a bulk import (RESET) and counts it", async () => {
    const { store, model } = await open();
    await store.importDataset(smallDataset("rm2", 3));
    await model.reach(await store.feedHead());
    expect(model.stats.reloads).toBe(1);
    expect(model.current.accounts.has("rm2-acc-000")).toBe(true);
    expect(contentOf(model.current)).toEqual(contentOf(await fresh(store)));
  });

  it("reloads when it fell behind the feed's compaction point", async () => {
    const { store, model } = await open();
    for (let i = 0; i < 5; i++) await store.createAccount(accountInput());
    await store.compactFeed(1);
    await model.reach(await store.feedHead());
    expect(model.stats.reloads).toBe(1);
    expect(contentOf(model.current)).toEqual(contentOf(await fresh(store)));
  });
});
