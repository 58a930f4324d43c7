import { describe, expect, it } from "vitest";
import { readThrough, VersionedCache } from "../../src/services/versioned-read-cache.js";

describe("VersionedCache", () => {
  it("answers only for the version an entry was stored at", () => {
    const cache = new VersionedCache<string>(10);
    cache.set(3, "a", "A3");
    expect(cache.get(3, "a")).toBe("A3");
    expect(cache.get(4, "a")).toBeUndefined();
    expect(cache.get(2, "a")).toBeUndefined();
  });

  it("drops every entry when a store at another version arrives, so versions never mix", () => {
    const cache = new VersionedCache<string>(10);
    cache.set(3, "a", "A3");
    cache.set(4, "b", "B4");
    expect(cache.get(4, "a")).toBeUndefined();
    expect(cache.get(3, "a")).toBeUndefined();
    expect(cache.get(4, "b")).toBe("B4");
    expect(cache.size).toBe(1);
  });

  it("stays within maxEntries by starting over", () => {
    const cache = new VersionedCache<number>(3);
    for (let i = 0; i < 7; i++) cache.set(1, `k${i}`, i);
    expect(cache.size).toBeLessThanOrEqual(3);
    expect(cache.get(1, "k6")).toBe(6);
  });
});

describe("readThrough", () => {
  it("loads only the misses, in order, and caches found values frozen (not nulls)", async () => {
    const cache = new VersionedCache<{ id: string }>(10);
    cache.set(5, "a", { id: "a" });
    const asked: string[][] = [];
    const values = await readThrough(cache, async () => 5, ["a", "b", "x", "c"], async (missing) => {
      asked.push(missing);
      return missing.map((id) => (id === "x" ? null : { id }));
    });
    expect(values).toEqual([{ id: "a" }, { id: "b" }, null, { id: "c" }]);
    expect(asked).toEqual([["b", "x", "c"]]);
    expect(Object.isFrozen(cache.get(5, "b"))).toBe(true);
    expect(cache.get(5, "x")).toBeUndefined();
  });

  it("reads everything again after the version moved", async () => {
    const cache = new VersionedCache<string>(10);
    let version = 1;
    let loads = 0;
    const load = async (missing: string[]) => {
      loads++;
      return missing.map((id) => `${id}@${version}`);
    };
    expect(await readThrough(cache, async () => version, ["a"], load)).toEqual(["a@1"]);
    expect(await readThrough(cache, async () => version, ["a"], load)).toEqual(["a@1"]);
    version = 2;
    expect(await readThrough(cache, async () => version, ["a"], load)).toEqual(["a@2"]);
    expect(loads).toBe(2);
  });
});
