/**
 * Structured JSON logs (pino). Every request-scoped line carries `requestId`.
 * `LOG_LEVEL` sets the level; tests default to "silent" unless LOG_LEVEL is set.
 */
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level = process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info")): Logger {
  return pino({ level, base: { service: "accountgraph" } });
}
