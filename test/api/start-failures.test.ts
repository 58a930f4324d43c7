/**
 * What an operator sees when `npm start` cannot start: one line on stderr saying what to
 * change (no stack trace) and a non-zero exit code — for a store folder that cannot be
 * created or written, and for a port another server already holds (naming PORT).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runServerProcessToExit, startServerProcess, type ExitedProcess, type ServerProcess } from "../support/server-process.js";

const dir = mkdtempSync(join(tmpdir(), "accountgraph-start-fail-"));

function expectOneClearLine(exited: ExitedProcess, mentions: RegExp[]): void {
  expect(exited.code, exited.stderr).not.toBe(0);
  const lines = exited.stderr.trim().split("\n");
  expect(lines, exited.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^accountgraph: /);
  for (const mention of mentions) expect(lines[0]).toMatch(mention);
  expect(exited.stderr).not.toMatch(/^\s+at /m);
}

describe("start-up failures", () => {
  let first: ServerProcess | undefined;
  afterAll(async () => {
    await first?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a store folder that is a file: one line naming SQLITE_PATH", async () => {
    const file = join(dir, "not-a-folder");
    writeFileSync(file, "");
    expectOneClearLine(await runServerProcessToExit({ SQLITE_PATH: join(file, "store.db") }), [/SQLITE_PATH/, /not-a-folder/]);
  });

  it("a store folder on a file system that refuses new files (/sys): one line naming SQLITE_PATH", async () => {
    expectOneClearLine(await runServerProcessToExit({ SQLITE_PATH: "/sys/accountgraph-test.db" }), [/SQLITE_PATH/, /read-only|writable/]);
  });

  it("a second server on a busy port: one line naming the port and PORT", async () => {
    first = await startServerProcess({ SQLITE_PATH: join(dir, "first.db") });
    const port = new URL(first.url).port;
    const second = await runServerProcessToExit({ SQLITE_PATH: join(dir, "second.db"), PORT: port });
    expectOneClearLine(second, [/already in use/, new RegExp(`port ${port}\\b`), /PORT=/]);
    expect(second.stderr).not.toMatch(/EADDRINUSE.*\n.*at /);
  });
});
