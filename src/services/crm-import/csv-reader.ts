/**
 * Reads a CSV export with csv-parse (RFC 4180 quoting, a byte-order mark, CRLF or LF line
 * ends) into a header and rows. The delimiter is the one of `,` `;` tab `|` that occurs
 * most in the header line outside quotes: spreadsheet exports in many locales use `;`.
 * The header line is the first that is not blank, found before the delimiter is known, so
 * "blank" there means any delimiter's empty row (see BLANK).
 * Rows come with the line they start on, as a spreadsheet numbers them: the header's line
 * is 1 and blank lines count, so a report's row number is the one the user scrolls to (a
 * cell with line breaks inside quotes makes its row span several lines; the first counts).
 * Blank lines, and rows whose cells are all blank (",,," is how spreadsheets save an empty
 * row), carry no data and are skipped. A malformed quote stops the file with the line it
 * is on. The cell count is the caller's to check (cellCountProblem): it is a row problem,
 * not a file one.
 */
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { ValidationError } from "../../domain/errors.js";

const CANDIDATES = [",", ";", "\t", "|"] as const;
const CHUNK = 64 * 1024;

export function detectDelimiter(text: string): string {
  const headerLine = firstNonBlankLine(text.replace(/^\uFEFF/, ""));
  let best: string = ",";
  let bestCount = 0;
  for (const candidate of CANDIDATES) {
    const count = countOutsideQuotes(headerLine, candidate);
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}

/**
 * Whitespace, any candidate delimiter and quotes: a line (or, before the header, a cell) of
 * only these carries no data. The delimiter is not known yet when the header is looked for,
 * so ",,," , ";;;" and `"";""` are all blank whichever one the file uses; the reader skips
 * the same records before its header (isBlankBeforeHeader), so both find the same header.
 */
const BLANK = /^[\s,;\t|"]*$/;

function isBlankBeforeHeader(record: readonly string[]): boolean {
  return record.every((cell) => BLANK.test(cell));
}

/** The first line (a quoted cell's line breaks stay inside it) with data, or "" if none has. */
function firstNonBlankLine(text: string): string {
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if ((ch === "\n" || ch === "\r") && !inQuotes) {
      const line = text.slice(start, i);
      if (!BLANK.test(line)) return line;
      start = i + 1;
    }
  }
  const last = text.slice(start);
  return BLANK.test(last) ? "" : last;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let inQuotes = false;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === delimiter && !inQuotes) count++;
  }
  return count;
}

export interface CsvRow {
  /** Spreadsheet row number: the line the row starts on (the header is on line 1, blank lines count). */
  row: number;
  cells: string[];
}

/**
 * Why a row's cells do not line up with the header (the column to report it on, and the
 * message), or null when they do. Extra cells that are all blank are fine: spreadsheets
 * save a trailing delimiter ("a,b,") and it carries no data. Any other mismatch would put
 * values under the wrong headers, so the row is refused rather than read by position.
 */
export function cellCountProblem(headers: readonly string[], cells: readonly string[]): { column: string; message: string } | null {
  if (cells.length === headers.length) return null;
  if (cells.length > headers.length && cells.slice(headers.length).every((cell) => cell.trim() === "")) return null;
  const message = `${cells.length} ${cells.length === 1 ? "cell" : "cells"}, but the header has ${headers.length}`;
  // Too few: the first column left without a cell; too many: the first cell without a header.
  return { column: headers[cells.length] ?? `column ${headers.length + 1}`, message };
}

/**
 * Line breaks inside a record's cells (a quoted cell may span lines; CR LF, LF or CR is one
 * each). The parser keeps them verbatim and consumes exactly one break between records, so
 * a record starting on line L ends on line L + this, and the next starts one line later.
 * Counted from the cells rather than from csv-parse's per-record `info` positions, which
 * build several objects per record: about 0.4 s of a 200,000-row import.
 */
function lineBreaksIn(cells: readonly string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    if (cell.indexOf("\n") < 0 && cell.indexOf("\r") < 0) continue;
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (c === 0x0a) breaks++;
      else if (c === 0x0d && cell.charCodeAt(i + 1) !== 0x0a) breaks++;
    }
  }
  return breaks;
}

/**
 * Parses `text`, calling `onRow` for every data row and `onProgress` with the characters
 * read so far and in all (for progress bars). `file` names the file in errors.
 */
export async function readCsv(
  text: string,
  file: string,
  onRow: (headers: readonly string[], row: CsvRow) => void,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ headers: string[]; rows: number }> {
  const delimiter = detectDelimiter(text);
  const chunks = function* () {
    for (let start = 0; start < text.length; start += CHUNK) {
      onProgress(start, text.length);
      yield text.slice(start, start + CHUNK);
    }
  };
  // Empty lines come through as records ([""]): they are counted as lines, then skipped.
  const parser = Readable.from(chunks()).pipe(parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: false, trim: false }));
  const records = (parser as AsyncIterable<string[]>)[Symbol.asyncIterator]();
  let headers: string[] | null = null;
  let rows = 0;
  let line = 1;
  try {
    for (;;) {
      let next: IteratorResult<string[]>;
      // Only the parser's errors are the file's: an error `onRow` throws (a bad column map, a
      // missing column) goes out as it is, with its own field and message.
      try {
        next = await records.next();
      } catch (error) {
        const at = (error as { lines?: number }).lines;
        throw new ValidationError(`${file}: not readable as CSV${at ? ` near line ${at}` : ""}: ${(error as Error).message}`, file);
      }
      if (next.done) break;
      const record = next.value;
      const row = line;
      line += 1 + lineBreaksIn(record);
      // Blank lines, and rows of blank cells, carry no data: before the header too, where
      // another delimiter's empty row (",,," in a ";" file) is blank as well (see BLANK).
      if (record.every((cell) => cell.trim() === "")) continue;
      if (headers === null) {
        if (isBlankBeforeHeader(record)) continue;
        headers = record.map((h) => h.trim());
        continue;
      }
      rows++;
      onRow(headers, { row, cells: record });
    }
  } finally {
    // Ends the parser stream when `onRow` threw (for-await would do this itself).
    await records.return?.();
  }
  onProgress(text.length, text.length);
  if (headers === null) throw new ValidationError(`${file}: the file is empty (a header row is needed)`, file);
  return { headers, rows };
}
