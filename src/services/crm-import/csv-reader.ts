/**
 * Reads a CSV export with csv-parse (RFC 4180 quoting, a byte-order mark, CRLF or LF line
 * ends) into a header and rows. The delimiter is the one of `,` `;` tab `|` that occurs
 * most in the header line outside quotes: spreadsheet exports in many locales use `;`.
 * Rows come with their spreadsheet row number (the header is row 1). A row with fewer
 * cells than the header reads the missing ones as empty; a malformed quote stops the file
 * with the row it is on.
 */
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { ValidationError } from "../../domain/errors.js";

const CANDIDATES = [",", ";", "\t", "|"] as const;
const CHUNK = 64 * 1024;

export function detectDelimiter(text: string): string {
  const headerLine = firstLine(text.replace(/^\uFEFF/, ""));
  let best: string = ",";
  let bestCount = 0;
  for (const candidate of CANDIDATES) {
    const count = countOutsideQuotes(headerLine, candidate);
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}

function firstLine(text: string): string {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if ((ch === "\n" || ch === "\r") && !inQuotes) return text.slice(0, i);
  }
  return text;
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
  /** Spreadsheet row number: the header is row 1, the first data row 2. */
  row: number;
  cells: string[];
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
  const parser = Readable.from(chunks()).pipe(parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, trim: false }));
  let headers: string[] | null = null;
  let rows = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (headers === null) {
        headers = record.map((h) => h.trim());
        continue;
      }
      rows++;
      onRow(headers, { row: rows + 1, cells: record });
    }
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ValidationError(`${file}: not readable as CSV${line ? ` near line ${line}` : ""}: ${(error as Error).message}`, file);
  }
  onProgress(text.length, text.length);
  if (headers === null) throw new ValidationError(`${file}: the file is empty (a header row is needed)`, file);
  return { headers, rows };
}
