import { describe, expect, it } from "vitest";
import { minimizeNelderMead } from "../../src/strategy/nelder-mead.js";

describe("Nelder–Mead", () => {
  it("finds the minimum of a shifted quadratic and of Rosenbrock's valley", () => {
    const quadratic = minimizeNelderMead(([x, y]) => (x! - 3) ** 2 + 2 * (y! + 1) ** 2, [0, 0]);
    expect(quadratic.point[0]).toBeCloseTo(3, 3);
    expect(quadratic.point[1]).toBeCloseTo(-1, 3);
    const rosenbrock = minimizeNelderMead(([x, y]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2, [-1.2, 1], {
      maxIterations: 2000,
      valueTolerance: 1e-12,
    });
    expect(rosenbrock.point[0]).toBeCloseTo(1, 2);
    expect(rosenbrock.point[1]).toBeCloseTo(1, 2);
  });

  it("works in one dimension", () => {
    const m = minimizeNelderMead(([x]) => Math.cosh(x! - 0.5), [4]);
    expect(m.point[0]).toBeCloseTo(0.5, 3);
    expect(m.value).toBeCloseTo(1, 6);
  });
});
