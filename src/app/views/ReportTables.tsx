/** The Report view's main card: one report's three tables as printed, failed checks marked. */
import { APPLICANT_COLUMNS, TABLE_LABELS, type TemplateKey } from '../../report/template.ts';
import { columnOf } from '../../report/template.ts';
import { formatValue } from '../../charts/format.ts';
import { useSqlRows } from '../../data/queries.ts';
import { reportCells, reportChecks, reportRow } from '../../data/sql/report.ts';
import type { Lang } from '../../data/state.ts';
import { ChartCard, type ChartState } from '../ChartCard.tsx';
import { colon, t } from '../i18n.ts';
import { cellsOfCheck, table2Layout, table3Layout, TABLE4_GROUPS, TABLE4_RESULTS } from '../report-layout.ts';

function Cell({ k, value, marked, lang }: { k: string; value: unknown; marked: Set<string>; lang: Lang }) {
  const bad = marked.has(k);
  return (
    <td className={`num${bad ? ' cell-failed' : ''}${value === null || value === undefined ? ' cell-blank' : ''}`} data-cell={k} data-value={JSON.stringify(value ?? null)}
      title={bad ? (lang === 'zh' ? '涉及未通过的校验' : 'involved in a failed check') : undefined}>
      {value === null || value === undefined ? '' : formatValue(value, 'decimal', lang)}
    </td>
  );
}

/** Renders the report `reportId` (null: asks to pick one). */
export function ReportTables({ reportId, lang, waiting = false }: { reportId: string | null; lang: Lang; waiting?: boolean }) {
  const row = useSqlRows('reportRow', reportId, reportId ? reportRow(reportId) : null);
  const cells = useSqlRows('reportCells', reportId, reportId ? reportCells(reportId) : null);
  const checks = useSqlRows('reportChecks', reportId, reportId ? reportChecks(reportId) : null);
  const title = t(lang, 'chart.reportTables');
  if (!reportId) {
    return <ChartCard chartId="report.tables" title={title} state={waiting ? 'loading' : 'empty'} lang={lang} wide note={t(lang, 'report.pick')} />;
  }
  const err = row.error ?? cells.error ?? checks.error;
  const pending = row.isPending || cells.isPending || checks.isPending;
  const r = row.data?.[0];
  const state: ChartState = err ? 'error' : pending ? 'loading' : r ? 'ready' : 'empty';
  if (state !== 'ready' || !r) {
    return <ChartCard chartId="report.tables" title={title} state={state} lang={lang} wide error={err ? String((err as Error).message) : undefined}
      note={state === 'empty' ? `${t(lang, 'report.notFound')}${colon(lang)}${reportId}` : undefined} />;
  }
  const template = (r.template === '2019' ? '2019' : '2021') as TemplateKey;
  const cellValue = new Map((cells.data ?? []).map((c) => [`${c.row}.${c.applicant}`, c.count]));
  const marked = new Set((checks.data ?? []).flatMap((c) => cellsOfCheck(String(c.check_id), String(c.column ?? ''), template)));
  const fig = (key: string) => r[columnOf(key)];
  return (
    <ChartCard chartId="report.tables" title={`${String(r.agency ?? '')} · ${String(r.year ?? '')}`} state="ready" lang={lang} wide
      note={<>
        <div>{t(lang, 'report.source')}{colon(lang)}<code data-source>{String(r.source ?? '')}</code> · {t(lang, 'col.template')} {template} · {t(lang, 'report.blank')}</div>
        <div className="report-checks" data-checks={(checks.data ?? []).length}>
          {t(lang, 'report.failed')}{colon(lang)}{(checks.data ?? []).length === 0 ? t(lang, 'report.none') : (checks.data ?? []).map((c, i) => (
            <span key={i} className="check-chip">{String(c.check_id)} {String(c.column)}: {t(lang, 'col.expected')} {formatValue(c.expected, 'decimal', lang)}, {t(lang, 'col.actual')} {formatValue(c.actual, 'decimal', lang)}</span>
          ))}
          {(checks.data ?? []).length ? <span className="hint"> — {t(lang, 'report.marked')}</span> : null}
        </div>
      </>}>
      <div className="report-tables">
        <h4>{TABLE_LABELS.table2.short[lang]} {TABLE_LABELS.table2[lang]}{r.complete_table2 === false ? <span className="incomplete" data-incomplete="table2"> — {t(lang, 'report.incomplete')}</span> : null}</h4>
        <table className="report-table">
          <tbody>
            {table2Layout(template).map((row) => (
              <tr key={row.row}>
                <th scope="row">{row.label[lang]}</th>
                {row.columns.flatMap(([, key, label]) => [
                  <td key={`l-${key}`} className="pair-label">{label[lang]}</td>,
                  <Cell key={key} k={key} value={fig(key)} marked={marked} lang={lang} />,
                ])}
              </tr>
            ))}
          </tbody>
        </table>
        <h4>{TABLE_LABELS.table3.short[lang]} {TABLE_LABELS.table3[lang]}{r.complete_table3 === false ? <span className="incomplete" data-incomplete="table3"> — {t(lang, 'report.incomplete')}</span> : null}</h4>
        <div className="table-hscroll">
          <table className="report-table">
            <thead><tr><th />{APPLICANT_COLUMNS.map((c) => <th key={c.key} scope="col">{c.label[lang]}</th>)}</tr></thead>
            <tbody>
              {table3Layout(template).map((row) => (
                <tr key={row.row}>
                  <th scope="row">{row.label[lang]}</th>
                  {APPLICANT_COLUMNS.map((c) => {
                    const k = `${row.row}.${c.key}`;
                    return <Cell key={k} k={k} value={cellValue.has(k) ? cellValue.get(k) : null} marked={marked} lang={lang} />;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h4>{TABLE_LABELS.table4.short[lang]} {TABLE_LABELS.table4[lang]}{r.complete_table4 === false ? <span className="incomplete" data-incomplete="table4"> — {t(lang, 'report.incomplete')}</span> : null}</h4>
        <table className="report-table">
          <thead><tr><th />{TABLE4_RESULTS.map((x) => <th key={x.key} scope="col">{x.label[lang]}</th>)}</tr></thead>
          <tbody>
            {TABLE4_GROUPS.map((g) => (
              <tr key={g.key}>
                <th scope="row">{g.label[lang]}</th>
                {TABLE4_RESULTS.map((x) => { const k = `${g.key}_${x.key}`; return <Cell key={k} k={k} value={fig(k)} marked={marked} lang={lang} />; })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ChartCard>
  );
}
