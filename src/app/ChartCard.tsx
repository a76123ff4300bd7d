/**
 * The card around every chart: title, unit, state (loading/ready/empty/error), the chart
 * itself, an accessible data table of exactly the drawn values and an actions slot.
 */
import { createContext, useCallback, useId, useState, type ReactNode } from 'react';
import type { DataColumn, Row } from '../charts/registry.ts';
import { formatValue } from '../charts/format.ts';
import type { Lang } from '../data/state.ts';
import { colon, t } from './i18n.ts';

export type ChartState = 'loading' | 'ready' | 'empty' | 'error';

/**
 * Lets a chart inside a card hold the card at `loading` until it has drawn (`hold(true)`, then
 * `hold(false)`): `data-state="ready"` means the chart is on screen, not only its rows.
 */
export const CardDrawContext = createContext<((on: boolean) => void) | null>(null);

export interface ChartCardProps {
  /** Stable chart id, written to `data-chart`. */
  chartId: string;
  title: string;
  unit?: string;
  state: ChartState;
  lang: Lang;
  /** Error text shown when state is 'error'. */
  error?: string;
  /** Rows and columns of the data table (exactly what is drawn). */
  rows?: Row[];
  columns?: DataColumn[];
  /** Show the data table open (tables that are the chart itself). */
  tableOnly?: boolean;
  /** Buttons/links rendered in the card header (CSV, image, embed …). */
  actions?: ReactNode;
  /** Extra controls or notes under the title. */
  note?: ReactNode;
  children?: ReactNode;
  wide?: boolean;
}

/** A chart card with the testability contract: `data-chart` and `data-state` on its root. */
export function ChartCard(p: ChartCardProps) {
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const [holds, setHolds] = useState(0);
  const hold = useCallback((on: boolean) => setHolds((n) => Math.max(0, n + (on ? 1 : -1))), []);
  const hasTable = !!p.columns && !!p.rows && p.state === 'ready';
  const shown: ChartState = p.state === 'ready' && holds > 0 ? 'loading' : p.state;
  // While the next rows load, the last drawn chart stays mounted (dimmed) so it is updated, not rebuilt.
  const stale = p.state === 'loading' && p.children !== null && p.children !== undefined;
  return (
    <section className={`card${p.wide ? ' card-wide' : ''}`} data-chart={p.chartId} data-state={shown} aria-busy={shown === 'loading'}>
      <header className="card-head">
        <div>
          <h3 className="card-title">{p.title}</h3>
          {p.unit ? <span className="card-unit">{p.unit}</span> : null}
        </div>
        <div className="card-actions">
          {hasTable && !p.tableOnly ? (
            <button type="button" className="link-button" aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((v) => !v)}>
              {t(p.lang, showTable ? 'table.hide' : 'table.show')}
            </button>
          ) : null}
          {p.actions}
        </div>
      </header>
      {p.note ? <div className="card-note">{p.note}</div> : null}
      <div className={`card-body${stale ? ' card-body-stale' : ''}`}>
        {p.state === 'loading' ? <div className="state state-loading" role="status">{t(p.lang, 'state.loading')}</div> : null}
        {p.state === 'empty' ? <div className="state state-empty">{t(p.lang, 'state.empty')}</div> : null}
        {p.state === 'error' ? <div className="state state-error" role="alert">{t(p.lang, 'state.error')}{p.error ? `${colon(p.lang)}${p.error}` : ''}</div> : null}
        {p.state === 'ready' || stale ? (
          <div className="card-chart" aria-hidden={stale || undefined}>
            <CardDrawContext.Provider value={hold}>{p.children}</CardDrawContext.Provider>
          </div>
        ) : null}
      </div>
      {hasTable ? (
        <div id={tableId} className={p.tableOnly || showTable ? 'data-table-wrap' : 'visually-hidden'}>
          <DataTable rows={p.rows!} columns={p.columns!} lang={p.lang} caption={`${p.title} — ${t(p.lang, 'table.caption')}`} />
        </div>
      ) : null}
    </section>
  );
}

/** The data table: one <td> per value, raw value in `data-value` (JSON) for tests and export. */
export function DataTable({ rows, columns, lang, caption, onRowClick }: { rows: Row[]; columns: DataColumn[]; lang: Lang; caption: string; onRowClick?: (row: Row) => void }) {
  return (
    <table className="data-table">
      <caption>{caption}</caption>
      <thead>
        <tr>{columns.map((c) => <th key={c.key} scope="col" data-key={c.key}>{c.label}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} className={onRowClick ? 'clickable' : undefined} onClick={onRowClick ? () => onRowClick(r) : undefined}>
            {columns.map((c) => (
              <td key={c.key} data-key={c.key} data-value={JSON.stringify(r[c.key] ?? null)} className={c.format === 'text' ? undefined : 'num'}>
                {formatValue(r[c.key], c.format, lang)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
