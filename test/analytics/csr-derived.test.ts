/**
 * Structures derived from a CSR revision are handed to the patched revision once, with the
 * changes between the two (csr-derived.ts): the metric that needs one may update it instead
 * of deriving it again, and no old revision's structure stays reachable after it is taken.
 */
import { describe, expect, it } from "vitest";
import type { ArcChanges, Csr } from "../../src/analytics/csr.js";
import { derivedStructure, handOnDerived, type Inherited } from "../../src/analytics/csr-derived.js";

/** Stand-ins for CSR revisions: only their identity matters here. */
const revision = (name: string) => ({ name }) as unknown as Csr;
const changes = (from: number, to: number): ArcChanges => ({
  count: 1,
  from: Int32Array.of(from),
  to: Int32Array.of(to),
  weight: Float64Array.of(1),
});

describe("derived structures across CSR patches", () => {
  it("makes a structure once per revision and key", () => {
    const csr = revision("r0");
    let made = 0;
    const make = () => ({ made: ++made });
    expect(derivedStructure(csr, "k", make)).toBe(derivedStructure(csr, "k", make));
    expect(derivedStructure(csr, "other", make)).toEqual({ made: 2 });
  });

  it("hands a structure to the patched revision with the changes, once", () => {
    const r0 = revision("r0");
    const r1 = revision("r1");
    const seen: (Inherited<string> | null)[] = [];
    derivedStructure(r0, "k", () => "from r0");
    const delta = changes(1, 2);
    handOnDerived(r0, r1, delta);
    expect(derivedStructure<string>(r1, "k", (inherited) => (seen.push(inherited), "from r1"))).toBe("from r1");
    expect(seen).toEqual([{ structure: "from r0", changes: [delta] }]);
    // The previous revision gave its structures away; a later user of it derives afresh.
    expect(derivedStructure<string>(r0, "k", (inherited) => (seen.push(inherited), "again"))).toBe("again");
    expect(seen[1]).toBeNull();
  });

  it("hands on the changes of consecutive patches together when nothing was derived in between", () => {
    const [r0, r1, r2] = [revision("r0"), revision("r1"), revision("r2")];
    derivedStructure(r0, "k", () => "from r0");
    const first = changes(1, 2);
    const second = changes(3, 4);
    handOnDerived(r0, r1, first);
    handOnDerived(r1, r2, second);
    let inherited: Inherited<string> | null = null;
    derivedStructure<string>(r2, "k", (given) => ((inherited = given), "from r2"));
    expect(inherited).toEqual({ structure: "from r0", changes: [first, second] });
  });

  it("hands on nothing from a revision nothing was derived from", () => {
    const [r0, r1] = [revision("r0"), revision("r1")];
    handOnDerived(r0, r1, changes(0, 1));
    let inherited: Inherited<string> | null | undefined;
    derivedStructure<string>(r1, "k", (given) => ((inherited = given), "fresh"));
    expect(inherited).toBeNull();
  });
});
