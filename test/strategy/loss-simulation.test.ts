import { describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/domain/errors.js";
import { simulateLoss } from "../../src/strategy/loss-simulation.js";
import { makeNetwork } from "./fixtures.js";

/** Chain n0 -> n1 -> n2 -> n3 with influence 0.8; n3 is a prospect. Club = n0..n2, guild = n1, n3. */
function chain() {
  const revenue = [100, 1000, 500, 0];
  return makeNetwork(
    4,
    [
      [0, 1, 0.8],
      [1, 2, 0.8],
      [2, 3, 0.8],
    ],
    (i) => ({ status: i === 3 ? "PROSPECT" : "CUSTOMER", revenue: revenue[i]!, potential: i === 3 ? 300 : 0 }),
    {
      ids: ["club", "guild"],
      members: [
        [0, 1, 2],
        [1, 3],
      ],
    },
  );
}

describe("simulateLoss", () => {
  it("puts the direct revenue and the expected contagion along a chain at risk", () => {
    const result = simulateLoss(chain(), { accountId: "n0", simulations: 20_000, seed: 3 });
    // Each link passes the departure on with 0.8 x 0.5 = 0.4.
    const exact = 0.4 * 1000 + 0.16 * 500;
    expect(result.directRevenueAtRisk).toBe(100);
    expect(Math.abs(result.networkRevenueAtRisk - exact)).toBeLessThan(4 * result.networkRevenueStandardError);
    expect(result.totalRevenueAtRisk).toBeCloseTo(100 + result.networkRevenueAtRisk);
    expect(result.prospectPotentialAtRisk).toBeCloseTo(0.064 * 300, 0);
    expect(result.exposedAccounts.map((a) => a.accountId)).toEqual(["n1", "n2"]);
    expect(result.exposedAccounts[0]!.churnProbability).toBeCloseTo(0.4, 1);
  });

  it("follows the documented contagion scale", () => {
    const full = simulateLoss(chain(), { accountId: "n0", simulations: 20_000, seed: 3, contagionScale: 1 });
    expect(Math.abs(full.networkRevenueAtRisk - (0.8 * 1000 + 0.64 * 500))).toBeLessThan(4 * full.networkRevenueStandardError);
    const none = simulateLoss(chain(), { accountId: "n0", simulations: 500, seed: 3, contagionScale: 0 });
    expect(none.networkRevenueAtRisk).toBe(0);
    expect(none.networkRevenueStandardError).toBe(0);
  });

  it("is deterministic for a seed", () => {
    expect(simulateLoss(chain(), { accountId: "n1", seed: 8 })).toEqual(simulateLoss(chain(), { accountId: "n1", seed: 8 }));
  });

  it("finds the communities a keystone would split", () => {
    const middle = simulateLoss(chain(), { accountId: "n1", simulations: 100 });
    expect(middle.keystone).toBe(true);
    expect(middle.networkPiecesAfter).toBe(2);
    expect(middle.splitCommunities).toEqual([{ communityId: "club", members: 3, piecesBefore: 1, piecesAfter: 2, strandedMembers: 1 }]);
    const end = simulateLoss(chain(), { accountId: "n0", simulations: 100 });
    expect(end.keystone).toBe(false);
    expect(end.splitCommunities).toEqual([]);
    expect(end.networkPiecesAfter).toBe(1);
  });

  it("names an unknown account", () => {
    expect(() => simulateLoss(chain(), { accountId: "zzz" })).toThrow(NotFoundError);
  });
});
