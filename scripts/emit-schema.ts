/** Writes schema/schema.graphql from the code (npm run schema:emit). test/api/schema-drift.test.ts checks it. */
import { writeFileSync } from "node:fs";
import { printAccountGraphSchema } from "../src/api/build-schema.js";

const target = new URL("../schema/schema.graphql", import.meta.url);
writeFileSync(target, await printAccountGraphSchema());
console.log(`wrote ${target.pathname}`);
