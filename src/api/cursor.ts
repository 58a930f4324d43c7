/**
 * Opaque keyset cursors: base64url JSON of the sort key, direction, sort value and
 * id of a row. Carrying the ordering inside the cursor lets us refuse a cursor
 * reused with a different `orderBy` instead of silently returning a wrong page.
 *
 * Orderings by computed scores (influence metrics, strategic scores) move when the data
 * changes, so their cursors also carry the version of the ordering they were issued on
 * (`s`): the next page continues on that same version while the server still keeps it,
 * and fails with CURSOR_STALE otherwise (threat 27 in docs/threats.md). Never a silent
 * skip or repeat.
 */
import { ValidationError } from "../domain/errors.js";
import type { KeysetPosition } from "../ports/account-graph-store.js";

type CursorValue = string | number | null;

/** `v`: the row's sort value, or one per key for an order of several keys. */
interface CursorBody {
  o: string;
  v: CursorValue | readonly CursorValue[];
  i: string;
  /** Version of the ordering the cursor was issued on (score orderings only). */
  s?: number;
}

/** A position as pages give it: one sort value, or a list of them (several sort keys). */
export interface CursorPosition {
  value: CursorValue | readonly CursorValue[];
  id: string;
}

export function encodeCursor(ordering: string, position: CursorPosition, version?: number): string {
  const body: CursorBody = { o: ordering, v: position.value, i: position.id, ...(version !== undefined ? { s: version } : {}) };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

/** Throws BAD_USER_INPUT (field `after`) for a malformed cursor or one from another ordering. */
export function decodeCursor(ordering: string, cursor: string): KeysetPosition {
  return decodeVersionedCursor(ordering, cursor).position;
}

/** A cursor of a versioned ordering: where it stopped, and on which version (null: issued before versions existed). */
export function decodeVersionedCursor(ordering: string, cursor: string): { position: KeysetPosition; version: number | null } {
  const body = parseCursor(ordering, cursor);
  if (Array.isArray(body.v)) throw new ValidationError("after was issued for a different ordering", "after");
  return { position: { value: body.v as CursorValue, id: body.i }, version: typeof body.s === "number" ? body.s : null };
}

/** As decodeCursor, for pages whose order may have several keys (the value is then a list). */
export function decodeCursorPosition(ordering: string, cursor: string): CursorPosition {
  const body = parseCursor(ordering, cursor);
  return { value: body.v, id: body.i };
}

function parseCursor(ordering: string, cursor: string): CursorBody {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new ValidationError("after is not a valid cursor", "after");
  }
  if (!isCursorBody(body)) throw new ValidationError("after is not a valid cursor", "after");
  if (body.o !== ordering) throw new ValidationError("after was issued for a different ordering", "after");
  return body;
}

function isCursorValue(v: unknown): v is CursorValue {
  return v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
}

function isCursorBody(value: unknown): value is CursorBody {
  if (typeof value !== "object" || value === null) return false;
  const b = value as Record<string, unknown>;
  return (
    typeof b.o === "string" &&
    typeof b.i === "string" &&
    (isCursorValue(b.v) || (Array.isArray(b.v) && b.v.every(isCursorValue))) &&
    (b.s === undefined || (typeof b.s === "number" && Number.isSafeInteger(b.s)))
  );
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** Builds a Relay connection from a keyset page; shared by every paginated field. `version`: of a score ordering. */
export function toConnection<T>(
  ordering: string,
  page: { items: T[]; positions: readonly CursorPosition[]; hasNextPage: boolean; totalCount: number },
  after: CursorPosition | undefined,
  version?: number,
): ConnectionShape<T> {
  const edges = page.items.map((node, i) => ({ node, cursor: encodeCursor(ordering, page.positions[i]!, version) }));
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
