/**
 * Opaque keyset cursors: base64url JSON of the sort key, direction, sort value and
 * id of a row. Carrying the ordering inside the cursor lets us refuse a cursor
 * reused with a different `orderBy` instead of silently returning a wrong page.
 */
import { ValidationError } from "../domain/errors.js";
import type { KeysetPosition } from "../ports/account-graph-store.js";

type CursorValue = string | number | null;

/** `v`: the row's sort value, or one per key for an order of several keys. */
interface CursorBody {
  o: string;
  v: CursorValue | readonly CursorValue[];
  i: string;
}

/** A position as pages give it: one sort value, or a list of them (several sort keys). */
export interface CursorPosition {
  value: CursorValue | readonly CursorValue[];
  id: string;
}

export function encodeCursor(ordering: string, position: CursorPosition): string {
  const body: CursorBody = { o: ordering, v: position.value, i: position.id };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

/** Throws BAD_USER_INPUT (field `after`) for a malformed cursor or one from another ordering. */
export function decodeCursor(ordering: string, cursor: string): KeysetPosition {
  const { value, id } = decodeCursorPosition(ordering, cursor);
  if (Array.isArray(value)) throw new ValidationError("after was issued for a different ordering", "after");
  return { value: value as CursorValue, id };
}

/** As decodeCursor, for pages whose order may have several keys (the value is then a list). */
export function decodeCursorPosition(ordering: string, cursor: string): CursorPosition {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new ValidationError("after is not a valid cursor", "after");
  }
  if (!isCursorBody(body)) throw new ValidationError("after is not a valid cursor", "after");
  if (body.o !== ordering) throw new ValidationError("after was issued for a different ordering", "after");
  return { value: body.v, id: body.i };
}

function isCursorValue(v: unknown): v is CursorValue {
  return v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
}

function isCursorBody(value: unknown): value is CursorBody {
  if (typeof value !== "object" || value === null) return false;
  const b = value as Record<string, unknown>;
  return typeof b.o === "string" && typeof b.i === "string" && (isCursorValue(b.v) || (Array.isArray(b.v) && b.v.every(isCursorValue)));
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** Builds a Relay connection from a keyset page; shared by every paginated field. */
export function toConnection<T>(
  ordering: string,
  page: { items: T[]; positions: readonly CursorPosition[]; hasNextPage: boolean; totalCount: number },
  after: CursorPosition | undefined,
): ConnectionShape<T> {
  const edges = page.items.map((node, i) => ({ node, cursor: encodeCursor(ordering, page.positions[i]!) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: page.totalCount,
  };
}

/** `first` is capped so no client can ask for a million rows in one go. */
export function requirePageSize(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw new ValidationError(`first must be between 0 and ${max}`, "first");
  }
  return first;
}
