/**
 * Bulk load of a Dataset (AccountGraphStore.importDataset). Runs inside the caller's
 * single write transaction, so any bad row rolls the whole import back.
 *
 * References are checked in JavaScript first (against the dataset's own ids, then the
 * database for rows loaded earlier) so a bad row fails with a NotFoundError that names
 * it, e.g. `influences[17].toId`, rather than SQLite's anonymous FOREIGN KEY failure.
 * Rows are then written with multi-row INSERTs of `batchSize` rows: one prepared
 * statement executed per batch instead of per row.
 */
import type Database from "better-sqlite3";
import { NotFoundError } from "../../domain/errors.js";
import type { Dataset, StoreCounts } from "../../ports/account-graph-store.js";
import {
  accountToRow,
  communityToRow,
  engagementToRow,
  linkToRow,
  managerToRow,
  membershipToRow,
  nullable,
  purchaseToRow,
} from "./sqlite-mapping.js";
import { SQL } from "./sqlite-queries.js";

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32. */
const MAX_VARIABLES = 32_766;

type Row = Record<string, string | number | null>;

/** Prepared multi-row INSERTs, cached per batch length. */
class BatchInserter {
  readonly #statements = new Map<number, Database.Statement>();
  readonly #rowsPerStatement: number;
  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    private readonly columns: readonly string[],
    batchSize: number,
  ) {
    this.#rowsPerStatement = Math.max(1, Math.min(batchSize, Math.floor(MAX_VARIABLES / columns.length)));
  }

  insertAll(rows: readonly Row[]): void {
    for (let start = 0; start < rows.length; start += this.#rowsPerStatement) {
      const batch = rows.slice(start, start + this.#rowsPerStatement);
      const values: (string | number | null)[] = [];
      for (const row of batch) for (const column of this.columns) values.push(row[column] ?? null);
      this.#statement(batch.length).run(values);
    }
  }

  #statement(rowCount: number): Database.Statement {
    let statement = this.#statements.get(rowCount);
    if (!statement) {
      const tuple = `(${this.columns.map(() => "?").join(", ")})`;
      const sql = `INSERT INTO ${this.table} (${this.columns.join(", ")}) VALUES ${Array(rowCount).fill(tuple).join(", ")}`;
      statement = this.db.prepare(sql);
      this.#statements.set(rowCount, statement);
    }
    return statement;
  }
}

function columnsOf(row: Row): string[] {
  return Object.keys(row);
}

function insertRows(db: Database.Database, table: string, rows: Row[], batchSize: number): void {
  const first = rows[0];
  if (first === undefined) return;
  new BatchInserter(db, table, columnsOf(first), batchSize).insertAll(rows);
}

/** `has(id)` answers from the dataset first, then from rows already in the database. */
function referenceChecker(db: Database.Database, datasetIds: Iterable<string>, existsSql: string) {
  const ids = new Set(datasetIds);
  const exists = db.prepare<[string], unknown>(existsSql).pluck();
  return (id: string): boolean => ids.has(id) || exists.get(id) !== undefined;
}

function checkReferences(db: Database.Database, dataset: Dataset): void {
  const hasAccount = referenceChecker(db, dataset.accounts.map((a) => a.id), SQL.accountExists);
  const hasManager = referenceChecker(db, dataset.managers.map((m) => m.id), SQL.managerExists);
  const hasCommunity = referenceChecker(db, dataset.communities.map((c) => c.id), SQL.communityExists);
  const require = (ok: boolean, entity: string, id: string, field: string): void => {
    if (!ok) throw new NotFoundError(entity, id, field);
  };
  dataset.accounts.forEach((a, i) => {
    if (a.ownerId != null) require(hasManager(a.ownerId), "Manager", a.ownerId, `accounts[${i}].ownerId`);
  });
  dataset.memberships.forEach((m, i) => {
    require(hasAccount(m.accountId), "Account", m.accountId, `memberships[${i}].accountId`);
    require(hasCommunity(m.communityId), "Community", m.communityId, `memberships[${i}].communityId`);
  });
  for (const [list, name] of [[dataset.influences, "influences"], [dataset.referrals, "referrals"]] as const) {
    list.forEach((l, i) => {
      require(hasAccount(l.fromId), "Account", l.fromId, `${name}[${i}].fromId`);
      require(hasAccount(l.toId), "Account", l.toId, `${name}[${i}].toId`);
    });
  }
  dataset.engagements.forEach((e, i) => {
    require(hasAccount(e.accountId), "Account", e.accountId, `engagements[${i}].accountId`);
    require(hasManager(e.managerId), "Manager", e.managerId, `engagements[${i}].managerId`);
  });
  dataset.purchases.forEach((p, i) => {
    require(hasAccount(p.accountId), "Account", p.accountId, `purchases[${i}].accountId`);
  });
}

/** Writes the dataset; the caller owns the transaction and the graph-version bump. */
export function importDatasetRows(db: Database.Database, dataset: Dataset, batchSize: number, now: string): StoreCounts {
  checkReferences(db, dataset);
  const rows = {
    managers: dataset.managers.map((m) =>
      managerToRow({ id: m.id, name: m.name, email: m.email, weeklyCapacityHours: m.weeklyCapacityHours, createdAt: now }),
    ),
    accounts: dataset.accounts.map((a) =>
      accountToRow({
        id: a.id,
        externalId: nullable(a.externalId),
        name: a.name,
        industry: nullable(a.industry),
        segment: a.segment,
        region: nullable(a.region),
        ownerId: nullable(a.ownerId),
        status: a.status,
        annualRevenue: a.annualRevenue,
        grossMargin: a.grossMargin,
        licencesHeld: a.licencesHeld,
        licencesPlanned: a.licencesPlanned,
        licencePrice: a.licencePrice,
        customerSince: nullable(a.customerSince),
        renewalDate: nullable(a.renewalDate),
        discountPurchases: a.discountPurchases,
        supplierSwitches: a.supplierSwitches,
        lastContact: nullable(a.lastContact),
        createdAt: now,
        updatedAt: now,
      }),
    ),
    communities: dataset.communities.map((c) =>
      communityToRow({ id: c.id, name: c.name, kind: c.kind, region: nullable(c.region), createdAt: now }),
    ),
    memberships: dataset.memberships.map((m) =>
      membershipToRow({ accountId: m.accountId, communityId: m.communityId, role: m.role, since: nullable(m.since) }),
    ),
    links: [
      ...dataset.influences.map((l) =>
        linkToRow({
          id: l.id,
          type: "INFLUENCES",
          fromId: l.fromId,
          toId: l.toId,
          strength: l.strength,
          kind: l.kind,
          revenue: null,
          date: nullable(l.since),
          createdAt: now,
        }),
      ),
      ...dataset.referrals.map((r) =>
        linkToRow({
          id: r.id,
          type: "REFERRED",
          fromId: r.fromId,
          toId: r.toId,
          strength: 1,
          kind: null,
          revenue: r.revenue,
          date: r.date,
          createdAt: now,
        }),
      ),
    ],
    engagements: dataset.engagements.map((e) =>
      engagementToRow({
        id: e.id,
        accountId: e.accountId,
        managerId: e.managerId,
        minutes: e.minutes,
        date: e.date,
        kind: e.kind,
        note: nullable(e.note),
      }),
    ),
    purchases: dataset.purchases.map((p) =>
      purchaseToRow({ id: p.id, accountId: p.accountId, amount: p.amount, licences: p.licences, discount: p.discount, date: p.date }),
    ),
  };
  // Parents before children, so foreign keys hold row by row.
  insertRows(db, "managers", rows.managers as unknown as Row[], batchSize);
  insertRows(db, "accounts", rows.accounts as unknown as Row[], batchSize);
  insertRows(db, "communities", rows.communities as unknown as Row[], batchSize);
  insertRows(db, "memberships", rows.memberships as unknown as Row[], batchSize);
  insertRows(db, "links", rows.links as unknown as Row[], batchSize);
  insertRows(db, "engagements", rows.engagements as unknown as Row[], batchSize);
  insertRows(db, "purchases", rows.purchases as unknown as Row[], batchSize);
  return {
    accounts: rows.accounts.length,
    managers: rows.managers.length,
    communities: rows.communities.length,
    memberships: rows.memberships.length,
    links: rows.links.length,
    engagements: rows.engagements.length,
    purchases: rows.purchases.length,
  };
}
