import { describe, expect, it } from "vitest";
import { findShortestReferralPath, findStrongestReferralPath } from "../../src/analytics/metrics/referral-paths.js";
import { link, membership, projectionFrom } from "./graph-fixtures.js";

describe("referral paths", () => {
  it("maximises the product of strengths, while shortest minimises hops", async () => {
    const projection = await projectionFrom([link("a", "d", 0.2), link("a", "b", 0.9), link("b", "d", 0.9)]);
    const strongest = findStrongestReferralPath(projection, "a", "d")!;
    expect(strongest.accountIds).toEqual(["a", "b", "d"]);
    expect(strongest.strength).toBeCloseTo(0.81, 12);
    const shortest = findShortestReferralPath(projection, "a", "d")!;
    expect(shortest).toMatchObject({ accountIds: ["a", "d"], hops: 1, strength: 0.2 });
  });

  it("prefers the shorter of two equally strong chains of full-strength referrals", async () => {
    const projection = await projectionFrom([
      link("a", "b", 1, "REFERRED"),
      link("b", "c", 1, "REFERRED"),
      link("c", "d", 1, "REFERRED"),
      link("a", "d", 1, "REFERRED"),
    ]);
    expect(findStrongestReferralPath(projection, "a", "d")).toMatchObject({ accountIds: ["a", "d"], strength: 1 });
  });

  it("names the link used at each step, the strongest of parallel links, REFERRED on a tie", async () => {
    const projection = await projectionFrom([
      link("a", "b", 1, "INFLUENCES", "inf-ab"),
      link("a", "b", 1, "REFERRED", "ref-ab"),
      link("b", "c", 0.3, "REFERRED", "ref-bc"),
      link("b", "c", 0.6, "INFLUENCES", "inf-bc"),
    ]);
    const path = findStrongestReferralPath(projection, "a", "c")!;
    expect(path.steps).toEqual([
      { fromId: "a", toId: "b", linkId: "ref-ab", type: "REFERRED", strength: 1 },
      { fromId: "b", toId: "c", linkId: "inf-bc", type: "INFLUENCES", strength: 0.6 },
    ]);
    expect(path.strength).toBeCloseTo(0.6, 12);
  });

  it("returns null when only a membership tie or a zero-strength link connects the accounts, or nothing does", async () => {
    const projection = await projectionFrom([link("x", "y", 0), link("y", "x", 1)], {
      memberships: [membership("x", "club", "LEADER"), membership("y", "club")],
    });
    expect(findStrongestReferralPath(projection, "x", "y")).toBeNull();
    expect(findShortestReferralPath(projection, "x", "y")).toBeNull();
    expect(findStrongestReferralPath(projection, "y", "x")).toMatchObject({ hops: 1 });
  });

  it("gives the empty path from an account to itself and NOT_FOUND for unknown accounts", async () => {
    const projection = await projectionFrom([link("a", "b")]);
    expect(findStrongestReferralPath(projection, "a", "a")).toEqual({ accountIds: ["a"], steps: [], strength: 1, hops: 0 });
    expect(findShortestReferralPath(projection, "a", "a")).toEqual({ accountIds: ["a"], steps: [], strength: 1, hops: 0 });
    expect(() => findStrongestReferralPath(projection, "a", "ghost")).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => findShortestReferralPath(projection, "ghost", "a")).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });
});
