/** KPI cards of the Overview: the latest year's figures with year-on-year change and source table. */
import { KPI_FIELDS, type Row } from '../charts/registry.ts';
import { formatValue } from '../charts/format.ts';
import { TABLE_LABELS } from '../report/template.ts';
import type { Lang } from '../data/state.ts';
import { colon, t } from './i18n.ts';

/** Change between two values: relative (counts) or in percentage points (rates); null when unknown. */
export function yearOnYear(cur: unknown, prev: unknown, rate: boolean): number | null {
  if (typeof cur !== 'number' || typeof prev !== 'number') return null;
  if (rate) return cur - prev;
  return prev === 0 ? null : (cur - prev) / prev;
}

/** Cards for the last row (latest year), compared with the row of the year before. */
export function KpiCards({ rows, lang }: { rows: Row[]; lang: Lang }) {
  const last = rows[rows.length - 1];
  if (!last) return null;
  const prev = rows.find((r) => Number(r.year) === Number(last.year) - 1);
  return (
    <div className="kpis">
      <div className="kpi-year">
        {lang === 'zh' ? `${String(last.year)} 年` : String(last.year)}
        {prev ? (lang === 'zh' ? `，与 ${String(prev.year)} 年比较` : `, compared with ${String(prev.year)}`) : ''}
      </div>
      {KPI_FIELDS.map((k) => {
        const rate = k.format === 'percent';
        const change = prev ? yearOnYear(last[k.key], prev[k.key], rate) : null;
        const changeText = last[k.key] === null || last[k.key] === undefined
          ? ''
          : change === null
          ? t(lang, 'kpi.noPrev')
          : `${change > 0 ? '▲' : change < 0 ? '▼' : '■'} ${rate ? `${(Math.abs(change) * 100).toFixed(1)} ${lang === 'zh' ? '个百分点' : 'pp'}` : `${(Math.abs(change) * 100).toFixed(1)}%`} ${t(lang, 'kpi.vsPrev')}`;
        return (
          <div className="kpi" key={k.key} data-kpi={k.key} data-value={JSON.stringify(last[k.key] ?? null)}>
            <div className="kpi-label">{t(lang, k.label)}</div>
            <div className="kpi-value">{formatValue(last[k.key], k.format, lang)}</div>
            <div className={`kpi-change${change === null ? '' : change > 0 ? ' up' : change < 0 ? ' down' : ''}`}>{changeText}</div>
            <div className="kpi-source">{t(lang, 'kpi.source')}{colon(lang)}{k.table ? TABLE_LABELS[k.table].short[lang] : t(lang, 'kpi.reportsSource')}</div>
          </div>
        );
      })}
    </div>
  );
}
