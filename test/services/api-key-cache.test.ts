/**
 * The in-memory set of active stored keys (src/services/api-key-cache.ts): it answers
 * without loading, applies local writes at once, never lets a reload that started
 * before a local write (or before a newer reload) put back an old set, reloads on a
 * timer and keeps the last set when a reload fails.
 */
import { afterEach, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/domain/api-keys.js";
import type { ActiveApiKey } from "../../src/ports/api-key-store.js";
import { ApiKeyCache } from "../../src/services/api-key-cache.js";

function key(secret: string, over: Partial<ActiveApiKey> = {}): ActiveApiKey {
  return { id: `key_${secret}`, role: "VIEWER", managerId: null, sha256: hashApiKey(secret), ...over };
}

/** A loader whose answers the test releases one by one, in any order. */
function controlledLoader() {
  const pending: { resolve: (keys: ActiveApiKey[]) => void; reject: (error: unknown) => void }[] = [];
  let calls = 0;
  const load = () => {
    calls++;
    return new Promise<ActiveApiKey[]>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { load, pending, calls: () => calls };
}

const waitFor = async (condition: () => boolean, timeoutMs = 2_000) => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe("ApiKeyCache", () => {
  let cache: ApiKeyCache | undefined;
  afterEach(() => cache?.stop());

  it("resolves loaded keys to their actor, and unknown keys to null without loading anything", async () => {
    let loads = 0;
    cache = new ApiKeyCache(async () => {
      loads++;
      return [key("alpha", { role: "MANAGER", managerId: "mgr_one" })];
    });
    await cache.refresh();
    expect(cache.resolve("alpha")).toEqual({ role: "MANAGER", managerId: "mgr_one", subject: "apikey:key_alpha" });
    for (let i = 0; i < 1_000; i++) expect(cache.resolve(`guess-${i}`)).toBeNull();
    expect(loads).toBe(1);
    expect(cache.size).toBe(1);
  });

  it("applies local creates and revokes at once", async () => {
    cache = new ApiKeyCache(async () => []);
    cache.noteCreated(key("beta"));
    expect(cache.resolve("beta")?.subject).toBe("apikey:key_beta");
    cache.noteRevoked(hashApiKey("beta"));
    expect(cache.resolve("beta")).toBeNull();
  });

  it("drops a reload that started before a local revoke, so the revoked key never comes back", async () => {
    const loader = controlledLoader();
    cache = new ApiKeyCache(loader.load);
    const initial = cache.refresh();
    loader.pending[0]!.resolve([key("gamma")]);
    await initial;

    const stale = cache.refresh(); // reads the set while gamma is still active…
    cache.noteRevoked(hashApiKey("gamma")); // …and the revoke commits before it returns
    loader.pending[1]!.resolve([key("gamma")]);
    await stale;
    expect(cache.resolve("gamma")).toBeNull();

    const fresh = cache.refresh(); // the reload the revoke scheduled applies
    loader.pending[2]!.resolve([key("delta")]);
    await fresh;
    expect(cache.resolve("delta")).not.toBeNull();
    expect(cache.resolve("gamma")).toBeNull();
  });

  it("drops a reload that finishes after a newer one", async () => {
    const loader = controlledLoader();
    cache = new ApiKeyCache(loader.load);
    const older = cache.refresh();
    const newer = cache.refresh();
    loader.pending[1]!.resolve([]); // the newer read: epsilon was revoked elsewhere
    await newer;
    loader.pending[0]!.resolve([key("epsilon")]);
    await older;
    expect(cache.resolve("epsilon")).toBeNull();
  });

  it("reloads on a timer, reports a failed reload and keeps the last set, and stops", async () => {
    let answer: ActiveApiKey[] | Error = [key("zeta")];
    let loads = 0;
    const errors: unknown[] = [];
    cache = new ApiKeyCache(async () => {
      loads++;
      if (answer instanceof Error) throw answer;
      return answer;
    });
    await cache.start(20, (error) => errors.push(error));
    expect(cache.resolve("zeta")).not.toBeNull();

    answer = new Error("store down");
    await waitFor(() => errors.length > 0);
    expect(cache.resolve("zeta")).not.toBeNull();

    answer = [key("eta")];
    await waitFor(() => cache!.resolve("eta") !== null);
    expect(cache.resolve("zeta")).toBeNull();

    cache.stop();
    const stoppedAt = loads;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(loads).toBe(stoppedAt);
  });
});
