/**
 * Shares repeated strings of a bulk read: every row of a whole-state read arrives with its
 * own copy of each string, so a million links hold two million copies of account ids that
 * the accounts already hold, a million copies of "INFLUENCES" and of a few thousand dates.
 * Pooling them is what keeps the read model of 200,000 accounts and a million links within
 * a gigabyte (docs/influence.md, "Memory"): a link's strings go from ~190 bytes to its own
 * id. One pool per read, dropped with it.
 *
 * `share` is for values that repeat across rows (ids referenced by other rows, codes,
 * dates); `sameAsLast` for values that repeat in runs but are mostly distinct (timestamps:
 * every row of one import has the same one), which it shares without a growing table.
 */
export class StringPool {
  private readonly seen = new Map<string, string>();
  private readonly last = new Map<string | number, string>();

  /** The pooled instance equal to `value`. */
  share<T extends string | null>(value: T): T {
    if (value === null) return value;
    const kept = this.seen.get(value);
    if (kept !== undefined) return kept as T;
    this.seen.set(value, value);
    return value;
  }

  /** The previous value of `field` when equal to `value`, else `value` (kept as the new previous). */
  sameAsLast<T extends string | null>(field: string | number, value: T): T {
    if (value === null) return value;
    const previous = this.last.get(field);
    if (previous === value) return previous as T;
    this.last.set(field, value);
    return value;
  }

  /** Shares the listed string fields of `row` in place (`runs` through sameAsLast), and returns it. */
  pooled<R extends object>(row: R, shared: readonly (keyof R & string)[], runs: readonly (keyof R & string)[] = []): R {
    const fields = row as Record<string, string | null>;
    for (const field of shared) fields[field] = this.share(fields[field]!);
    for (const field of runs) fields[field] = this.sameAsLast(field, fields[field]!);
    return row;
  }

  /** `pooled` for a row of values (a raw SQL row): shares the values at `shared`, those at `runs` through sameAsLast. */
  pooledAt<R extends unknown[]>(values: R, shared: readonly number[], runs: readonly number[] = []): R {
    for (const at of shared) values[at] = this.share(values[at] as string | null);
    for (const at of runs) values[at] = this.sameAsLast(at, values[at] as string | null);
    return values;
  }
}
