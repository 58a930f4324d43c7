/**
 * A generated dataset as CRM CSV files with a few hundred deliberately broken rows, and
 * exactly which problems an import must report for them: the broken cells themselves, and
 * every row that names an account whose own row is broken (REJECTED_REFERENCE). Used by
 * the 20,000-account import test on both stores and by the import benchmark.
 * Managers and communities are not in a CRM export: `directory` is what to load first.
 */
import { datasetToCsv, externalIdOf, type DatasetCsv } from "../../seeds/dataset-csv.js";
import { generateDataset } from "../../seeds/index.js";
import type { Dataset } from "../../src/ports/account-graph-store.js";

export interface ExpectedProblem {
  file: "accounts" | "links" | "memberships" | "engagements" | "purchases";
  row: number;
  column: string;
  code: "BAD_USER_INPUT" | "NOT_FOUND" | "REJECTED_REFERENCE";
}

export interface BrokenCsvSet {
  files: DatasetCsv;
  /** Managers and communities only: load these before importing the files. */
  directory: Dataset;
  expected: ExpectedProblem[];
  /** Rows broken on purpose (the rest of `expected` are rows naming their accounts). */
  deliberate: number;
  /** Rows of each file that import cleanly. */
  goodRows: Record<ExpectedProblem["file"], number>;
  rows: Record<ExpectedProblem["file"], number>;
}

/** Breaks every `every`-th row (offset `at`) of a list, cycling through `kinds` ways to break it. */
function breakSome<T>(items: T[], every: number, at: number, kinds: ((item: T, i: number) => ExpectedProblem["column"])[]): Map<number, string> {
  const broken = new Map<number, string>();
  let k = 0;
  items.forEach((item, i) => {
    if (i % every !== at) return;
    const column = kinds[k++ % kinds.length]!(item, i);
    if (column) broken.set(i, column);
  });
  return broken;
}

export function brokenCrmCsv(accounts: number, seed: number): BrokenCsvSet {
  const dataset = generateDataset({ accounts, seed });
  const expected: ExpectedProblem[] = [];
  const add = (file: ExpectedProblem["file"], index: number, column: string, code: ExpectedProblem["code"]) =>
    expected.push({ file, row: index + 2, column, code });
  const problems = (file: ExpectedProblem["file"], index: number, list: [string, ExpectedProblem["code"]][]) =>
    list.forEach(([column, code]) => add(file, index, column, code));

  // Accounts: a bad cell, or an owner nobody is.
  const badAccounts = breakSome(dataset.accounts, 199, 5, [
    (a) => (((a as { segment: string }).segment = "GIGANTIC"), "segment"),
    (a) => ((a.annualRevenue = -500), "annualRevenue"),
    (a) => ((a.customerSince = "2025-02-30"), "customerSince"),
    (a) => ((a.ownerId = "mgr_nobody"), "owner"),
  ]);
  const brokenExternal = new Set<string>();
  badAccounts.forEach((column, i) => {
    add("accounts", i, column, column === "owner" ? "NOT_FOUND" : "BAD_USER_INPUT");
    brokenExternal.add(externalIdOf(dataset.accounts[i]!));
  });
  const knownExternal = new Set(dataset.accounts.map(externalIdOf));
  const externalOf = new Map(dataset.accounts.map((a) => [a.id, externalIdOf(a)]));
  const reference = (column: string, accountId: string): [string, ExpectedProblem["code"]][] => {
    const external = externalOf.get(accountId) ?? `EXT-${accountId}`;
    if (brokenExternal.has(external)) return [[column, "REJECTED_REFERENCE"]];
    return knownExternal.has(external) ? [] : [[column, "NOT_FOUND"]];
  };

  // Links: influences then referrals, as datasetToCsv writes them.
  const links = [
    ...dataset.influences.map((l) => ({ kind: "INFLUENCES" as const, l })),
    ...dataset.referrals.map((r) => ({ kind: "REFERRED" as const, r })),
  ];
  const badLinks = breakSome(links, 499, 7, [
    (x) => ("l" in x ? ((x.l.strength = 1.5), "strength") : ((x.r.date = "yesterday"), "date")),
    (x, i) => {
      if ("l" in x) x.l.toId = `acc_missing_${i}`;
      else x.r.toId = `acc_missing_${i}`;
      return "";
    },
  ]);
  links.forEach((x, i) => {
    const cell = badLinks.get(i);
    if (cell) return add("links", i, cell, "BAD_USER_INPUT");
    const link = "l" in x ? x.l : x.r;
    problems("links", i, [...reference("fromExternalId", link.fromId), ...reference("toExternalId", link.toId)]);
  });

  const badMemberships = breakSome(dataset.memberships, 101, 1, [(m) => ((m.communityId = "com_missing"), "community")]);
  dataset.memberships.forEach((m, i) =>
    problems("memberships", i, [
      ...reference("accountExternalId", m.accountId),
      ...(badMemberships.has(i) ? [["community", "NOT_FOUND"] as [string, "NOT_FOUND"]] : []),
    ]),
  );

  const badEngagements = breakSome(dataset.engagements, 347, 3, [(e) => ((e.minutes = 0), "minutes"), (e) => ((e.managerId = "mgr_ghost"), "")]);
  dataset.engagements.forEach((e, i) => {
    const cell = badEngagements.get(i);
    if (cell) return add("engagements", i, cell, "BAD_USER_INPUT");
    problems("engagements", i, [
      ...reference("accountExternalId", e.accountId),
      ...(e.managerId === "mgr_ghost" ? [["manager", "NOT_FOUND"] as [string, "NOT_FOUND"]] : []),
    ]);
  });

  const badPurchases = breakSome(dataset.purchases, 307, 2, [(p) => ((p.amount = Number.NaN), "amount")]);
  dataset.purchases.forEach((p, i) => {
    const cell = badPurchases.get(i);
    if (cell) return add("purchases", i, cell, "BAD_USER_INPUT");
    problems("purchases", i, reference("accountExternalId", p.accountId));
  });

  const rows = {
    accounts: dataset.accounts.length,
    links: links.length,
    memberships: dataset.memberships.length,
    engagements: dataset.engagements.length,
    purchases: dataset.purchases.length,
  };
  const badRows = (file: ExpectedProblem["file"]) => new Set(expected.filter((p) => p.file === file).map((p) => p.row)).size;
  const goodRows = Object.fromEntries(
    Object.entries(rows).map(([file, n]) => [file, n - badRows(file as ExpectedProblem["file"])]),
  ) as BrokenCsvSet["goodRows"];
  const deliberate = new Set(expected.filter((p) => p.code !== "REJECTED_REFERENCE").map((p) => `${p.file}:${p.row}`)).size;
  return {
    deliberate,
    files: datasetToCsv(dataset),
    directory: { ...dataset, accounts: [], memberships: [], influences: [], referrals: [], engagements: [], purchases: [] },
    expected,
    goodRows,
    rows,
  };
}
