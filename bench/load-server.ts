/**
 * The API under load runs as its own process, so its memory is measured alone (VmRSS
 * from /proc/<pid>/status, sampled every second): as deployed, the compiled build
 * (`npm run build`, then `node dist/src/main.js` as `npm run start:prod` does), or with
 * `runtime: "tsx"` from source as `npm start` does (tsx turns on source maps, which makes
 * every captured stack trace expensive — and neo4j-driver captures one per query result).
 * Readiness is polled on /readyz (the server logs at warn under load, so there is no
 * "ready" line to wait for).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

export const LOAD_SERVER_DEFAULTS = Object.freeze({
  readyTimeoutMs: 180_000,
  rssSampleMs: 1_000,
  stopTimeoutMs: 15_000,
});

export interface LoadServer {
  url: string;
  pid: number;
  /** Output of the server so far (warnings and errors only at LOG_LEVEL=warn). */
  output(): string;
  /** RSS samples in MB since start, one per second. */
  rssSamples(): number[];
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Resident set size of `pid` in MB, or null when the process is gone (Linux /proc). */
export function readRssMb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds `pid` has used so far, or null when it is gone (Linux /proc; 100 ticks/s). */
export function readCpuSeconds(pid: number): number | null {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Resolves once `pid` has used less than `maxCoreShare` of a core in each of `quietSeconds`
 * consecutive seconds: a server that just became ready may still be computing in the
 * background (ours: analytics and strategy snapshots for ~20 s at 20,000 accounts), which
 * would be measured as part of the first run. Returns the seconds waited; gives up after
 * `timeoutMs` (returns then too).
 */
export async function waitForIdleCpu(
  pid: number,
  options: { maxCoreShare?: number; quietSeconds?: number; timeoutMs?: number } = {},
): Promise<number> {
  const { maxCoreShare = 0.1, quietSeconds = 3, timeoutMs = 300_000 } = options;
  const started = Date.now();
  let quiet = 0;
  let last = readCpuSeconds(pid);
  while (quiet < quietSeconds && Date.now() - started < timeoutMs && last !== null) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = readCpuSeconds(pid);
    quiet = now !== null && now - last < maxCoreShare ? quiet + 1 : 0;
    last = now;
  }
  return (Date.now() - started) / 1000;
}

export type ServerRuntime = "dist" | "tsx";

/** The node flags of `npm run start:prod` (package.json), so the server under load runs as deployed. */
export function productionNodeFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const match = /^node((?:\s+--\S+)*)\s+dist\/src\/main\.js$/.exec(scripts["start:prod"] ?? "");
  if (!match) throw new Error(`load: package.json start:prod is not "node [--flags] dist/src/main.js": ${scripts["start:prod"]}`);
  return match[1]!.trim().split(/\s+/).filter(Boolean);
}

/** `nodeArgs`: extra node flags for the server, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
export async function startLoadServer(env: Record<string, string>, nodeArgs: string[] = [], runtime: ServerRuntime = "dist"): Promise<LoadServer> {
  const entry = runtime === "dist" ? [...productionNodeFlags(), "dist/src/main.js"] : ["--import", "tsx", "src/main.ts"];
  return startServerProcess([...nodeArgs, ...entry], { LOG_LEVEL: process.env.LOAD_LOG_LEVEL ?? "warn", SEED_ON_EMPTY: "false", ...env }, (url) =>
    fetch(new URL("/readyz", url)).then(
      (r) => r.status === 200,
      () => false,
    ),
  );
}

/**
 * Any node server under load (ours, or bench/peer's peer) as a child process on a free
 * port (HOST and PORT in its environment), ready once `isReady` says so (polled every
 * 250 ms); its RSS is sampled from then on.
 */
export async function startServerProcess(
  nodeArgs: string[],
  env: Record<string, string>,
  isReady: (url: string, output: string) => Promise<boolean>,
): Promise<LoadServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, nodeArgs, {
    cwd: ROOT,
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-(process.env.LOAD_LOG_LEVEL ? 50_000_000 : 20_000));
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}/`;

  const deadline = Date.now() + LOAD_SERVER_DEFAULTS.readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before ready:\n${output}`);
    if (await isReady(url, output)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server not ready after ${LOAD_SERVER_DEFAULTS.readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  const samples: number[] = [];
  const sampler = setInterval(() => {
    const rss = readRssMb(child.pid!);
    if (rss !== null) samples.push(rss);
  }, LOAD_SERVER_DEFAULTS.rssSampleMs);

  return {
    url,
    pid: child.pid!,
    output: () => output,
    rssSamples: () => [...samples],
    async stop() {
      clearInterval(sampler);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), LOAD_SERVER_DEFAULTS.stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
