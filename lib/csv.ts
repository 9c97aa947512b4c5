/**
 * A small, strict RFC 4180 CSV reader (no dependency). Pure functions (no Hardhat, no file system).
 *
 * - Fields are separated by `,`; records end at LF or CRLF (a lone CR is ordinary data).
 * - A field that starts with `"` is quoted: it may contain commas, CR and LF, and `""` stands for one `"`.
 *   After the closing quote only a comma, a line break or the end of the text may follow.
 * - A `"` inside an unquoted field, and an unterminated quoted field, are errors.
 * - A UTF-8 byte-order mark at the very start is skipped. Empty lines (outside quotes) are skipped.
 * - Every record carries the 1-based physical line on which it starts, so that errors can say
 *   `file:line` even when earlier records contain quoted newlines.
 */

/** One record and the physical line (1-based) on which it starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A CSV syntax or shape error; the message starts with `label:line:`. */
export class CsvError extends Error {
  constructor(
    readonly label: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${label}:${line}: ${detail}`);
    this.name = "CsvError";
  }
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits `text` into records. `label` (usually the file name) prefixes error messages.
 * Fields are returned verbatim (no trimming, no type conversion).
 */
export function parseCsv(text: string, label = "<csv>"): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  while (i < n) {
    // Skip empty lines between records.
    let c = text.charCodeAt(i);
    if (c === LF) {
      i++;
      line++;
      continue;
    }
    if (c === CR && text.charCodeAt(i + 1) === LF) {
      i += 2;
      line++;
      continue;
    }

    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      // One field, starting at i.
      c = text.charCodeAt(i);
      if (c === QUOTE) {
        const openLine = line;
        let value = "";
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0)
            throw new CsvError(label, openLine, "unterminated quoted field (the opening quote is on this line)");
          const chunk = text.slice(from, q);
          line += countLineFeeds(chunk);
          value += chunk;
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        fields.push(value);
        c = i < n ? text.charCodeAt(i) : -1;
        if (c !== COMMA && c !== LF && c !== -1 && !(c === CR && text.charCodeAt(i + 1) === LF)) {
          throw new CsvError(
            label,
            line,
            `unexpected ${JSON.stringify(text[i])} after the closing quote of field ${fields.length}`,
          );
        }
      } else {
        let j = i;
        while (j < n) {
          c = text.charCodeAt(j);
          if (c === COMMA || c === LF || (c === CR && text.charCodeAt(j + 1) === LF)) break;
          if (c === QUOTE) {
            throw new CsvError(
              label,
              line,
              `a quote inside unquoted field ${fields.length + 1} (quote the whole field)`,
            );
          }
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
        c = i < n ? text.charCodeAt(i) : -1;
      }
      // i is now at the separator after the field.
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === CR) i += 2;
      else if (c === LF) i += 1;
      if (c !== -1) line++;
      break;
    }
    records.push({ line: startLine, fields });
  }
  return records;
}

function countLineFeeds(s: string): number {
  let count = 0;
  let k = s.indexOf("\n");
  while (k >= 0) {
    count++;
    k = s.indexOf("\n", k + 1);
  }
  return count;
}

/** A parsed CSV table: the header and the data records, each with its starting line. */
export interface CsvTable {
  label: string;
  header: string[];
  rows: CsvRecord[];
  /** Index of each header name. */
  columns: Map<string, number>;
}

/**
 * Parses `text` as a table with a header record. Every data record must have as many fields as the
 * header; every name in `required` must be in the header (once). Extra columns are allowed.
 */
export function parseCsvTable(text: string, label: string, required: readonly string[] = []): CsvTable {
  const records = parseCsv(text, label);
  if (records.length === 0) throw new CsvError(label, 1, "empty file: expected a header line");
  const [head, ...rows] = records;
  const header = head.fields;
  const columns = new Map<string, number>();
  header.forEach((name, index) => {
    if (columns.has(name)) throw new CsvError(label, head.line, `duplicate column "${name}" in the header`);
    columns.set(name, index);
  });
  const missing = required.filter((name) => !columns.has(name));
  if (missing.length > 0) {
    throw new CsvError(
      label,
      head.line,
      `missing column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} ` +
        `(header is ${header.map((h) => `"${h}"`).join(",")})`,
    );
  }
  for (const row of rows) {
    if (row.fields.length !== header.length) {
      throw new CsvError(
        label,
        row.line,
        `expected ${header.length} fields (as in the header), got ${row.fields.length}`,
      );
    }
  }
  return { label, header, rows, columns };
}
