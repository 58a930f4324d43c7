import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/domain/errors.js";
import { buildInfluenceNetwork, indexNodes, reverseNetwork } from "../../src/strategy/influence-network.js";
import { addDays, dayNumber, daysBetween, isInWindow } from "../../src/strategy/dates.js";
import { NODE_STATUS } from "../../src/strategy/inputs.js";

const parts = () => ({
  ids: ["a", "b", "c"],
  offsets: Int32Array.from([0, 2, 3, 3]),
  targets: Int32Array.from([1, 2, 2]),
  strengths: Float64Array.from([1, 0.5, 0.2]),
  status: ["CUSTOMER", "PROSPECT", "CHURNED"] as const,
  revenue: Float64Array.from([10, 0, 0]),
  potential: Float64Array.from([0, 5, 1]),
});

describe("buildInfluenceNetwork", () => {
  it("turns strengths into cascade probabilities and statuses into codes", () => {
    const network = buildInfluenceNetwork({ ...parts(), status: [...parts().status] });
    expect([...network.probabilities]).toEqual([0.1, 0.05, 0.020000000000000004]);
    expect([...network.status]).toEqual([NODE_STATUS.CUSTOMER, NODE_STATUS.PROSPECT, NODE_STATUS.CHURNED]);
    expect(indexNodes(network).get("c")).toBe(2);
    const scaled = buildInfluenceNetwork({ ...parts(), status: [...parts().status], activationScale: 1 });
    expect([...scaled.probabilities]).toEqual([1, 0.5, 0.2]);
  });

  it("rejects misaligned arrays naming the field", () => {
    const bad = (override: object, field: string) =>
      expect(() => buildInfluenceNetwork({ ...parts(), status: [...parts().status], ...override })).toThrow(
        expect.objectContaining({ field, code: "BAD_USER_INPUT" }),
      );
    bad({ offsets: Int32Array.from([0, 2, 3]) }, "network.offsets");
    bad({ targets: Int32Array.from([1, 2, 7]) }, "network.targets");
    bad({ strengths: Float64Array.from([1, 2]) }, "network.probabilities");
    bad({ potential: new Float64Array(2) }, "network.potential");
    expect(() => buildInfluenceNetwork({ ...parts(), status: [...parts().status], activationScale: 2 })).toThrow(ValidationError);
  });

  it("reverses the links, keeping each link's index", () => {
    const network = buildInfluenceNetwork({ ...parts(), status: [...parts().status] });
    const reverse = reverseNetwork(network);
    const into = (v: number) => Array.from(reverse.sources.subarray(reverse.offsets[v]!, reverse.offsets[v + 1]!));
    expect(into(0)).toEqual([]);
    expect(into(1)).toEqual([0]);
    expect(into(2)).toEqual([0, 1]);
    expect(Array.from(reverse.edges.subarray(reverse.offsets[2]!, reverse.offsets[3]!))).toEqual([1, 2]);
  });
});

describe("dates", () => {
  it("counts days like the calendar, across leap years", () => {
    for (const date of ["1970-01-01", "2000-02-29", "2024-03-01", "1999-12-31", "2100-03-01"]) {
      expect(dayNumber(date)).toBe(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
    }
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(addDays("2024-02-28", 2)).toBe("2024-03-01");
    expect(addDays("2025-01-01", -1)).toBe("2024-12-31");
  });

  it("treats a window as the days ending on asOf, inclusive", () => {
    const asOf = dayNumber("2025-06-30");
    expect(isInWindow("2025-06-30", asOf, 90)).toBe(true);
    expect(isInWindow("2025-04-02", asOf, 90)).toBe(true);
    expect(isInWindow("2025-04-01", asOf, 90)).toBe(false);
    expect(isInWindow("2025-07-01", asOf, 90)).toBe(false);
  });
});
