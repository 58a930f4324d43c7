import { describe, expect, it } from "vitest";
import { ActivityGate } from "../../src/services/activity-gate.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Work that stays pending until `finish()`, which logs `label` to `events` and settles it. */
function heldWork(events: string[], label: string) {
  let finish!: () => void;
  const work = () =>
    new Promise<void>((resolve) => {
      finish = () => {
        events.push(label);
        resolve();
      };
    });
  return { work, finish: () => finish() };
}

describe("ActivityGate", () => {
  it("runs a quiet read only after the writes in flight have finished", async () => {
    const gate = new ActivityGate();
    const events: string[] = [];
    const held = heldWork(events, "write done");
    const write = gate.write(held.work);
    const read = gate.quiet(async () => events.push("read"), 1_000);
    await tick();
    expect(events).toEqual([]);
    held.finish();
    await Promise.all([write, read]);
    expect(events).toEqual(["write done", "read"]);
  });

  it("holds writes that arrive during a quiet read until it is done", async () => {
    const gate = new ActivityGate();
    const events: string[] = [];
    const held = heldWork(events, "read done");
    const read = gate.quiet(held.work, 1_000);
    const write = gate.write(async () => events.push("write"));
    await tick();
    expect(events).toEqual([]);
    held.finish();
    await Promise.all([read, write]);
    expect(events).toEqual(["read done", "write"]);
  });

  it("gives up on writes that do not finish in time, without running the read, and lets new writes through", async () => {
    const gate = new ActivityGate();
    let readRan = false;
    const stuck = gate.write(() => new Promise<void>(() => undefined));
    expect(
      await gate.quiet(async () => {
        readRan = true;
      }, 20),
    ).toBeNull();
    expect(readRan).toBe(false);
    expect(await gate.write(async () => "through")).toBe("through");
    void stuck;
  });

  it("passes a write's failure to its caller and still counts it as finished", async () => {
    const gate = new ActivityGate();
    await expect(gate.write(async () => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    expect(await gate.quiet(async () => "read", 1_000)).toBe("read");
  });
});
