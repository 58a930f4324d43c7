/**
 * Runs one of the project's command-line scripts (scripts/*.ts) as an operator would, on
 * the SQLite file `sqlitePath` (NEO4J_URI removed, so the script never picks Neo4j), to
 * its exit. Never throws on a non-zero exit: tests assert the code and the output.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export async function runScript(script: string, sqlitePath: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, SQLITE_PATH: sqlitePath };
  delete env.NEO4J_URI;
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}
