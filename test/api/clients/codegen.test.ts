/**
 * GraphQL Code Generator's client preset on schema/schema.graphql and every README
 * operation, then `tsc --strict` (the TypeScript compiler API) on the generated code and
 * on a small program that uses it with graphql-request. The 7.4 CLI's dependencies ask
 * for Node >= 22.15, so the test drives what the CLI drives: the client preset's
 * `buildGeneratesSection` and `@graphql-codegen/core`'s `codegen` for each output file.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { codegen } from "@graphql-codegen/core";
import { preset } from "@graphql-codegen/client-preset";
import { parse, printSchema } from "graphql";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { committedSchema, readmeOperations } from "../../support/graphql-clients.js";

const ROOT = new URL("../../../", import.meta.url).pathname;
const OUT = join(ROOT, ".cache", "codegen-test");

/** Uses the generated documents and types the way an application would; wrong types fail to compile. */
const CONSUMER = `
import { request } from "graphql-request";
import {
  AccountNetworkDocument,
  BiggestDocument,
  CreateInitechDocument,
  RefetchDocument,
  type AccountNetworkQuery,
  type TopHubsQuery,
} from "./gql/graphql";

export async function use(url: string): Promise<string[]> {
  const biggest = await request(url, BiggestDocument, { after: null });
  const names: string[] = biggest.accounts?.edges.map((edge) => edge.node.name) ?? [];
  const revenue: string | undefined = biggest.accounts?.edges[0]?.node.annualRevenue;

  const network = await request(url, AccountNetworkDocument);
  const lastEngagement: string | undefined = network.account?.engagements[0]?.date;
  const since: string | null | undefined = network.account?.memberships[0]?.community?.name;

  const created = await request(url, CreateInitechDocument);
  const id: string | undefined = created.createAccount?.id;

  const refetched = await request(url, RefetchDocument);
  if (refetched.node?.__typename === "Account") names.push(refetched.node.name);

  // Root fields are nullable: reading through one without a check must not compile.
  // @ts-expect-error account may be null
  const unchecked: string = ({} as AccountNetworkQuery).account.name;
  const percentile: number | undefined = ({} as TopHubsQuery).influenceHubs?.edges[0]?.percentile;
  return [...names, revenue ?? "", lastEngagement ?? "", since ?? "", id ?? "", unchecked, String(percentile)];
}
`;

describe("GraphQL Code Generator (client preset)", () => {
  it("generates types for every README operation that compile under strict TypeScript", async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(join(OUT, "gql"), { recursive: true });
    const schemaAst = committedSchema();
    const operations = readmeOperations();
    const config = { strictScalars: true, scalars: { Money: "string", Date: "string", DateTime: "string" } };
    const outputs = await preset.buildGeneratesSection({
      baseOutputDir: `${join(OUT, "gql")}/`,
      presetConfig: {},
      plugins: [],
      pluginMap: {},
      schema: parse(printSchema(schemaAst)),
      schemaAst,
      documents: operations.map((o) => ({ location: `README.md (${o.name})`, document: parse(o.query), rawSDL: o.query })),
      config,
      documentTransforms: [],
    });
    const files: string[] = [];
    for (const output of outputs) {
      writeFileSync(output.filename, await codegen({ ...output, schemaAst }));
      files.push(output.filename);
    }
    const generated = (await import("node:fs")).readFileSync(join(OUT, "gql", "graphql.ts"), "utf8");
    for (const { name } of operations) expect(generated, `${name}Document`).toContain(`export const ${name}Document`);

    writeFileSync(join(OUT, "consumer.ts"), CONSUMER);
    const program = ts.createProgram([...files, join(OUT, "consumer.ts")], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      types: [],
      skipLibCheck: true,
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName.replace(OUT, "") ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(problems).toEqual([]);
  });
});
