/**
 * The view-level export: the rows behind the current view under the current filters
 * (zip with CSV + README 口径 note, or the plain CSV), and the whole dataset. Written by
 * DuckDB in its worker (large exports year by year), with a progress bar.
 */
import { useState } from 'react';
import { startEngine } from '../../data/engine.ts';
import { caliberNoteText, zipExport } from '../../data/export-bundle.ts';
import { exportFileName } from '../../data/export-name.ts';
import { exportQuery, type ExportSubject } from '../../data/export.ts';
import { EMPTY_FILTERS, type UrlState } from '../../data/state.ts';
import { t } from '../i18n.ts';
import { copyExportCsv, download, planExport, type ExportProgress } from './csv-export.ts';
import { exportScope, filterLines } from './describe.ts';
import { tx } from './strings.ts';
import './export.css';

type Format = 'zip' | 'csv';

/** Runs one export and starts its download; returns the number of rows written. */
export async function runViewExport(subject: ExportSubject, state: UrlState, format: Format, onProgress?: (p: ExportProgress) => void): Promise<number> {
  const engine = await startEngine();
  const lang = state.lang;
  const filters = subject === 'dataset' ? EMPTY_FILTERS : state.filters;
  const q = exportQuery(subject, { filters, params: state.params });
  const plan = await planExport(engine, q, { filters, params: state.params });
  const scope = exportScope(subject, filters, engine.manifest.years, lang);
  const csvName = exportFileName(scope, 'csv');
  if (format === 'csv') {
    // Each chunk becomes a Blob as it arrives, so the copy into blob storage is spread out.
    const blobs: Blob[] = [];
    const rows = await copyExportCsv(engine, q, lang, plan, (bytes) => blobs.push(new Blob([bytes as BlobPart])), onProgress);
    download(csvName, blobs, 'text/csv;charset=utf-8');
    return rows;
  }
  const chunks: Uint8Array[] = [];
  const rows = await copyExportCsv(engine, q, lang, plan, (bytes) => chunks.push(bytes), onProgress);
  const extra: string[] = [];
  if (subject === 'compare') extra.push(`${tx(lang, 'filterFigure')}${lang === 'zh' ? '：' : ': '}${state.params.figure}`);
  if (subject === 'report' && state.params.report) extra.push(`${tx(lang, 'filterReport')}${lang === 'zh' ? '：' : ': '}${state.params.report}`);
  const readme = caliberNoteText({
    lang,
    title: subject === 'dataset' ? `${tx(lang, 'atlas')} · ${tx(lang, 'wholeDataset')}` : `${tx(lang, 'atlas')} · ${t(lang, `view.${subject}`)}`,
    csvName,
    filters: filterLines(filters, lang, extra),
    columns: q.columns,
    rows,
    url: window.location.href,
    builtAt: engine.manifest.built_at,
  });
  download(exportFileName(scope, 'zip'), await zipExport(csvName, chunks, readme), 'application/zip');
  return rows;
}

/** Export buttons for a view, with progress while DuckDB writes the CSV. */
export function ViewExport({ state }: { state: UrlState }) {
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const lang = state.lang;
  const busy = progress !== null;
  const start = (subject: ExportSubject, format: Format) => async () => {
    setStatus(null);
    setProgress({ rows: 0, total: 0 });
    try {
      const rows = await runViewExport(subject, state, format, setProgress);
      setStatus({ ok: true, text: `${tx(lang, 'exportDone')}: ${rows} ${tx(lang, 'rows')}` });
    } catch (e) {
      setStatus({ ok: false, text: `${tx(lang, 'exportFailed')}: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setProgress(null);
    }
  };
  return (
    <div className="view-export" data-view-export={state.view}>
      <span className="view-export-label">{tx(lang, 'viewExport')}</span>
      <button type="button" disabled={busy} data-export="view-zip" onClick={start(state.view, 'zip')}>{tx(lang, 'viewExportZip')}</button>
      <button type="button" disabled={busy} data-export="view-csv" onClick={start(state.view, 'csv')}>{tx(lang, 'viewExportCsv')}</button>
      <button type="button" disabled={busy} data-export="dataset-csv" onClick={start('dataset', 'csv')}>{tx(lang, 'datasetExport')}</button>
      {progress ? (
        <span className="view-export-progress" role="status" data-export-progress={`${progress.rows}/${progress.total}`}>
          {tx(lang, 'exporting')} <progress max={progress.total || 1} value={progress.rows} /> {progress.rows}/{progress.total}
        </span>
      ) : null}
      {status ? <span role={status.ok ? 'status' : 'alert'} data-export-status={status.ok ? 'done' : 'error'}>{status.text}</span> : null}
    </div>
  );
}
