import { describe, expect, it } from "vitest";
import { readConfig } from "../src/config.js";

describe("readConfig", () => {
  it("defaults to the embedded store on port 4000 and leaves the feed poll interval to the services", () => {
    const config = readConfig({});
    expect(config).toMatchObject({ port: 4000, store: { kind: "sqlite", path: "./data/accountgraph.db" }, seedOnEmpty: true });
    expect(config.feedPollMs).toBeUndefined();
  });

  it("reads FEED_POLL_MS in milliseconds", () => {
    expect(readConfig({ FEED_POLL_MS: "1000" }).feedPollMs).toBe(1_000);
    expect(readConfig({ FEED_POLL_MS: "10" }).feedPollMs).toBe(10);
  });

  it.each(["", "-1", "soon", "NaN", "0", "5", "1.5", "600000"])("refuses FEED_POLL_MS=%j, naming the variable", (value) => {
    expect(() => readConfig({ FEED_POLL_MS: value })).toThrow(/FEED_POLL_MS/);
  });

  it("counts store queries only when BENCH_COUNTERS says so", () => {
    expect(readConfig({}).benchCounters).toBe(false);
    expect(readConfig({ BENCH_COUNTERS: "1" }).benchCounters).toBe(true);
    expect(() => readConfig({ BENCH_COUNTERS: "maybe" })).toThrow(/BENCH_COUNTERS/);
  });

  it("refuses a bad PORT", () => {
    expect(() => readConfig({ PORT: "70000" })).toThrow(/PORT/);
  });
});
