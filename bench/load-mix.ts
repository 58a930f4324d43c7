/**
 * The request mix of `npm run load`, built against the schema actually served so it
 * follows the API as other engineers extend it: account pages with nested owners and
 * links, single accounts with their neighbourhood, influence hubs, a strategic ranking
 * (when the schema has one), and 5% writes (recordEngagement).
 *
 * A kind whose field is missing from the schema is skipped (and reported); its share
 * goes to the other reads, so writes stay at 5%. Choices come from a seeded PRNG, so
 * two runs send the same sequence.
 */
import {
  getNamedType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import type { Dataset } from "../src/ports/account-graph-store.js";

export interface MixEntry {
  kind: string;
  weight: number;
  write: boolean;
  /** A fresh request body for this kind. */
  make(random: () => number): RequestBody;
  /** Bodies that warm every cache this kind can hit (default: one `make`). */
  warmUp?(): RequestBody[];
}

export interface RequestBody {
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
}

export interface LoadMix {
  entries: MixEntry[];
  skipped: string[];
  pick(random: () => number): MixEntry;
}

export const MIX_DEFAULTS = Object.freeze({
  writeShare: 0.05,
  readWeights: { accountPage: 40, accountDetail: 15, influenceHubs: 25, strategicRanking: 20 },
  pageSize: 20,
  metrics: ["PAGERANK", "HUB", "AUTHORITY", "IN_DEGREE", "BETWEENNESS"],
  /** Query fields tried, in order, as "a strategic ranking". */
  rankingFieldPattern: /strateg|prioriti|accountRanking|rankAccounts|portfolio/i,
});

/** The project's seeded PRNG (src/domain/prng.ts): the same seed replays the same request mix. */
export { mulberry32 as seededRandom } from "../src/domain/prng.js";

const choose = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

/** `exclude`: kinds left out on purpose (`npm run load -- --skip strategicRanking`). */
export function buildLoadMix(schema: GraphQLSchema, dataset: Dataset, exclude: readonly string[] = []): LoadMix {
  const query = schema.getQueryType()!.getFields();
  const accountIds = dataset.accounts.map((a) => a.id);
  const managerIds = dataset.managers.map((m) => m.id);
  const regions = [...new Set(dataset.accounts.map((a) => a.region).filter((r): r is string => !!r))];
  const skipped: string[] = [];
  const reads: Omit<MixEntry, "weight">[] = [];
  const weights: Record<string, number> = { ...MIX_DEFAULTS.readWeights };

  reads.push({
    kind: "accountPage",
    write: false,
    make: (random) => ({
      operationName: "AccountPage",
      query: `query AccountPage($first: Int!, $order: AccountOrderByInput, $filter: AccountFilterInput) {
        accounts(first: $first, orderBy: $order, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
          edges { node { id name status annualRevenue owner { id name } outgoingLinks { type strength to { id name } } } } } }`,
      variables: {
        first: MIX_DEFAULTS.pageSize,
        order: { key: choose(["NAME", "ANNUAL_REVENUE", "RENEWAL_DATE", "LICENCES_PLANNED"], random), direction: choose(["ASC", "DESC"], random) },
        filter: random() < 0.5 && regions.length > 0 ? { regions: [choose(regions, random)] } : null,
      },
    }),
  });
  reads.push({
    kind: "accountDetail",
    write: false,
    make: (random) => ({
      operationName: "AccountDetail",
      query: `query AccountDetail($id: ID!) { account(id: $id) { id name segment owner { name email }
        incomingLinks { type from { id name } } outgoingLinks { type to { id name owner { name } } } memberships { role community { name } } } }`,
      variables: { id: choose(accountIds, random) },
    }),
  });

  if (query.influenceHubs) {
    const hubs = (metric: string): RequestBody => ({
      operationName: "InfluenceHubs",
      query: `query InfluenceHubs($metric: InfluenceMetric!, $first: Int) { influenceHubs(metric: $metric, first: $first) {
        totalCount snapshot { version stale } edges { rank score node { id name owner { name } } } } }`,
      variables: { metric, first: MIX_DEFAULTS.pageSize },
    });
    reads.push({
      kind: "influenceHubs",
      write: false,
      make: (random) => hubs(choose(MIX_DEFAULTS.metrics, random)),
      // Metrics are computed on first use: warm each one, so the run measures serving, not computing.
      warmUp: () => MIX_DEFAULTS.metrics.map(hubs),
    });
  } else {
    skipped.push("influenceHubs: no Query.influenceHubs in the schema");
  }

  const ranking = query.strategicRanking ?? Object.values(query).find((field) => MIX_DEFAULTS.rankingFieldPattern.test(field.name));
  const rankingQuery = !ranking
    ? null
    : ranking.name === "strategicRanking"
      ? `query StrategicRanking($first: Int) { strategicRanking(first: $first) { totalCount asOf
          edges { node { id name owner { name } } strategy { score rank tier percentile } } } }`
      : buildFieldQuery(ranking);
  if (ranking && rankingQuery) {
    reads.push({
      kind: "strategicRanking",
      write: false,
      make: () => ({
        operationName: "StrategicRanking",
        query: rankingQuery,
        variables: ranking.name === "strategicRanking" ? { first: MIX_DEFAULTS.pageSize } : {},
      }),
    });
  } else {
    skipped.push(
      ranking
        ? `strategicRanking: Query.${ranking.name} has required arguments this script cannot fill`
        : "strategicRanking: no strategic ranking field in the schema yet",
    );
  }

  for (const kind of exclude) {
    const at = reads.findIndex((entry) => entry.kind === kind);
    if (at >= 0) {
      reads.splice(at, 1);
      skipped.push(`${kind}: excluded by --skip`);
    }
  }
  const readShare = 1 - MIX_DEFAULTS.writeShare;
  const readTotal = reads.reduce((sum, entry) => sum + (weights[entry.kind] ?? 0), 0);
  const entries: MixEntry[] = reads.map((entry) => ({ ...entry, weight: ((weights[entry.kind] ?? 0) / readTotal) * readShare }));
  entries.push({
    kind: "recordEngagement",
    write: true,
    weight: MIX_DEFAULTS.writeShare,
    make: (random) => ({
      operationName: "RecordEngagement",
      query: `mutation RecordEngagement($input: RecordEngagementInput!) { recordEngagement(input: $input) { id } }`,
      variables: {
        input: {
          accountId: choose(accountIds, random),
          managerId: choose(managerIds, random),
          minutes: 15 + Math.floor(random() * 90),
          date: "2026-10-15",
          kind: choose(["CALL", "VISIT", "EMAIL", "MEETING"], random),
          note: "load test",
        },
      },
    }),
  });

  return {
    entries,
    skipped,
    pick(random) {
      let r = random();
      for (const entry of entries) {
        r -= entry.weight;
        if (r < 0) return entry;
      }
      return entries[entries.length - 1]!;
    },
  };
}

/**
 * `{ field(first: 20) { <scalars, and one level of objects' scalars> } }` for a field
 * whose required arguments are all enums (their first value); null when one is not.
 */
function buildFieldQuery(field: GraphQLField<unknown, unknown>): string | null {
  const args: string[] = [];
  for (const arg of field.args) {
    const named = getNamedType(arg.type);
    if (arg.name === "first" || arg.name === "limit") args.push(`${arg.name}: ${MIX_DEFAULTS.pageSize}`);
    else if (isNonNullType(arg.type) && arg.defaultValue === undefined) {
      if (isEnumType(named) && !isListType(arg.type.ofType)) args.push(`${arg.name}: ${named.getValues()[0]!.name}`);
      else return null;
    }
  }
  const selection = selectionFor(getNamedType(field.type), 3);
  if (!selection) return null;
  return `query StrategicRanking { ${field.name}${args.length ? `(${args.join(", ")})` : ""} ${selection} }`;
}

function selectionFor(type: GraphQLNamedType, depth: number): string | null {
  if (isLeafType(type)) return "";
  if (!isObjectType(type) || depth === 0) return null;
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (depth > 1 && (field.name === "node" || field.name === "edges" || field.name === "account" || field.name === "items")) {
      const inner = selectionFor(named, depth - 1);
      if (inner) parts.push(`${field.name} ${inner}`);
    }
  }
  return parts.length > 0 ? `{ ${parts.join(" ")} }` : null;
}
