/**
 * Three API processes (`src/main.ts`, as `npm start` runs it) on one store, SQLite file and
 * Neo4j alike: writes go through each at the same time, and all three converge on the same
 * accounts, links, activity, strategic order and influence order — each learns the others'
 * writes from the store's change feed alone, and none re-reads the whole state to do it
 * (/readyz counts whole-state re-reads after the first load).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.js";
import { startServerProcess, type ServerProcess } from "../support/server-process.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const PROCESSES = 3;
const STATE = `{
  accounts(first: 100) { totalCount edges { node { id name outgoingLinks { to { id } strength } engagements { minutes } } } }
  strategicRanking(first: 100) { totalCount edges { node { id } } }
  influenceHubs(metric: PAGERANK, first: 100) { snapshot { stale } edges { accountId } }
}`;

interface State {
  accounts: {
    totalCount: number;
    edges: { node: { id: string; name: string; outgoingLinks: { to: { id: string } }[]; engagements: { minutes: number }[] } }[];
  };
  strategicRanking: { totalCount: number; edges: { node: { id: string } }[] };
  influenceHubs: { snapshot: { stale: boolean }; edges: { accountId: string }[] };
}

describe.each(STORE_FACTORIES)("three API processes on one $name store", (factory) => {
  let opened: OpenedStore;
  let processes: ServerProcess[] = [];

  beforeAll(async () => {
    opened = await factory.make();
    await opened.store.importDataset(tinyDataset());
    processes = await Promise.all(
      Array.from({ length: PROCESSES }, () => startServerProcess({ ...opened.env, FEED_POLL_MS: "100", SEED_ON_EMPTY: "false" }, 120_000)),
    );
  }, 180_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await opened?.cleanup();
  });

  const mutate = async (p: ServerProcess, query: string, variables: Record<string, unknown>) => {
    const result = await p.gql(query, variables);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data;
  };

  it("takes writes through each at once and all converge, without a whole-state re-read", async () => {
    // Round 1: every process creates accounts at the same time.
    const created = await Promise.all(
      processes.map((p, i) =>
        Promise.all(
          [0, 1, 2].map(async (k) => {
            const data = await mutate(p, `mutation($input: AccountInput!) { createAccount(input: $input) { id } }`, {
              input: {
                name: `Process ${i} account ${k}`,
                segment: "MID_MARKET",
                status: "CUSTOMER",
                annualRevenue: 100_000 * (1 + i * 3 + k),
                ownerId: "mgr_one",
              },
            });
            return data.createAccount.id as string;
          }),
        ),
      ),
    );
    // Round 2: each links its accounts to another process's, records activity on a shared
    // account and renames one of its own choosing, all at once.
    const renamed = ["acc_bob", "acc_cyd", "acc_eve"];
    await Promise.all(
      processes.map((p, i) => {
        const next = created[(i + 1) % PROCESSES]!;
        return Promise.all([
          mutate(p, `mutation($input: LinkInfluenceInput!) { linkInfluence(input: $input) { id } }`, {
            input: { fromId: created[i]![0], toId: next[0], kind: "PEER", strength: 0.5 },
          }),
          mutate(p, `mutation($input: LinkInfluenceInput!) { linkInfluence(input: $input) { id } }`, {
            input: { fromId: created[i]![1], toId: "acc_ada", kind: "BOARD", strength: 0.3 + i / 10 },
          }),
          mutate(p, `mutation($input: RecordEngagementInput!) { recordEngagement(input: $input) { id } }`, {
            input: { accountId: "acc_ada", managerId: "mgr_one", kind: "CALL", minutes: 10 + i, date: "2026-11-01" },
          }),
          mutate(p, `mutation($id: ID!, $input: AccountInput!) { updateAccount(id: $id, input: $input) { id } }`, {
            id: renamed[i],
            input: { name: `Renamed by process ${i}` },
          }),
        ]);
      }),
    );

    const read = async (p: ServerProcess): Promise<State> => {
      const result = await p.gql(STATE);
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
      return result.data as State;
    };
    const complete = (s: State) =>
      s.accounts.totalCount === 5 + PROCESSES * 3 &&
      s.strategicRanking.totalCount === 5 + PROCESSES * 3 &&
      !s.influenceHubs.snapshot.stale &&
      s.influenceHubs.edges.length === 5 + PROCESSES * 3 &&
      s.accounts.edges.find((e) => e.node.id === "acc_ada")!.node.engagements.filter((e) => e.minutes >= 10 && e.minutes < 10 + PROCESSES).length ===
        PROCESSES &&
      renamed.every((id, i) => s.accounts.edges.find((e) => e.node.id === id)?.node.name === `Renamed by process ${i}`) &&
      created.every((ids, i) =>
        s.accounts.edges.find((e) => e.node.id === ids[0])?.node.outgoingLinks.some((l) => l.to.id === created[(i + 1) % PROCESSES]![0]),
      );
    // The same answer everywhere, link order and strategic and influence orders included.
    const canonical = (s: State) => ({
      ...s,
      accounts: {
        ...s.accounts,
        edges: s.accounts.edges.map((e) => ({
          node: { ...e.node, outgoingLinks: [...e.node.outgoingLinks].sort((a, b) => a.to.id.localeCompare(b.to.id)) },
        })),
      },
    });
    const agree = (all: State[]) => all.every(complete) && all.every((s) => JSON.stringify(canonical(s)) === JSON.stringify(canonical(all[0]!)));
    const states = await eventually(() => Promise.all(processes.map(read)), agree, 30_000);
    for (const state of states) expect(complete(state), JSON.stringify(state)).toBe(true);
    expect(canonical(states[1]!)).toEqual(canonical(states[0]!));
    expect(canonical(states[2]!)).toEqual(canonical(states[0]!));

    for (const p of processes) {
      const ready = (await (await fetch(new URL("/readyz", p.url))).json()) as { feedSeq: number; fullReloads: Record<string, number> };
      expect(ready.fullReloads).toEqual({ readModel: 0, analytics: 0, strategy: 0 });
    }
    const seqs = await Promise.all(
      processes.map(async (p) => ((await (await fetch(new URL("/readyz", p.url))).json()) as { feedSeq: number }).feedSeq),
    );
    expect(new Set(seqs).size, `feed positions ${seqs.join(", ")}`).toBe(1);
  }, 120_000);
});
