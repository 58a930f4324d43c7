/**
 * The reads `npm run bench:peer` compares: each written once for our schema
 * (schema/schema.graphql) and once for the peer's generated one (peer-type-defs.ts), with a
 * normaliser per side that brings both answers to the same rows (money as integer cents,
 * links as {type, other account, strength}), so the rows can be compared as JSON.
 *
 * Each request takes the next item of a fixed sequence (the same for both servers), so
 * neither side answers one hot key: account ids for single-account reads, revenue caps
 * (`annualRevenue <= cap`) for pages, drawn from the dataset with a seeded PRNG.
 *
 * The peer is asked the way its documentation suggests, and in its faster form where it
 * has two: the revenue page uses `accounts(limit:, sort:)` (a range-index walk that stops
 * after 20 rows) rather than `accountsConnection(first:)`, whose Cypher collects every
 * matching account before sorting (~10x slower measured here); the filtered page needs
 * `totalCount`, which only `accountsConnection` gives, and one connection was faster than
 * a list plus a separate count. Nested lists are compared as sets (sorted here): the peer
 * is not asked to sort them, ours always does.
 */
import type { Dataset } from "../../src/ports/account-graph-store.js";
import { seededRandom } from "../load-mix.js";

export type PeerQueryKey = "a" | "b" | "c" | "d";

/** What one request is about: an account, or a revenue cap in cents. */
export type PeerItem = { id: string } | { capCents: number };

export interface PeerSide {
  query: string;
  variables(item: PeerItem): Record<string, unknown>;
  /** The answer's `data` as plain rows, in a shape both sides share. */
  normalise(data: unknown): unknown;
}

export interface PeerQuery {
  key: PeerQueryKey;
  title: string;
  /** A read whose rows are not all in our read model (raw activity lists). */
  storeBound: boolean;
  items: readonly PeerItem[];
  ours: PeerSide;
  peer: PeerSide;
}

export const PEER_QUERY_DEFAULTS = Object.freeze({
  pageSize: 20,
  /** Items per sequence; a 20 s run at ~2,000 req/s goes round it ~10 times. */
  sequenceLength: 4_096,
  seed: 11,
});

type Row = Record<string, unknown>;
type LinkRow = { type: string; other: string; strength: number };

// ---------- normalising helpers ----------

/** Our Money ("2534400.00") and the peer's BigInt cents ("253440000") as one cents string. */
function cents(value: unknown, money: boolean): string {
  const text = String(value);
  return money ? BigInt(text.replace(".", "")).toString() : BigInt(text).toString();
}

function byTypeThenOther(a: LinkRow, b: LinkRow): number {
  return a.type < b.type ? -1 : a.type > b.type ? 1 : a.other < b.other ? -1 : a.other > b.other ? 1 : 0;
}

/** Our `outgoingLinks { type toId strength }` / `incomingLinks { type fromId strength }`. */
function ourLinks(links: unknown, otherKey: "toId" | "fromId"): LinkRow[] {
  return (links as Row[]).map((l) => ({ type: String(l.type), other: String(l[otherKey]), strength: Number(l.strength) })).sort(byTypeThenOther);
}

/** The peer's `<field>Connection { edges { properties { strength } node { id } } }`, one per relationship type. */
function peerLinks(node: Row, fields: Record<string, string>): LinkRow[] {
  return Object.entries(fields)
    .flatMap(([field, type]) =>
      ((node[field] as { edges: { properties: Row; node: Row }[] }).edges ?? []).map((e) => ({
        type,
        other: String(e.node.id),
        strength: Number(e.properties.strength),
      })),
    )
    .sort(byTypeThenOther);
}

const owner = (value: unknown) => (value ? { id: String((value as Row).id), name: String((value as Row).name) } : null);

const LINK_EDGES = "edges { properties { strength } node { id } }";
const OUT_FIELDS = { referredConnection: "REFERRED", influencesConnection: "INFLUENCES" };
const IN_FIELDS = { referredByConnection: "REFERRED", influencedByConnection: "INFLUENCES" };
const capOf = (item: PeerItem) => ("capCents" in item ? item.capCents : 0);
const idOf = (item: PeerItem) => ("id" in item ? item.id : "");
/** Cents as our Money input ("1234.56"). */
const money = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`;

// ---------- the four reads ----------

const N = PEER_QUERY_DEFAULTS.pageSize;

function revenuePage(items: PeerItem[]): PeerQuery {
  const row = (node: Row, out: LinkRow[]) => ({ id: node.id, name: node.name, owner: owner(node.owner), out });
  return {
    key: "a",
    title: `a. ${N} accounts by annual revenue (desc) under a cap, with owner and outgoing links`,
    storeBound: false,
    items,
    ours: {
      query: `query RevenuePage($cap: Money) {
  accounts(first: ${N}, orderBy: { key: ANNUAL_REVENUE, direction: DESC }, filter: { maxRevenue: $cap }) {
    edges { node { id name annualRevenue owner { id name } outgoingLinks { type toId strength } } }
  }
}`,
      variables: (item) => ({ cap: money(capOf(item)) }),
      normalise: (data) =>
        ((data as { accounts: { edges: { node: Row }[] } }).accounts.edges ?? []).map(({ node }) => ({
          ...row(node, ourLinks(node.outgoingLinks, "toId")),
          revenueCents: cents(node.annualRevenue, true),
        })),
    },
    peer: {
      query: `query RevenuePage($cap: BigInt) {
  accounts(limit: ${N}, sort: [{ annualRevenue: DESC }, { id: DESC }], where: { annualRevenue: { lte: $cap } }) {
    id name annualRevenue owner { id name }
    referredConnection { ${LINK_EDGES} }
    influencesConnection { ${LINK_EDGES} }
  }
}`,
      variables: (item) => ({ cap: String(capOf(item)) }),
      normalise: (data) =>
        (data as { accounts: Row[] }).accounts.map((node) => ({
          ...row(node, peerLinks(node, OUT_FIELDS)),
          revenueCents: cents(node.annualRevenue, false),
        })),
    },
  };
}

function accountWithLinks(items: PeerItem[]): PeerQuery {
  const memberships = (rows: { community: string; role: string }[]) =>
    rows.sort((a, b) => (a.community < b.community ? -1 : a.community > b.community ? 1 : 0));
  return {
    key: "b",
    title: "b. one account with incoming and outgoing links and community memberships",
    storeBound: false,
    items,
    ours: {
      query: `query AccountLinks($id: ID!) {
  account(id: $id) {
    id name
    outgoingLinks { type toId strength }
    incomingLinks { type fromId strength }
    memberships { communityId role }
  }
}`,
      variables: (item) => ({ id: idOf(item) }),
      normalise: (data) => {
        const a = (data as { account: Row }).account;
        return {
          id: a.id,
          name: a.name,
          out: ourLinks(a.outgoingLinks, "toId"),
          in: ourLinks(a.incomingLinks, "fromId"),
          memberships: memberships((a.memberships as Row[]).map((m) => ({ community: String(m.communityId), role: String(m.role) }))),
        };
      },
    },
    peer: {
      query: `query AccountLinks($id: ID!) {
  accounts(where: { id: { eq: $id } }) {
    id name
    referredConnection { ${LINK_EDGES} }
    influencesConnection { ${LINK_EDGES} }
    referredByConnection { ${LINK_EDGES} }
    influencedByConnection { ${LINK_EDGES} }
    memberOfConnection { edges { properties { role } node { id } } }
  }
}`,
      variables: (item) => ({ id: idOf(item) }),
      normalise: (data) => {
        const a = (data as { accounts: Row[] }).accounts[0]!;
        const edges = (a.memberOfConnection as { edges: { properties: Row; node: Row }[] }).edges;
        return {
          id: a.id,
          name: a.name,
          out: peerLinks(a, OUT_FIELDS),
          in: peerLinks(a, IN_FIELDS),
          memberships: memberships(edges.map((e) => ({ community: String(e.node.id), role: String(e.properties.role) }))),
        };
      },
    },
  };
}

function enterpriseCustomers(items: PeerItem[]): PeerQuery {
  const row = (node: Row, isMoney: boolean) => ({
    id: node.id,
    name: node.name,
    segment: node.segment,
    status: node.status,
    revenueCents: cents(node.annualRevenue, isMoney),
  });
  return {
    key: "c",
    title: `c. ${N} ENTERPRISE ∧ CUSTOMER accounts under a revenue cap, by name, with totalCount`,
    storeBound: false,
    items,
    ours: {
      query: `query EnterpriseCustomers($cap: Money) {
  accounts(first: ${N}, filter: { segments: [ENTERPRISE], statuses: [CUSTOMER], maxRevenue: $cap }) {
    totalCount
    edges { node { id name segment status annualRevenue } }
  }
}`,
      variables: (item) => ({ cap: money(capOf(item)) }),
      normalise: (data) => {
        const page = (data as { accounts: { totalCount: number; edges: { node: Row }[] } }).accounts;
        return { totalCount: page.totalCount, rows: page.edges.map(({ node }) => row(node, true)) };
      },
    },
    peer: {
      query: `query EnterpriseCustomers($cap: BigInt) {
  accountsConnection(
    first: ${N}
    sort: [{ name: ASC }, { id: ASC }]
    where: { segment: { eq: ENTERPRISE }, status: { eq: CUSTOMER }, annualRevenue: { lte: $cap } }
  ) {
    totalCount
    edges { node { id name segment status annualRevenue } }
  }
}`,
      variables: (item) => ({ cap: String(capOf(item)) }),
      normalise: (data) => {
        const page = (data as { accountsConnection: { totalCount: number; edges: { node: Row }[] } }).accountsConnection;
        return { totalCount: page.totalCount, rows: page.edges.map(({ node }) => row(node, false)) };
      },
    },
  };
}

function accountEngagements(items: PeerItem[]): PeerQuery {
  const row = (e: Row, managerId: unknown) => ({ id: e.id, date: e.date, minutes: e.minutes, kind: e.kind, managerId });
  return {
    key: "d",
    title: "d. one account's raw engagement list, newest first (read from the store)",
    storeBound: true,
    items,
    ours: {
      query: `query AccountEngagements($id: ID!) {
  account(id: $id) { id engagements { id date minutes kind managerId } }
}`,
      variables: (item) => ({ id: idOf(item) }),
      normalise: (data) => ((data as { account: { engagements: Row[] } }).account.engagements ?? []).map((e) => row(e, e.managerId)),
    },
    peer: {
      query: `query AccountEngagements($id: ID!) {
  accounts(where: { id: { eq: $id } }) {
    id
    engagements(sort: [{ date: DESC }, { id: ASC }]) { id date minutes kind manager { id } }
  }
}`,
      variables: (item) => ({ id: idOf(item) }),
      normalise: (data) =>
        ((data as { accounts: { engagements: Row[] }[] }).accounts[0]?.engagements ?? []).map((e) => row(e, (e.manager as Row[])[0]?.id)),
    },
  };
}

/**
 * The four reads over `dataset`, each with its item sequence. Revenue caps are the revenue
 * of a random account (for the filtered page, of a random ENTERPRISE ∧ CUSTOMER account, so
 * its pages are seldom empty).
 */
export function buildPeerQueries(dataset: Dataset, seed: number = PEER_QUERY_DEFAULTS.seed): Record<PeerQueryKey, PeerQuery> {
  const random = seededRandom(seed);
  const draw = <T>(pool: readonly T[], toItem: (x: T) => PeerItem): PeerItem[] =>
    Array.from({ length: PEER_QUERY_DEFAULTS.sequenceLength }, () => toItem(pool[Math.floor(random() * pool.length)]!));
  const accounts = dataset.accounts;
  const enterpriseCustomerPool = accounts.filter((a) => a.segment === "ENTERPRISE" && a.status === "CUSTOMER");
  if (enterpriseCustomerPool.length === 0) throw new Error("bench/peer: the dataset has no ENTERPRISE CUSTOMER account");
  const ids = draw(accounts, (a) => ({ id: a.id }));
  return {
    a: revenuePage(draw(accounts, (a) => ({ capCents: a.annualRevenue }))),
    b: accountWithLinks(ids),
    c: enterpriseCustomers(draw(enterpriseCustomerPool, (a) => ({ capCents: a.annualRevenue }))),
    d: accountEngagements(ids),
  };
}
