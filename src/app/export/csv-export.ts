/**
 * CSV exports in the browser. A view's rows are written by DuckDB in its worker
 * (`COPY … TO`, header and neutralisation in SQL) and read back with `copyFileToBuffer`,
 * so the page never builds a large CSV row by row. A moderate export is one COPY (one
 * scan of the remote file); a large one goes year by year, with progress between years.
 * Row counts come from the rollup, never from a scan of `reports`. A chart's CSV is its
 * drawn rows, encoded in JS.
 */
import type { Engine } from '../../data/engine.ts';
import { CSV_BOM_BYTES, crlfRecords, encodeCsv, type CsvValue } from '../../data/csv.ts';
import { columnHeader, type DerivedColumns, type ExportLang } from '../../data/export-columns.ts';
import { copyCsvSql, exportPlan, exportYearCountsSql, type ExportPlan, type ExportQuery } from '../../data/export.ts';
import type { QueryState } from '../../data/state.ts';

/** Progress of a running export: rows written so far out of the total (0 when not known yet). */
export interface ExportProgress {
  rows: number;
  total: number;
}

let exportSeq = 0;

/** How the export of `q` is written: row counts per year from the rollup when it can count them. */
export async function planExport(engine: Engine, q: ExportQuery, state: QueryState): Promise<ExportPlan> {
  const sql = exportYearCountsSql(q.subject, state);
  const counts = sql ? (await engine.query(sql)).map((r) => ({ year: r.year === null || r.year === undefined ? null : Number(r.year), n: Number(r.n) })) : null;
  return exportPlan(counts, q.columns.length, engine.manifest);
}

/**
 * Writes the rows of an export query as CSV (BOM, CRLF, UI headers) as `plan` says,
 * handing each COPY's bytes to `onChunk` as DuckDB writes them, with progress after
 * each; resolves to the number of rows written (DuckDB's count).
 */
export async function copyExportCsv(
  engine: Engine,
  q: ExportQuery,
  lang: ExportLang,
  plan: ExportPlan,
  onChunk: (bytes: Uint8Array) => void,
  onProgress?: (p: ExportProgress) => void,
): Promise<number> {
  // A fresh BOM: a consumer may hand chunks to a worker, which detaches their buffers.
  onChunk(CSV_BOM_BYTES.slice());
  let rows = 0;
  onProgress?.({ rows, total: plan.total });
  const chunks: (number | null | undefined)[] = plan.years ? [...plan.years] : [undefined];
  if (chunks.length === 0) chunks.push(undefined);
  for (const [i, year] of chunks.entries()) {
    const file = `gongkai-export-${++exportSeq}.csv`;
    await engine.db.registerEmptyFileBuffer(file);
    try {
      const res = await engine.conn.query(copyCsvSql(q, lang, file, { year, header: i === 0 }));
      rows += Number(res.getChildAt(0)?.get(0) ?? 0);
      onChunk(crlfRecords(await engine.db.copyFileToBuffer(file)));
    } finally {
      await engine.db.dropFile(file);
    }
    onProgress?.({ rows, total: Math.max(plan.total, rows) });
    // Let the page paint the progress between chunks.
    if (i < chunks.length - 1) await new Promise((ok) => setTimeout(ok, 0));
  }
  return rows;
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
