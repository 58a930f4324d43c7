/**
 * Start-up failures an operator fixes — a bad setting, a store that cannot be opened, a
 * port already taken — printed as one line that says what to change, with exit code 1,
 * instead of a stack trace that buries the cause. Anything else is a bug and keeps its
 * stack. main.ts is the only caller.
 */
import { AuthConfigError } from "./api/auth/auth-config.js";
import type { AppConfig } from "./config.js";

/** A failure whose message already says what to do. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StartupError";
  }
}

/** The one line to print for `error`, or null when it is not an operator's mistake. */
export function describeStartupFailure(error: unknown): string | null {
  if (error instanceof StartupError || error instanceof AuthConfigError) return `accountgraph: ${error.message}`;
  if (!(error instanceof Error)) return null;
  if (error.message.startsWith("config:")) return `accountgraph: ${error.message}`;
  const { code, syscall, port, address } = error as NodeJS.ErrnoException & { port?: number; address?: string };
  if (syscall === "listen") {
    if (code === "EADDRINUSE") {
      return (
        `accountgraph: port ${port} is already in use on ${address} (another accountgraph, or another program, listens there). ` +
        `Stop it, or choose another port with PORT, e.g. PORT=${(port ?? 4000) + 1} npm start (PORT=0 picks a free one).`
      );
    }
    if (code === "EACCES")
      return `accountgraph: no permission to listen on port ${port}: ports below 1024 need privileges; set PORT to 1024 or above.`;
    if (code === "EADDRNOTAVAIL")
      return `accountgraph: cannot listen on ${address}: it is not an address of this machine; set HOST (e.g. HOST=0.0.0.0).`;
  }
  return null;
}

/** Why the configured store cannot be opened, naming the setting to check. */
export function storeOpenFailure(config: AppConfig["store"], error: unknown): StartupError {
  const reason = describeCause(error);
  const message =
    config.kind === "sqlite"
      ? `cannot open the SQLite store ${config.path} (${reason}). Its folder must exist or be creatable, and be writable ` +
        `by this user, on a file system that is not read-only; or set SQLITE_PATH to such a place.`
      : `cannot open the Neo4j store at ${config.uri} (${reason}). Check NEO4J_URI, NEO4J_USER / NEO4J_PASSWORD and that Neo4j is running.`;
  return new StartupError(message, { cause: error });
}

/** The innermost cause's code and message, on one line. */
function describeCause(error: unknown): string {
  let current: unknown = error;
  const seen = new Set<unknown>();
  while (current instanceof Error && current.cause !== undefined && !seen.has(current)) {
    seen.add(current);
    current = current.cause;
  }
  if (!(current instanceof Error)) return String(current);
  const code = (current as NodeJS.ErrnoException).code;
  const text = current.message.replace(/\s+/g, " ").trim();
  return code && !text.includes(code) ? `${code}: ${text}` : text;
}
