/**
 * Runs the real entry point (`src/main.ts`) as a child process, as `npm start`
 * does, so tests can kill it hard and start it again on the same store.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { apiClient } from "./api-client.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  gql: ReturnType<typeof apiClient>;
  /** What the process wrote to stdout and stderr so far (its log lines). */
  output(): string;
  /** SIGKILL: no shutdown hook runs, as in a crash or OOM kill. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** `src/main.ts` as `npm start` runs it, on a free port, with no credentials from the caller's environment unless `env` gives some. */
function spawnMain(env: Record<string, string>): ChildProcess {
  const { API_KEYS: _keys, JWT_SECRET: _secret, JWT_JWKS_URL: _jwks, ...inherited } = process.env;
  return spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { ...inherited, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", NODE_ENV: "development", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawnMain(env);
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not become ready in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /accountgraph ready at (http:\/\/\S+?)\s/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before ready:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return { url, child, gql: apiClient(url), output: () => output, kill: () => signal("SIGKILL"), stop: () => signal("SIGTERM") };
}

export interface ExitedProcess {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `src/main.ts` as `npm start` does and waits for it to exit by itself (a start-up failure). */
export async function runServerProcessToExit(env: Record<string, string>, timeoutMs = 60_000): Promise<ExitedProcess> {
  const child = spawnMain(env);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server did not exit within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once("exit", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, stdout, stderr };
}
