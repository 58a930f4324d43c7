import { describe, expect, it } from "vitest";
import type { GraphPatch } from "../../../src/analytics/projection.js";
import { WriteLog } from "../../../src/analytics/engine/write-log.js";

const remove = (id: string): GraphPatch[] => [{ op: "REMOVE_EDGE", id }];

describe("WriteLog", () => {
  it("replays a contiguous chain of known writes in order", () => {
    const log = new WriteLog();
    log.record({ fromVersion: 3, toVersion: 4, patches: remove("a") });
    log.record({ fromVersion: 4, toVersion: 5, patches: remove("b") });
    expect(log.chain(3, 5)).toEqual([...remove("a"), ...remove("b")]);
    expect(log.chain(4, 5)).toEqual(remove("b"));
    expect(log.chain(5, 5)).toEqual([]);
  });

  it("refuses a chain with an unknown write in it", () => {
    const log = new WriteLog();
    log.record({ fromVersion: 3, toVersion: 4, patches: remove("a") });
    log.record({ fromVersion: 5, toVersion: 6, patches: remove("c") });
    expect(log.chain(3, 6)).toBeNull();
    // A write that moved the version by more than one had company: it is never replayed.
    log.record({ fromVersion: 4, toVersion: 6, patches: remove("b") });
    expect(log.chain(3, 6)).toBeNull();
    expect(log.chain(6, 3)).toBeNull();
  });

  it("forgets old writes and bounds its size", () => {
    const log = new WriteLog(2);
    for (let v = 0; v < 5; v++) log.record({ fromVersion: v, toVersion: v + 1, patches: remove(`l${v}`) });
    expect(log.chain(3, 5)).toEqual([...remove("l3"), ...remove("l4")]);
    expect(log.chain(2, 5)).toBeNull();
    log.forgetBefore(4);
    expect(log.chain(3, 5)).toBeNull();
  });
});
