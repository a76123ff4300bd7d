/**
 * CSV encoding for exports: RFC 4180 text that Excel opens with Chinese intact.
 *
 * UTF-8 with a byte-order mark and no `sep=` line, CRLF line endings, fields quoted
 * only when they hold a quote, comma, CR or LF, null as an empty field (never 0), and
 * string fields that a spreadsheet would run as a formula prefixed with `'`. Numbers
 * are never neutralised: `-2` stays the number -2.
 */

/** What a CSV field can be given: null and undefined become an empty field. */
export type CsvValue = string | number | bigint | boolean | null | undefined | readonly unknown[];

/** The UTF-8 byte-order mark, as a string; Excel needs it to read UTF-8. */
export const CSV_BOM = '\uFEFF';

/** RFC 4180 record separator. */
export const CSV_EOL = '\r\n';

/** Characters that make a spreadsheet treat a text cell as a formula (OWASP list). */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/** Characters that force a field to be quoted. */
const NEEDS_QUOTES = /[",\r\n]/;

/** A text cell made safe to open in a spreadsheet: a leading `'` before a formula trigger. */
export function neutraliseFormula(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

/** One value as CSV field text (quoted when needed); strings are neutralised, numbers kept. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Object.is(value, -0) ? 0 : value) : '';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = neutraliseFormula(typeof value === 'string' ? value : value.map((v) => (v == null ? '' : String(v))).join('; '));
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record: the fields joined by commas, ending in CRLF. */
export function csvRecord(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + CSV_EOL;
}

/** A CSV column: the row property it reads and the header printed for it. */
export interface CsvColumn {
  key: string;
  header: string;
}

/** A whole CSV document (BOM, header record, one record per row) from rows keyed by column. */
export function encodeCsv(
  columns: readonly CsvColumn[],
  rows: Iterable<Readonly<Record<string, CsvValue>>>,
  options: { bom?: boolean } = {},
): string {
  const parts = [options.bom === false ? '' : CSV_BOM, csvRecord(columns.map((c) => c.header))];
  for (const row of rows) parts.push(csvRecord(columns.map((c) => row[c.key])));
  return parts.join('');
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * CSV bytes with record-ending LFs turned into CRLF, leaving line breaks inside quoted
 * fields untouched; for CSV written by an engine that ends records with LF only. Bytes
 * whose first record already ends in CRLF are returned as they are.
 * Safe on UTF-8: 0x0A, 0x0D and 0x22 never occur inside a multi-byte character.
 */
export function crlfRecords(bytes: Uint8Array): Uint8Array {
  let quoted = false;
  // Fast path: an engine told to end records with CRLF does so for every record; the
  // first record end shows which kind of file this is.
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) quoted = !quoted;
    else if (b === LF && !quoted) {
      if (i > 0 && bytes[i - 1] === CR) return bytes;
      break;
    }
  }
  let bare = 0;
  quoted = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) quoted = !quoted;
    else if (b === LF && !quoted && (i === 0 || bytes[i - 1] !== CR)) bare++;
  }
  if (bare === 0) return bytes;
  const out = new Uint8Array(bytes.length + bare);
  quoted = false;
  let j = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === QUOTE) quoted = !quoted;
    else if (b === LF && !quoted && (i === 0 || bytes[i - 1] !== CR)) out[j++] = CR;
    out[j++] = b;
  }
  return out;
}

/** The BOM as UTF-8 bytes. */
export const CSV_BOM_BYTES: Uint8Array = new Uint8Array([0xef, 0xbb, 0xbf]);
