/**
 * CSV exports in the browser. A view's rows are written by DuckDB in its worker
 * (`COPY … TO`, one chunk per year, header and neutralisation in SQL) and read back with
 * `copyFileToBuffer`, so the page never builds a large CSV row by row and can show
 * progress between chunks. A chart's CSV is its drawn rows, encoded in JS.
 */
import type { Engine } from '../../data/engine.ts';
import { CSV_BOM_BYTES, crlfRecords, encodeCsv, type CsvValue } from '../../data/csv.ts';
import { columnHeader, type DerivedColumns, type ExportLang } from '../../data/export-columns.ts';
import { copyCsvSql, exportYearsSql, type ExportQuery } from '../../data/export.ts';

/** Progress of a running export: rows written so far out of the total. */
export interface ExportProgress {
  rows: number;
  total: number;
}

let exportSeq = 0;

/**
 * Writes the rows of an export query as CSV (BOM, CRLF, UI headers), handing each chunk
 * of bytes to `onChunk` as DuckDB writes it (one chunk per year), with progress after
 * each; resolves to the number of rows.
 */
export async function copyExportCsv(
  engine: Engine,
  q: ExportQuery,
  lang: ExportLang,
  onChunk: (bytes: Uint8Array) => void,
  onProgress?: (p: ExportProgress) => void,
): Promise<number> {
  const years = (await engine.query(exportYearsSql(q))).map((r) => ({ year: r.year === null || r.year === undefined ? null : Number(r.year), n: Number(r.n) }));
  const total = years.reduce((sum, y) => sum + y.n, 0);
  // A fresh BOM: a consumer may hand chunks to a worker, which detaches their buffers.
  onChunk(CSV_BOM_BYTES.slice());
  let rows = 0;
  onProgress?.({ rows, total });
  const chunkYears: { year: number | null | undefined; n: number }[] = years.length ? years : [{ year: undefined, n: 0 }];
  for (const [i, { year, n }] of chunkYears.entries()) {
    const file = `gongkai-export-${++exportSeq}.csv`;
    await engine.db.registerEmptyFileBuffer(file);
    try {
      await engine.conn.query(copyCsvSql(q, lang, file, { year, header: i === 0 }));
      onChunk(crlfRecords(await engine.db.copyFileToBuffer(file)));
    } finally {
      await engine.db.dropFile(file);
    }
    rows += n;
    onProgress?.({ rows, total });
    // Let the page paint the progress between chunks.
    await new Promise((ok) => setTimeout(ok, 0));
  }
  return total;
}

/**
 * A chart's drawn rows as CSV text: exactly the values drawn, headers "label (key)";
 * `canonical` names the figure behind a generic column (a ranking's `value`).
 */
export function chartCsv(
  columns: readonly { key: string; label: string }[],
  rows: readonly Record<string, unknown>[],
  lang: ExportLang,
  canonical: Readonly<Record<string, string>> = {},
): string {
  const header = (c: { key: string; label: string }) => {
    const key = canonical[c.key] ?? c.key;
    const derived: DerivedColumns = { [key]: { label: { zh: c.label, en: c.label } } };
    return columnHeader(key, lang, derived);
  };
  return encodeCsv(columns.map((c) => ({ key: c.key, header: header(c) })), rows as readonly Record<string, CsvValue>[]);
}

/** Starts a browser download of bytes (or byte chunks or blobs), text or a blob under a file name. */
export function download(name: string, data: Uint8Array | readonly (Uint8Array | Blob)[] | string | Blob, type: string): void {
  const parts = Array.isArray(data) ? data : [data];
  const blob = data instanceof Blob ? data : new Blob(parts as BlobPart[], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
