/**
 * An acknowledged write survives a hard kill of the server (SIGKILL, no shutdown
 * hook) and is there when the server starts again on the same store.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../support/server-process.js";
import { STORE_FACTORIES } from "../support/store-factories.js";

describe.each(STORE_FACTORIES)("durability on $name", (factory) => {
  const running: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop()));
  });

  it("keeps an acknowledged write after SIGKILL and restart", async () => {
    const opened = await factory.make();
    await opened.store.close(); // the server process opens the store itself
    try {
      const first = await startServerProcess({ ...opened.env, SEED_ON_EMPTY: "false" });
      running.push(first);
      const created = await first.gql(`mutation { createAccount(input: { name: "Survivor Ltd", annualRevenue: "42.42" }) { id } }`);
      expect(created.errors).toBeUndefined();
      const id = created.data.createAccount.id as string;
      await first.kill();

      const second = await startServerProcess({ ...opened.env, SEED_ON_EMPTY: "false" });
      running.push(second);
      const read = await second.gql(`query($id: ID!) { account(id: $id) { name annualRevenue } }`, { id });
      expect(read.data?.account).toEqual({ name: "Survivor Ltd", annualRevenue: "42.42" });
      await second.stop();
    } finally {
      await opened.cleanup().catch(() => undefined);
    }
  });
});
