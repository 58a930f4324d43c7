/**
 * Every GraphQL example in README.md runs without errors against the sample dataset,
 * so the README stays true as the schema changes.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readmeExamples } from "../../scripts/web/readme-examples.js";
import { startSampleApi } from "../support/api-server.js";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const EXAMPLES = readmeExamples(README).map((example) => example.query);

describe("README examples", () => {
  let api: Awaited<ReturnType<typeof startSampleApi>>;
  beforeAll(async () => {
    api = await startSampleApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it("has examples to run", () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(10);
  });

  it.each(EXAMPLES.map((query, i) => ({ i, query, title: query.split("\n")[0]!.slice(0, 60) })))("example $i runs: $title", async ({ query }) => {
    const response = await api.gql(query);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    expect(response.data).toBeTruthy();
  });
});
