import { describe, expect, it } from "vitest";
import { VersionProbe } from "../../src/services/version-probe.js";

/** A version source whose reads stay pending until released, counting how many were issued. */
function controlledSource() {
  const pending: ((version: number) => void)[] = [];
  return {
    reads: () => pending.length,
    read: () => new Promise<number>((resolve) => pending.push(resolve)),
    release: (index: number, version: number) => pending[index]!(version),
  };
}

/** One turn of the event loop: a read queued behind a settled one is issued by then. */
const turn = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("VersionProbe", () => {
  it("shares a read in flight with callers that arrived before it was issued", async () => {
    const source = controlledSource();
    const probe = new VersionProbe(source.read);
    const arrived = performance.now();
    const first = probe.read(arrived);
    const second = probe.read(arrived);
    expect(source.reads()).toBe(1);
    source.release(0, 7);
    expect(await Promise.all([first, second])).toEqual([7, 7]);
  });

  it("does not give a caller a read issued before its request arrived: it waits and shares the next one", async () => {
    const source = controlledSource();
    const probe = new VersionProbe(source.read);
    const early = probe.read(performance.now());
    await sleep(5);
    const arrived = performance.now();
    const late = [probe.read(arrived), probe.read(arrived), probe.read(performance.now())];
    // No second read beside the one in flight...
    expect(source.reads()).toBe(1);
    source.release(0, 1);
    expect(await early).toBe(1);
    // ...but one fresh read, issued once the old one settled, for everyone who queued.
    await turn();
    expect(source.reads()).toBe(2);
    source.release(1, 2);
    expect(await Promise.all(late)).toEqual([2, 2, 2]);
  });

  it("lets later batches of a request reuse a read issued after the request arrived, also once answered", async () => {
    const source = controlledSource();
    const probe = new VersionProbe(source.read);
    const arrived = performance.now();
    const first = probe.read(arrived);
    source.release(0, 5);
    expect(await first).toBe(5);
    expect(await probe.read(arrived)).toBe(5);
    expect(source.reads()).toBe(1);
    // A request arriving after that read was issued needs its own.
    await sleep(2);
    const later = probe.read(performance.now());
    expect(source.reads()).toBe(2);
    source.release(1, 6);
    expect(await later).toBe(6);
  });

  it("does not share a read issued before this process's last write completed", async () => {
    const source = controlledSource();
    const probe = new VersionProbe(source.read);
    const arrived = performance.now();
    const before = probe.read(arrived);
    probe.noteWrite();
    const after = probe.read(arrived);
    expect(source.reads()).toBe(1);
    source.release(0, 3);
    expect(await before).toBe(3);
    await turn();
    expect(source.reads()).toBe(2);
    source.release(1, 4);
    expect(await after).toBe(4);
    // Answered, but issued before the next write: not reused either.
    probe.noteWrite();
    const afterSecondWrite = probe.read(arrived);
    expect(source.reads()).toBe(3);
    source.release(2, 5);
    expect(await afterSecondWrite).toBe(5);
  });

  it("reads afresh once the shared read has finished, and passes failures to every caller", async () => {
    let calls = 0;
    const probe = new VersionProbe(async () => {
      calls++;
      if (calls === 1) throw new Error("store down");
      return 9;
    });
    const arrived = performance.now();
    const failing = [probe.read(arrived), probe.read(arrived)];
    await expect(failing[0]).rejects.toThrow("store down");
    await expect(failing[1]).rejects.toThrow("store down");
    expect(await probe.read(arrived)).toBe(9);
    expect(calls).toBe(2);
  });

  it("gives up on a read that never answers after its time limit, with STORE_UNAVAILABLE, and reads afresh next time", async () => {
    let calls = 0;
    const probe = new VersionProbe(() => {
      calls++;
      return calls === 1 ? new Promise<number>(() => undefined) : Promise.resolve(3);
    }, 20);
    const arrived = performance.now();
    const waiting = [probe.read(arrived), probe.read(arrived)];
    for (const read of waiting) await expect(read).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    expect(await probe.read(performance.now())).toBe(3);
    expect(calls).toBe(2);
  });
});
