import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { printAccountGraphSchema } from "../../src/api/build-schema.js";

describe("schema/schema.graphql", () => {
  it("matches the schema the code builds (run `npm run schema:emit` after changing types)", async () => {
    const committed = readFileSync(new URL("../../schema/schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(await printAccountGraphSchema());
  });
});
