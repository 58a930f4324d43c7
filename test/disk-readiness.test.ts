/**
 * The store disk's readiness logs each change of state once, even while the free space in
 * its message moves (a busy disk changes it between probes).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDiskReadiness } from "../src/disk-readiness.js";

describe("createDiskReadiness", () => {
  const dir = mkdtempSync(join(tmpdir(), "accountgraph-disk-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("warns once for a full disk whose free space keeps changing, and throws the current reason each probe", async () => {
    const warnings: unknown[] = [];
    const probe = createDiskReadiness(join(dir, "store.db"), { warn: (fields: unknown) => warnings.push(fields), info: () => {} }, 2 ** 60);
    const reasons: string[] = [];
    for (let i = 0; i < 4; i++) {
      writeFileSync(join(dir, `fill-${i}`), Buffer.alloc(8 * 1024 * 1024, 1)); // moves the free MiB
      reasons.push(
        await probe().then(
          () => "ready",
          (error: Error) => error.message,
        ),
      );
    }
    for (const reason of reasons) expect(reason).toMatch(/MiB free on the store's file system/);
    expect(warnings).toHaveLength(1);
  });
});
