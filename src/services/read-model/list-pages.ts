/**
 * Keyset pages over a short list the read view holds in full (communities, managers, one
 * community's members), sorted by a text key then id, both in code-point order. A page
 * continues strictly after its position, so a row inserted before it neither shifts nor
 * repeats the next page. Cost: sorting the filtered list, O(m log m) for its m rows.
 */
import { ValidationError } from "../../domain/errors.js";
import { compareCodePoints } from "../../domain/text-order.js";

export interface ListPosition {
  value: string;
  id: string;
}

export interface ListPage<T> {
  items: T[];
  positions: ListPosition[];
  hasNextPage: boolean;
  totalCount: number;
}

function compare(a: ListPosition, b: ListPosition): number {
  return compareCodePoints(a.value, b.value) || compareCodePoints(a.id, b.id);
}

/** A page of `rows` ordered by `positionOf` (rows need not be sorted), `first` after `after`. */
export function listPageOf<T>(
  rows: readonly T[],
  positionOf: (row: T) => ListPosition,
  first: number,
  after?: { value: unknown; id: unknown },
): ListPage<T> {
  if (after !== undefined && (typeof after.value !== "string" || typeof after.id !== "string")) {
    throw new ValidationError("after is not a valid cursor", "after");
  }
  const keyed = rows.map((row) => ({ row, position: positionOf(row) })).sort((x, y) => compare(x.position, y.position));
  const start = after ? keyed.findIndex((x) => compare(x.position, after as ListPosition) > 0) : 0;
  const from = start < 0 ? keyed.length : start;
  const size = Math.max(0, Math.trunc(first));
  const page = keyed.slice(from, from + size);
  return {
    items: page.map((x) => x.row),
    positions: page.map((x) => x.position),
    hasNextPage: from + size < keyed.length,
    totalCount: keyed.length,
  };
}
