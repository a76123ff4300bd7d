/**
 * Renders one chart of the registry for a URL state: runs its SQL through the data hooks,
 * prepares the drawn rows and shows them in a ChartCard (ECharts, KPI cards or a table).
 */
import { useMemo, useRef, type ReactNode } from 'react';
import type { ECharts, EChartsOption } from 'echarts';
import { drawnRows, isEmptyResult, type ChartContext, type ChartDef, type Row } from '../charts/registry.ts';
import { useRows } from '../data/queries.ts';
import type { UrlState } from '../data/state.ts';
import { useChartActions, type ChartActionInfo } from './chart-actions.tsx';
import { ChartCard, DataTable, type ChartState } from './ChartCard.tsx';
import { EChart } from './EChart.tsx';
import { KpiCards } from './KpiCards.tsx';
import { markFirstChart } from './perf.ts';

interface Props {
  def: ChartDef;
  state: UrlState;
  /** Row click on table charts (e.g. pick a report). */
  onRowClick?: (row: Row) => void;
  note?: ReactNode;
  wide?: boolean;
}

/** One registry chart in its card, with loading/empty/error states and the actions slot. */
export function RegistryChart({ def, state, onRowClick, note, wide }: Props) {
  const q = useRows(def.id, state, def.params, def.sql);
  const ctx: ChartContext = useMemo(() => ({ lang: state.lang, state: { filters: state.filters, params: state.params } }), [state]);
  const rows = useMemo(() => (q.data ? drawnRows(def, q.data, ctx) : []), [q.data, def, ctx]);
  const columns = useMemo(() => def.columns(ctx), [def, ctx]);
  const option = useMemo(() => (def.kind === 'echarts' && def.option && rows.length ? def.option(rows, ctx) : null), [def, rows, ctx]);
  const instance = useRef<ECharts | null>(null);
  const chartState: ChartState = q.isError ? 'error' : q.isPending ? 'loading' : isEmptyResult(def, rows) ? 'empty' : 'ready';
  const title = def.title(ctx);
  const unit = def.unit(ctx);
  const info: ChartActionInfo | null = chartState === 'ready'
    ? { def, title, rows, columns, state, lang: state.lang, sql: def.sql(ctx.state), getInstance: () => instance.current }
    : null;
  const actions = useChartActions(info);
  const height = typeof def.height === 'function' ? def.height(rows) : def.height ?? 320;
  // The last chart drawn stays mounted (same option object, so nothing is redrawn) while the
  // next filter state loads: the new rows then update the ECharts instance instead of
  // creating a new one (init + first paint cost several times an update).
  const drawn = useRef<{ option: EChartsOption; height: number } | null>(null);
  if (chartState === 'ready' && option) drawn.current = { option, height };
  else if (chartState !== 'loading') drawn.current = null;
  let body: ReactNode = null;
  if (def.kind === 'echarts' && drawn.current && (chartState === 'ready' || chartState === 'loading')) {
    const d = drawn.current;
    body = <EChart option={d.option} lang={state.lang} height={Math.max(200, Math.min(d.height, 900))} onInstance={(c) => { instance.current = c; }} onRendered={markFirstChart} />;
  } else if (chartState === 'ready') {
    if (def.kind === 'kpi') {
      body = <KpiCards rows={rows} lang={state.lang} />;
    } else if (def.kind === 'table') {
      body = (
        <div className="table-scroll">
          <DataTable rows={rows} columns={columns} lang={state.lang} caption={title} onRowClick={onRowClick} />
        </div>
      );
    }
  }
  return (
    <ChartCard chartId={def.id} title={title} unit={def.kind === 'echarts' ? unit : undefined} state={chartState} lang={state.lang}
      error={q.error ? String((q.error as Error).message ?? q.error) : undefined}
      rows={def.kind === 'table' ? undefined : rows} columns={def.kind === 'table' ? undefined : columns}
      actions={actions} note={note} wide={wide || def.wide || def.kind === 'table' || def.kind === 'kpi'}>
      {body}
    </ChartCard>
  );
}
