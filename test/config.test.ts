import { describe, expect, it } from "vitest";
import { readConfig } from "../src/config.js";

describe("readConfig", () => {
  it("defaults to the embedded store on port 4000 and leaves the strategy refresh to the services", () => {
    const config = readConfig({});
    expect(config).toMatchObject({ port: 4000, store: { kind: "sqlite", path: "./data/accountgraph.db" }, seedOnEmpty: true });
    expect(config.activityRefreshMs).toBeUndefined();
  });

  it("reads STRATEGY_ACTIVITY_REFRESH_S in seconds", () => {
    expect(readConfig({ STRATEGY_ACTIVITY_REFRESH_S: "300" }).activityRefreshMs).toBe(300_000);
    expect(readConfig({ STRATEGY_ACTIVITY_REFRESH_S: "0" }).activityRefreshMs).toBe(0);
  });

  it.each(["", "-1", "soon", "NaN"])("refuses STRATEGY_ACTIVITY_REFRESH_S=%j, naming the variable", (value) => {
    expect(() => readConfig({ STRATEGY_ACTIVITY_REFRESH_S: value })).toThrow(/STRATEGY_ACTIVITY_REFRESH_S/);
  });

  it("refuses a bad PORT", () => {
    expect(() => readConfig({ PORT: "70000" })).toThrow(/PORT/);
  });
});
