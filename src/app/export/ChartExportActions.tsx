/**
 * The actions of a chart card: its data as CSV, PNG and SVG images (title and source
 * line included), and an embed dialog with a copyable `<iframe>` snippet. Plugged into
 * every card through `ChartActionsContext` (see `exportActions`).
 */
import { useState } from 'react';
import type { ChartActionInfo } from '../chart-actions.tsx';
import { exportFileName } from '../../data/export-name.ts';
import { useEngine } from '../../data/queries.ts';
import { chartCsv, download } from './csv-export.ts';
import { chartTables, exportScope, sourceLine } from './describe.ts';
import type { ChartImage } from './image.ts';
import { EmbedDialog } from './EmbedDialog.tsx';
import { tx } from './strings.ts';
import './export.css';

/** The image module, loaded on the first image export (it pulls in ECharts' SVG renderer). */
const loadImage = () => import('./image.ts');

function imageOf(info: ChartActionInfo): ChartImage | null {
  const chart = info.getInstance();
  if (!chart || !info.def.option) return null;
  const ctx = { lang: info.lang, state: { filters: info.state.filters, params: info.state.params } };
  return {
    option: info.def.option(info.rows, ctx),
    width: chart.getWidth(),
    height: chart.getHeight(),
    title: info.title,
    source: sourceLine(chartTables(info.def, info.columns, ctx.state), info.lang),
  };
}

/** CSV, PNG, SVG and embed buttons for one rendered chart. */
export function ChartExportActions({ info }: { info: ChartActionInfo }) {
  const [embedOpen, setEmbedOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lang = info.lang;
  // Years of the dataset name the file when the year filter is open.
  const datasetYears = useEngine().data?.manifest.years ?? [];
  const name = (ext: 'csv' | 'png' | 'svg') => exportFileName(exportScope(info.def.id, info.state.filters, datasetYears, lang), ext);
  const isImage = info.def.kind === 'echarts';
  const guard = (f: () => Promise<void> | void) => async () => {
    setError(null);
    try { await f(); } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
  };
  return (
    <span className="export-actions">
      <button type="button" className="link-button" data-action="csv" title={tx(lang, 'csvTitle')}
        onClick={guard(() => download(name('csv'), chartCsv(info.columns, info.rows, lang, info.def.view === 'compare' ? { value: info.state.params.figure } : {}), 'text/csv;charset=utf-8'))}>
        {tx(lang, 'csv')}
      </button>
      {isImage ? (
        <>
          <button type="button" className="link-button" data-action="png" title={tx(lang, 'pngTitle')}
            onClick={guard(async () => { const img = imageOf(info); if (img) download(name('png'), await (await loadImage()).chartPng(img), 'image/png'); })}>
            {tx(lang, 'png')}
          </button>
          <button type="button" className="link-button" data-action="svg" title={tx(lang, 'svgTitle')}
            onClick={guard(async () => { const img = imageOf(info); if (img) download(name('svg'), (await loadImage()).chartSvg(img), 'image/svg+xml'); })}>
            {tx(lang, 'svg')}
          </button>
        </>
      ) : null}
      <button type="button" className="link-button" data-action="embed" title={tx(lang, 'embedTitle')} aria-haspopup="dialog" onClick={() => setEmbedOpen(true)}>
        {tx(lang, 'embed')}
      </button>
      {error ? <span role="alert" className="export-error">{tx(lang, 'exportFailed')}: {error}</span> : null}
      {embedOpen ? <EmbedDialog info={info} onClose={() => setEmbedOpen(false)} /> : null}
    </span>
  );
}

/** The provider value for `ChartActionsContext`: export and embed actions on every chart card. */
export function exportActions(info: ChartActionInfo) {
  return <ChartExportActions info={info} />;
}
