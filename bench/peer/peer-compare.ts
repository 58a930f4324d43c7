/**
 * Row checks of `npm run bench:peer`: both servers answer every read with the same rows
 * (after peer-queries.ts's normalisers) before any throughput is compared.
 */
import type { PeerItem, PeerQuery, PeerSide } from "./peer-queries.js";

/** The first place two JSON values differ (`rows[3].out[0].other: "acc_1" vs "acc_2"`), or null when they are equal. */
export function firstDifference(ours: unknown, peer: unknown, path = "$"): string | null {
  if (Array.isArray(ours) && Array.isArray(peer)) {
    for (let i = 0; i < Math.min(ours.length, peer.length); i++) {
      const found = firstDifference(ours[i], peer[i], `${path}[${i}]`);
      if (found) return found;
    }
    return ours.length === peer.length ? null : `${path}: ${ours.length} rows vs ${peer.length} rows`;
  }
  if (isObject(ours) && isObject(peer)) {
    for (const key of new Set([...Object.keys(ours), ...Object.keys(peer)])) {
      const found = firstDifference(ours[key], peer[key], `${path}.${key}`);
      if (found) return found;
    }
    return null;
  }
  return JSON.stringify(ours) === JSON.stringify(peer) ? null : `${path}: ${JSON.stringify(ours)} (ours) vs ${JSON.stringify(peer)} (peer)`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface Endpoint {
  url: string;
  headers: Record<string, string>;
}

/** One request's normalised rows; throws with the server's answer when it is not a clean 200. */
export async function fetchRows(endpoint: Endpoint, side: PeerSide, item: PeerItem): Promise<unknown> {
  const response = await fetch(endpoint.url, {
    method: "POST",
    headers: endpoint.headers,
    body: JSON.stringify({ query: side.query, variables: side.variables(item) }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: unknown; errors?: unknown };
  if (response.status !== 200 || body.errors) throw new Error(`HTTP ${response.status}: ${text.slice(0, 500)}`);
  return side.normalise(body.data);
}

export interface RowCheck {
  query: PeerQuery;
  checked: number;
  /** Rows seen on our side over every checked item (a check of empty answers proves little). */
  rows: number;
  difference: { item: PeerItem; where: string } | null;
}

/** Compares the first `count` items of the query's sequence; stops at the first difference. */
export async function checkRows(query: PeerQuery, ours: Endpoint, peer: Endpoint, count: number): Promise<RowCheck> {
  let rows = 0;
  const items = query.items.slice(0, count);
  for (const item of items) {
    const [a, b] = await Promise.all([fetchRows(ours, query.ours, item), fetchRows(peer, query.peer, item)]);
    rows += rowCount(a);
    const where = firstDifference(a, b);
    if (where) return { query, checked: items.indexOf(item) + 1, rows, difference: { item, where } };
  }
  return { query, checked: items.length, rows, difference: null };
}

function rowCount(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (isObject(value) && Array.isArray(value.rows)) return value.rows.length;
  return 1;
}
