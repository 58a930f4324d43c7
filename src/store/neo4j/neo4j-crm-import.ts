/**
 * AccountGraphStore.importRecords on Neo4j: the CRM import's lookups and writes in ONE
 * managed write transaction (a DRY_RUN in one read transaction), so the plan is made
 * against exactly what it writes over and any failure leaves the database unchanged. A
 * driver retry re-runs the whole function, lookups included. Matching and the row report
 * are shared with SQLite (ports/crm-import.ts); here only batched UNWIND reads and writes.
 *
 * Size: the generated 20,000-account set (~20k accounts, ~100k links, ~100k activity
 * rows) fits one transaction on the test server's 1 GB heap; the transaction gets the
 * import timeout of the store (importTransactionTimeoutMs).
 */
import { newId } from "../../domain/ids.js";
import type { Link } from "../../domain/model.js";
import {
  externalIdsOf,
  importResult,
  linkKey,
  membershipKey,
  planCrmImport,
  secondRoundKeys,
  shouldWrite,
  type CrmImportBatch,
  type CrmImportOptions,
  type CrmImportResult,
} from "../../ports/crm-import.js";
import type { Record as Neo4jRecord } from "neo4j-driver";
import * as C from "./cypher.js";
import type { CypherRunner, Neo4jExecutor } from "./neo4j-executor.js";
import {
  accountToProps,
  engagementToProps,
  linkToProps,
  mapRecords,
  membershipToProps,
  purchaseToProps,
  toAccount,
  toCommunity,
  toManager,
} from "./neo4j-mapping.js";

const BATCH_ROWS = 5_000;

async function runBatched(q: CypherRunner, cypher: string, rows: readonly unknown[]): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_ROWS) await q.run(cypher, { rows: rows.slice(start, start + BATCH_ROWS) });
}

/** Runs a lookup over `values` bound to `$param`, a batch at a time; the records of every batch. */
async function collect<T>(q: CypherRunner, cypher: string, values: readonly T[], param: string): Promise<Neo4jRecord[]> {
  const records: Neo4jRecord[] = [];
  for (let start = 0; start < values.length; start += BATCH_ROWS * 2) {
    records.push(...(await q.run(cypher, { [param]: values.slice(start, start + BATCH_ROWS * 2) })));
  }
  return records;
}

export async function importCrmRecords(
  executor: Neo4jExecutor,
  batch: CrmImportBatch,
  options: CrmImportOptions,
  settings: { now: string; timeoutMs: number },
): Promise<CrmImportResult> {
  const work = async (q: CypherRunner): Promise<CrmImportResult> => {
    const accountsByExternalId = new Map(
      mapRecords(await collect(q, C.CRM_ACCOUNTS_BY_EXTERNAL_IDS, externalIdsOf(batch), "externalIds"), "account", toAccount).map(
        (account) => [account.externalId!, account],
      ),
    );
    const managers = mapRecords(await q.run(C.LIST_MANAGERS), "manager", toManager);
    const communities = mapRecords(await q.run(C.LIST_COMMUNITIES), "community", toCommunity);
    const keys = secondRoundKeys(batch, accountsByExternalId, communities);
    const links = new Map<string, Link>();
    for (const r of await collect(q, C.CRM_LINKS_BETWEEN, keys.linkPairs, "pairs")) {
      const key = linkKey(r.get("type") as string, r.get("fromId") as string, r.get("toId") as string);
      links.set(key, { id: r.get("id") as string, createdAt: r.get("createdAt") as string } as Link);
    }
    const memberships = new Set<string>();
    for (const r of await collect(q, C.FIND_MEMBERSHIPS_BETWEEN, keys.membershipPairs, "pairs")) {
      memberships.add(membershipKey(r.get("accountId") as string, r.get("communityId") as string));
    }
    const activityIds = new Set<string>();
    for (const cypher of [C.FIND_ENGAGEMENT_IDS, C.FIND_PURCHASE_IDS]) {
      for (const r of await collect(q, cypher, keys.activityIds, "ids")) activityIds.add(r.get("id") as string);
    }
    const planned = planCrmImport(
      batch,
      { accountsByExternalId, managers, communities, links, memberships, activityIds },
      {
        now: settings.now,
        newId: (kind) => newId(kind),
        rejectedEarlier: options.rejectedEarlier ?? [],
        rejectedExternalIds: options.rejectedExternalIds ?? [],
      },
    );
    if (!shouldWrite(options.mode, planned.rejected)) return importResult(options.mode, planned, false);

    const { plan } = planned;
    const ends = (link: Link) => ({ fromId: link.fromId, toId: link.toId, props: linkToProps(link) });
    const ofType = (list: Link[], type: Link["type"]) => list.filter((l) => l.type === type).map(ends);
    await runBatched(q, C.IMPORT_ACCOUNTS, plan.accountInserts.map(accountToProps));
    await runBatched(q, C.CRM_REPLACE_ACCOUNTS, plan.accountUpdates.map(accountToProps));
    await runBatched(q, C.IMPORT_INFLUENCES, ofType(plan.linkInserts, "INFLUENCES"));
    await runBatched(q, C.IMPORT_REFERRALS, ofType(plan.linkInserts, "REFERRED"));
    await runBatched(q, C.CRM_UPDATE_INFLUENCES, ofType(plan.linkUpdates, "INFLUENCES"));
    await runBatched(q, C.CRM_UPDATE_REFERRALS, ofType(plan.linkUpdates, "REFERRED"));
    const membershipRow = (m: (typeof plan.membershipInserts)[number]) => ({ accountId: m.accountId, communityId: m.communityId, props: membershipToProps(m) });
    await runBatched(q, C.IMPORT_MEMBERSHIPS, plan.membershipInserts.map(membershipRow));
    await runBatched(q, C.CRM_UPDATE_MEMBERSHIPS, plan.membershipUpdates.map(membershipRow));
    await runBatched(
      q,
      C.IMPORT_ENGAGEMENTS,
      plan.engagementInserts.map((e) => ({ accountId: e.accountId, managerId: e.managerId, props: engagementToProps(e) })),
    );
    await runBatched(q, C.IMPORT_PURCHASES, plan.purchaseInserts.map((p) => ({ accountId: p.accountId, props: purchaseToProps(p) })));
    const graphRows =
      plan.accountInserts.length + plan.accountUpdates.length + plan.linkInserts.length + plan.linkUpdates.length +
      plan.membershipInserts.length + plan.membershipUpdates.length;
    if (graphRows > 0) await q.run(C.BUMP_GRAPH_VERSION);
    return importResult(options.mode, planned, true);
  };
  const txOptions = { timeoutMs: settings.timeoutMs };
  return options.mode === "DRY_RUN" ? executor.read("importRecords.dryRun", work, txOptions) : executor.write("importRecords", work, txOptions);
}
