/** The six views: each lays out its registry charts (and view controls) for the URL state. */
import { chartsOf, CHART_BY_ID, type Row } from '../../charts/registry.ts';
import { FIGURE_BY_KEY, TABLE_LABELS, type TableId } from '../../report/template.ts';
import { COMPARABLE_FIGURES, TOP_CHOICES, type UrlState, type ViewParams } from '../../data/state.ts';
import { useRows } from '../../data/queries.ts';
import { RegistryChart } from '../RegistryChart.tsx';
import { t } from '../i18n.ts';
import { ReportTables } from './ReportTables.tsx';

interface ViewProps {
  state: UrlState;
  years: number[];
  setParams: (p: Partial<ViewParams>) => void;
  /** Switches to the Report view on one report. */
  openReport: (reportId: string) => void;
}

function Grid({ state, view, onRowClick }: { state: UrlState; view: UrlState['view']; onRowClick?: (row: Row) => void }) {
  return (
    <div className="grid">
      {chartsOf(view).map((def) => <RegistryChart key={def.id} def={def} state={state} onRowClick={def.id === 'quality.failures' ? onRowClick : undefined} />)}
    </div>
  );
}

/** Compare view controls: figure, year, top N, districts or agencies. */
function CompareControls({ state, years, setParams }: ViewProps) {
  const { lang, params } = state;
  const groups = (['table2', 'table3', 'table4'] as TableId[]).map((tb) => ({
    table: tb, figures: [...COMPARABLE_FIGURES].map((k) => FIGURE_BY_KEY.get(k)!).filter((f) => f.table === tb),
  }));
  return (
    <form className="view-controls" aria-label={t(lang, 'view.compare')} onSubmit={(e) => e.preventDefault()}>
      <label className="filter filter-wide">
        <span>{t(lang, 'param.figure')}</span>
        <select name="figure" value={params.figure} onChange={(e) => setParams({ figure: e.target.value })}>
          {groups.map((g) => (
            <optgroup key={g.table} label={`${TABLE_LABELS[g.table].short[lang]} ${TABLE_LABELS[g.table][lang]}`}>
              {g.figures.map((f) => <option key={f.key} value={f.key}>{f.label[lang]}</option>)}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>{t(lang, 'param.year')}</span>
        <select name="year" value={params.year ?? ''} onChange={(e) => setParams({ year: e.target.value ? Number(e.target.value) : null })}>
          <option value="">{t(lang, 'param.latest')}</option>
          {years.map((y) => <option key={y} value={y}>{y}</option>)}
        </select>
      </label>
      <label className="filter">
        <span>{t(lang, 'param.top')}</span>
        <select name="top" value={params.top} onChange={(e) => setParams({ top: Number(e.target.value) })}>
          {TOP_CHOICES.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <fieldset className="filter segmented">
        <legend>{t(lang, 'param.by')}</legend>
        {(['district', 'agency'] as const).map((b) => (
          <label key={b} className={params.by === b ? 'on' : undefined}>
            <input type="radio" name="by" value={b} checked={params.by === b} onChange={() => setParams({ by: b })} />
            {t(lang, b === 'district' ? 'param.byDistrict' : 'param.byAgency')}
          </label>
        ))}
      </fieldset>
    </form>
  );
}

/** Report view: the chosen report (default: the first of the list) above the list of reports. */
function ReportView({ state, setParams }: ViewProps) {
  const listDef = CHART_BY_ID.get('report.list')!;
  const list = useRows(listDef.id, state, listDef.params, listDef.sql);
  const reportId = state.params.report ?? (list.data?.[0]?.report_id as string | undefined) ?? null;
  return (
    <div className="grid">
      <ReportTables reportId={reportId} lang={state.lang} waiting={!state.params.report && list.isPending} />
      <RegistryChart def={listDef} state={state} onRowClick={(r) => { setParams({ report: String(r.report_id) }); window.scrollTo({ top: 0 }); }} />
    </div>
  );
}

/** Renders the view named in the state. */
export function View(props: ViewProps) {
  const { state, setParams } = props;
  switch (state.view) {
    case 'compare':
      return (<><CompareControls {...props} /><Grid state={state} view="compare" /></>);
    case 'report':
      return <ReportView {...props} />;
    case 'quality':
      return (<><p className="view-note">{t(state.lang, 'quality.checks')}</p><Grid state={state} view="quality" onRowClick={(r) => { if (r.report_id) { props.openReport(String(r.report_id)); window.scrollTo({ top: 0 }); } }} /></>);
    default:
      return <Grid state={state} view={state.view} />;
  }
}
