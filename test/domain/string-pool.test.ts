/**
 * StringPool changes which heap object holds a string, which JavaScript cannot observe
 * (strings compare by value): its memory effect is measured by the influence bench (peak
 * RSS). These tests pin what callers rely on: every value and null comes back unchanged,
 * and different values are never conflated, whatever the order they arrive in.
 */
import { describe, expect, it } from "vitest";
import { StringPool } from "../../src/domain/string-pool.js";
import { mulberry32 } from "../../src/domain/prng.js";

/** A string equal to `text` built afresh, as a database driver hands one out per row. */
const fresh = (text: string) => [...text].join("");

describe("StringPool", () => {
  it("returns rows with the same values, nulls and other fields untouched", () => {
    const pool = new StringPool();
    const rng = mulberry32(3);
    const values = ["acc_1", "acc_2", "acc_10", "2026-01-01", "", "PEER"];
    for (let k = 0; k < 500; k++) {
      const expected = { fromId: values[Math.floor(rng() * values.length)]!, kind: rng() < 0.3 ? null : values[k % values.length]!, strength: rng() };
      const row = pool.pooled({ ...expected, fromId: fresh(expected.fromId), kind: expected.kind === null ? null : fresh(expected.kind) }, [
        "fromId",
        "kind",
      ]);
      expect(row).toEqual(expected);
    }
  });

  it("pools a row of values at the positions asked, leaving the others and nulls alone", () => {
    const pool = new StringPool();
    const rng = mulberry32(5);
    const values = ["acc_1", "acc_2", "PEER", "2026-01-01", ""];
    const stamps = ["2026-12-07T08:00:00.000Z", "2026-12-07T09:00:00.000Z"];
    for (let k = 0; k < 500; k++) {
      const pick = () => (rng() < 0.2 ? null : values[Math.floor(rng() * values.length)]!);
      const expected = [`id_${k}`, pick(), pick(), rng(), stamps[Math.floor(rng() * 2)]!];
      const row = expected.map((v) => (typeof v === "string" ? fresh(v) : v));
      expect(pool.pooledAt(row, [1, 2], [4])).toEqual(expected);
    }
  });

  it("gives a run field the previous row's value only when equal", () => {
    const pool = new StringPool();
    const stamps = ["2026-12-07T08:00:00.000Z", "2026-12-07T08:00:00.000Z", "2026-12-07T09:00:00.000Z", "2026-12-07T08:00:00.000Z"];
    expect(stamps.map((stamp) => pool.sameAsLast("createdAt", fresh(stamp)))).toEqual(stamps);
    expect(pool.sameAsLast("updatedAt", null)).toBeNull();
  });
});
