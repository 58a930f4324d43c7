/**
 * Translates better-sqlite3 failures into DomainErrors so nothing driver-specific leaks
 * past the store. Referential failures are normally caught earlier by explicit existence
 * checks (which can name the field); the constraint mapping here is the safety net.
 * Result codes: https://www.sqlite.org/rescode.html
 */
import Database from "better-sqlite3";
import { ConflictError, DomainError, StoreUnavailableError } from "../../domain/errors.js";

/** Primary result codes meaning "the database cannot serve now", not "your input is wrong". */
const UNAVAILABLE_CODES = new Set([
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_IOERR",
  "SQLITE_CANTOPEN",
  "SQLITE_FULL",
  "SQLITE_READONLY",
  "SQLITE_CORRUPT",
  "SQLITE_NOTADB",
  "SQLITE_NOMEM",
  "SQLITE_PROTOCOL",
  "SQLITE_PERM",
  "SQLITE_NOLFS",
]);

/** Extended codes look like SQLITE_IOERR_SHORT_READ; the primary code is the prefix. */
function primaryCode(code: string): string {
  const match = /^SQLITE_[A-Z]+/.exec(code);
  return match ? match[0] : code;
}

function withCause<E extends DomainError>(error: E, cause: unknown): E {
  Object.defineProperty(error, "cause", { value: cause, enumerable: false });
  return error;
}

export function translateSqliteError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (error instanceof Database.SqliteError) {
    const code = error.code;
    if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
      return withCause(new ConflictError(`sqlite store: duplicate value (${error.message})`), error);
    }
    if (code === "SQLITE_CONSTRAINT_FOREIGNKEY") {
      return withCause(new ConflictError("sqlite store: the write references a row that does not exist"), error);
    }
    if (UNAVAILABLE_CODES.has(primaryCode(code))) {
      return withCause(new StoreUnavailableError(`sqlite store unavailable: ${code}`), error);
    }
    return error;
  }
  // better-sqlite3 throws a TypeError once the connection is closed.
  if (error instanceof TypeError && /database connection is not open/i.test(error.message)) {
    return withCause(new StoreUnavailableError("sqlite store: the database is closed"), error);
  }
  return error;
}
