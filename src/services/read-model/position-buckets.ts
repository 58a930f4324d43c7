/**
 * List-value buckets of an order base (account-order.ts OrderBase): per field each account
 * holds at most one value of (segment, status, region, industry, owner), and per value, the
 * ascending positions in the base's sequence of the accounts holding it. A list filter's
 * accounts are read from them in the base's order, without sorting (account-candidates.ts).
 *
 * Cost. Built on first use per field and base: one pass reading every account's value
 * (~40 ms per field at 200,000 accounts). A write makes a new base whose sequence is the
 * previous one patched (sort-index-patch.ts), and the new base inherits the buckets the
 * previous one held, moved by the same patch (moveBuckets) instead of built again: a table of
 * where each old position went, O(n) over an Int32Array once per base, then each field's
 * positions mapped through it in one pass and merged with the added accounts' new positions,
 * O(n + k) per field with no record read but the k added ones'. A field's buckets are one
 * array of positions grouped by value (FieldBuckets), so that pass allocates one array, not
 * one per value (there are thousands of owners). A fresh build of the new sequence gives the
 * same buckets (a property test compares them). Inherited buckets are moved on first use of
 * their field, so a page without a list filter pays nothing for them; the ones still unmoved
 * when the base is handed on (held: the next write) are moved then, since the next patch's
 * moves are relative to this base's sequence.
 */
import type { Account } from "../../domain/model.js";
import type { SequenceMoves } from "./sort-index-patch.js";

/** The fields of list filters on a value each account has at most one of (a null value is in no bucket: it matches no list). */
export const BUCKET_FIELDS = Object.freeze({
  segments: (a: Account) => a.segment,
  statuses: (a: Account) => a.status,
  regions: (a: Account) => a.region,
  industries: (a: Account) => a.industry,
  ownerIds: (a: Account) => a.ownerId,
} satisfies Record<string, (a: Account) => string | null>);
export type BucketField = keyof typeof BUCKET_FIELDS;
export const BUCKET_FIELD_NAMES = Object.freeze(Object.keys(BUCKET_FIELDS) as BucketField[]);

/**
 * One field's buckets: per value (numbered by `codeOf`), its positions ascending in
 * `positions[offsets[code], offsets[code + 1])`. Every value has at least one position.
 */
export interface FieldBuckets {
  readonly codeOf: ReadonlyMap<string, number>;
  readonly offsets: Int32Array;
  readonly positions: Int32Array;
}
/** The buckets a base built or moved, by field: what it hands on with its sequence. */
export type HeldBuckets = ReadonlyMap<BucketField, FieldBuckets>;

/** The ascending positions of the accounts holding `value`, undefined when none does. */
export function bucketOf(buckets: FieldBuckets, value: string): Int32Array | undefined {
  const code = buckets.codeOf.get(value);
  return code === undefined ? undefined : buckets.positions.subarray(buckets.offsets[code]!, buckets.offsets[code + 1]!);
}

/** Buckets built and moved (tests and benchmarks ask whether the move ran, not how long it took). */
export const positionBucketCounts = { built: 0, moved: 0 };

/** Inherited buckets not moved yet, and the patch's moves (the table of new positions made on the first move, kept for the others). */
interface Unmoved {
  readonly held: Map<BucketField, FieldBuckets>;
  readonly moves: SequenceMoves<Account>;
  table?: { movedTo: Int32Array; addedAt: Int32Array };
}

/** The buckets of one base: per field, moved from the previous base's on first use when it held them, else built then. */
export class PositionBuckets {
  private readonly byField = new Map<BucketField, FieldBuckets>();
  private unmoved: Unmoved | null = null;

  /** `inherited`: the previous base's buckets and how the patch that made `accounts` from its sequence moved them. */
  constructor(
    private readonly accounts: readonly Account[],
    inherited?: { held: HeldBuckets; moves: SequenceMoves<Account> },
  ) {
    if (inherited && inherited.held.size > 0) this.unmoved = { held: new Map(inherited.held), moves: inherited.moves };
  }

  /** The buckets of `field`. */
  of(field: BucketField): FieldBuckets {
    let buckets = this.byField.get(field);
    if (!buckets) {
      buckets = this.moved(field);
      if (!buckets) {
        buckets = buildBuckets(this.accounts, BUCKET_FIELDS[field]);
        positionBucketCounts.built++;
      }
      this.byField.set(field, buckets);
    }
    return buckets;
  }

  /** Every field's buckets built or inherited, the inherited ones moved now (what the base hands on). */
  held(): HeldBuckets {
    for (const field of [...(this.unmoved?.held.keys() ?? [])]) this.of(field);
    return new Map(this.byField);
  }

  /** The inherited buckets of `field` moved to this base's sequence; undefined when it inherited none. */
  private moved(field: BucketField): FieldBuckets | undefined {
    const unmoved = this.unmoved;
    const inherited = unmoved?.held.get(field);
    if (!unmoved || !inherited) return undefined;
    unmoved.table ??= { movedTo: newPositionsOf(unmoved.moves, this.accounts.length), addedAt: addedPositionsOf(unmoved.moves) };
    const buckets = moveBuckets(inherited, unmoved.table.movedTo, unmoved.moves.added, unmoved.table.addedAt, BUCKET_FIELDS[field]);
    positionBucketCounts.moved++;
    unmoved.held.delete(field);
    if (unmoved.held.size === 0) this.unmoved = null; // the table goes with the last of them
    return buckets;
  }
}

/** Numbers values in order of first appearance; `codes` gets each item's number (-1: null). */
function codeValues(values: Iterable<string | null>, codeOf: Map<string, number>, codes: Int32Array): void {
  let i = 0;
  for (const value of values) {
    let code = -1;
    if (value !== null) {
      code = codeOf.get(value) ?? codeOf.size;
      if (code === codeOf.size) codeOf.set(value, code);
    }
    codes[i++] = code;
  }
}

/** Offsets of groups of the sizes `codes` counts (codes -1 count for none). */
function groupOffsets(codes: Int32Array, groups: number): Int32Array {
  const offsets = new Int32Array(groups + 1);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) offsets[codes[i]! + 1]!++;
  for (let c = 0; c < groups; c++) offsets[c + 1]! += offsets[c]!;
  return offsets;
}

/** Item i's `at[i]` placed in its code's group, in item order (so ascending where `at` ascends). */
function placeInGroups(codes: Int32Array, at: Int32Array, offsets: Int32Array, into: Int32Array): void {
  const filled = offsets.slice(0, -1);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) into[filled[codes[i]!]!++] = at[i]!;
}

/** Buckets of `accounts` by `valueOf`, from scratch: one pass for each position's value code, two over the codes to group the positions. */
export function buildBuckets(accounts: readonly Account[], valueOf: (a: Account) => string | null): FieldBuckets {
  const codeOf = new Map<string, number>();
  const codes = new Int32Array(accounts.length);
  codeValues(
    accounts.map((a) => valueOf(a)),
    codeOf,
    codes,
  );
  const offsets = groupOffsets(codes, codeOf.size);
  const positions = new Int32Array(offsets[codeOf.size]!);
  placeInGroups(codes, identity(accounts.length), offsets, positions);
  return { codeOf, offsets, positions };
}

function identity(n: number): Int32Array {
  const at = new Int32Array(n);
  for (let i = 0; i < n; i++) at[i] = i;
  return at;
}

/**
 * Each old position's new one under `moves` (-1: removed): an item moves back by the removed
 * items before it and on by the added items inserted before it. `n`: the new sequence's length.
 */
export function newPositionsOf(moves: SequenceMoves<unknown>, n: number): Int32Array {
  const { removed, insertedBefore } = moves;
  return newPositionTable(removed, insertedBefore, new Int32Array(n + removed.length - insertedBefore.length));
}

function newPositionTable(removed: Int32Array, insertedBefore: Int32Array, movedTo: Int32Array): Int32Array {
  let r = 0;
  let a = 0;
  for (let i = 0; i < movedTo.length; i++) {
    while (a < insertedBefore.length && insertedBefore[a]! <= i) a++;
    if (r < removed.length && removed[r] === i) {
      movedTo[i] = -1;
      r++;
    } else movedTo[i] = i - r + a;
  }
  return movedTo;
}

/** The new position of each added item: its insertion point, less the removed items before it, plus the added items before it. */
export function addedPositionsOf(moves: SequenceMoves<unknown>): Int32Array {
  const { removed, insertedBefore } = moves;
  const at = new Int32Array(insertedBefore.length);
  let r = 0;
  for (let j = 0; j < insertedBefore.length; j++) {
    while (r < removed.length && removed[r]! < insertedBefore[j]!) r++;
    at[j] = insertedBefore[j]! - r + j;
  }
  return at;
}

/**
 * `buckets` of an old sequence moved to the new one: each kept position mapped through
 * `movedTo` (kept items keep their relative order, so groups stay ascending), merged with the
 * positions `addedAt` of the `added` accounts holding the group's value. A value no account
 * holds any more goes; a value only added accounts hold gets a group.
 */
export function moveBuckets(
  buckets: FieldBuckets,
  movedTo: Int32Array,
  added: readonly Account[],
  addedAt: Int32Array,
  valueOf: (a: Account) => string | null,
): FieldBuckets {
  const values = added.map((a) => valueOf(a));
  // Numbers stay shared (never changed once made) unless a value arrives that had none.
  const codeOf = values.every((v) => v === null || buckets.codeOf.has(v)) ? (buckets.codeOf as Map<string, number>) : new Map(buckets.codeOf);
  const addedCodes = new Int32Array(added.length);
  codeValues(values, codeOf, addedCodes);
  const arrivalOffsets = groupOffsets(addedCodes, codeOf.size);
  const arrivals = new Int32Array(arrivalOffsets[codeOf.size]!);
  placeInGroups(addedCodes, addedAt, arrivalOffsets, arrivals);
  const offsets = new Int32Array(codeOf.size + 1);
  const out = new Int32Array(buckets.positions.length + arrivals.length);
  const length = mergeGroups(buckets.offsets, buckets.positions, movedTo, arrivalOffsets, arrivals, offsets, out);
  return withoutEmptyGroups(codeOf, offsets, length === out.length ? out : out.slice(0, length));
}

/**
 * Per group, the old positions through `movedTo` (removed ones dropped) merged with the
 * group's arrivals (both ascending) into `out`, from `offsets[code]`; groups past the old ones
 * hold arrivals only. Answers how many positions it wrote.
 */
function mergeGroups(
  oldOffsets: Int32Array,
  oldPositions: Int32Array,
  movedTo: Int32Array,
  arrivalOffsets: Int32Array,
  arrivals: Int32Array,
  offsets: Int32Array,
  out: Int32Array,
): number {
  const oldGroups = oldOffsets.length - 1;
  let o = 0;
  for (let c = 0; c < offsets.length - 1; c++) {
    offsets[c] = o;
    let a = arrivalOffsets[c]!;
    const arrivalsEnd = arrivalOffsets[c + 1]!;
    if (c < oldGroups) {
      for (let i = oldOffsets[c]!; i < oldOffsets[c + 1]!; i++) {
        const to = movedTo[oldPositions[i]!]!;
        if (to < 0) continue;
        while (a < arrivalsEnd && arrivals[a]! < to) out[o++] = arrivals[a++]!;
        out[o++] = to;
      }
    }
    while (a < arrivalsEnd) out[o++] = arrivals[a++]!;
  }
  offsets[offsets.length - 1] = o;
  return o;
}

/** The buckets, with the values whose group came out empty dropped and the others renumbered (their positions stay where they are). */
function withoutEmptyGroups(codeOf: Map<string, number>, offsets: Int32Array, positions: Int32Array): FieldBuckets {
  let empty = false;
  for (let c = 0; c < codeOf.size && !empty; c++) empty = offsets[c] === offsets[c + 1];
  if (!empty) return { codeOf, offsets, positions };
  const kept = new Map<string, number>();
  const keptOffsets: number[] = [];
  for (const [value, code] of codeOf) {
    if (offsets[code] === offsets[code + 1]) continue;
    kept.set(value, kept.size);
    keptOffsets.push(offsets[code]!);
  }
  keptOffsets.push(positions.length);
  return { codeOf: kept, offsets: Int32Array.from(keptOffsets), positions };
}
