/**
 * npm run export -- --format gexf|graphml|csv [--out file]
 *
 * Writes the influence graph (every metric, tier and strategic score as node attributes)
 * as GEXF for Gephi or GraphML, or the strategic ranking as CSV, from the configured store
 * (Neo4j when NEO4J_URI is set, else the SQLite file), to `--out` or standard output. The
 * metrics are computed here, as the server computes them; the same files come from the
 * server's /export/influence.gexf, /export/influence.graphml and /export/strategic-ranking.csv.
 */
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readConfig } from "../src/config.js";
import { openStore } from "../src/main.js";
import { parseGraphFileFormat } from "../src/services/network-export-service.js";
import { createServices } from "../src/services/services.js";

const { values } = parseArgs({ options: { format: { type: "string", default: "gexf" }, out: { type: "string" } } });
const format = values.format === "csv" ? "csv" : parseGraphFileFormat(values.format ?? "", "--format");
const store = await openStore(readConfig().store);
const services = createServices(store);
try {
  const started = performance.now();
  const influence = services.influence.session();
  const strategy = services.strategy.session(influence);
  const body = format === "csv" ? await services.exports.rankingCsv(strategy) : await services.exports.graphFile(format, strategy);
  if (values.out) {
    writeFileSync(values.out, body);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.error(`export: wrote ${values.out} (${format}, ${(Buffer.byteLength(body) / 1e6).toFixed(1)} MB) in ${seconds} s`);
  } else process.stdout.write(body);
} finally {
  await services.close();
  await store.close();
}
