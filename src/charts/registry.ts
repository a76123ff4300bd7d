/**
 * Every chart of the dashboard by stable id: its view, title, unit, the SQL builder it
 * runs, how raw rows become the drawn rows, the data-table columns (exactly the drawn
 * values) and the ECharts option builder. One chart can be rendered alone from its id
 * (embed, export), and tests run the same SQL in Node.
 */
import type { EChartsOption } from 'echarts';
import { AGENCY_KIND_LABELS, type AgencyKind } from '../report/record.ts';
import { APPLICANT_COLUMNS, FIGURE_BY_KEY, isMoneyUnit, OUTCOME_GROUP_LABELS, REVIEW_GROUPS, REVIEW_RESULTS, TABLE3_ROWS, UNIT_LABELS } from '../report/template.ts';
import { colon, t, type StringKey } from '../app/i18n.ts';
import type { Lang, QueryState, ViewId, ViewParams } from '../data/state.ts';
import { headlineTrend, kpiByYear } from '../data/sql/overview.ts';
import { figureByDistrictYear, peerQuartiles, rankByFigure, REST } from '../data/sql/compare.ts';
import { grantRateByYear, OUTCOME_GROUPS, outcomesByApplicant, outcomesByYear, outcomeShares, reasonTotals } from '../data/sql/applications.ts';
import { correctionRatesByYear, reviewResultsByYear, reviewVolumesByYear } from '../data/sql/review.ts';
import { failedChecks, failuresByCheck, missingYears } from '../data/sql/quality.ts';
import { reportList } from '../data/sql/report.ts';
import { formatValue, type ValueFormat } from './format.ts';
import { boxplotOption, categoryBarOption, heatmapOption, smallMultiplesOption, yearSeriesOption, type OptionContext, type Row, type SeriesSpec } from './options.ts';

export type { Row } from './options.ts';

/** A column of a chart's data table (and of its CSV): row field, header, format. */
export interface DataColumn {
  key: string;
  label: string;
  format: ValueFormat;
}

export interface ChartContext {
  lang: Lang;
  state: QueryState;
}

/** How a chart is drawn: an ECharts chart, KPI cards or a plain table. */
export type ChartKind = 'echarts' | 'kpi' | 'table';

export interface ChartDef {
  id: string;
  view: ViewId;
  kind: ChartKind;
  /** Title shown on the card (depends on language and, for Compare, on the figure). */
  title: (ctx: ChartContext) => string;
  /** Unit label of the values (件, 万元, %). */
  unit: (ctx: ChartContext) => string;
  /** View params the chart depends on (part of its query key). */
  params: readonly (keyof ViewParams)[];
  /** The SQL it runs, from filters and params. */
  sql: (s: QueryState) => string;
  /** Raw query rows → the rows drawn (labels resolved); identity when absent. */
  prepare?: (rows: Row[], ctx: ChartContext) => Row[];
  /** Data-table columns, exactly the values drawn. */
  columns: (ctx: ChartContext) => DataColumn[];
  /** ECharts option from the drawn rows (kind 'echarts'). */
  option?: (rows: Row[], ctx: ChartContext) => EChartsOption;
  /** Card height in px for the chart area. */
  height?: number | ((rows: Row[]) => number);
  /** Card spans the full width of the view grid. */
  wide?: boolean;
  /** Rows count as empty when this says so (default: no rows). */
  isEmpty?: (rows: Row[]) => boolean;
}

const s = (key: StringKey) => (ctx: ChartContext) => t(ctx.lang, key);
const cases = s('unit.cases');
const percent = s('unit.percent');
const col = (key: string, label: string, format: ValueFormat): DataColumn => ({ key, label, format });
const yearCol = (ctx: ChartContext) => col('year', t(ctx.lang, 'col.year'), 'year');

/** Label and unit of the compared figure. */
function figureInfo(ctx: ChartContext): { label: string; unit: string; format: ValueFormat } {
  const f = FIGURE_BY_KEY.get(ctx.state.params.figure);
  if (!f) return { label: ctx.state.params.figure, unit: '', format: 'int' };
  return { label: f.label[ctx.lang], unit: UNIT_LABELS[f.unit][ctx.lang], format: isMoneyUnit(f.unit) ? 'decimal' : 'int' };
}

function optionCtx(ctx: ChartContext, unit: string, format: ValueFormat, rows: Row[], columns: DataColumn[], title: string): OptionContext {
  return { lang: ctx.lang, unit, format, description: describe(title, rows, columns, ctx.lang) };
}

/** Aria description: the title and the first rows as text. */
export function describe(title: string, rows: Row[], columns: DataColumn[], lang: Lang): string {
  const shown = rows.slice(0, 12).map((r) => columns.map((c) => `${c.label} ${formatValue(r[c.key], c.format, lang)}`).join(', '));
  const more = rows.length > 12 ? (lang === 'zh' ? `等共 ${rows.length} 行` : `and ${rows.length - 12} more rows`) : '';
  return `${title}. ${shown.join('; ')}${more ? `; ${more}` : ''}`;
}

function kindLabel(kind: unknown, lang: Lang): string {
  return AGENCY_KIND_LABELS[kind as AgencyKind]?.[lang] ?? String(kind ?? '');
}

/** Builds a year-series chart def from series keys with labels. */
function yearChart(def: {
  id: string; view: ViewId; title: StringKey; sql: (s: QueryState) => string; series: (lang: Lang) => SeriesSpec[];
  unit: (ctx: ChartContext) => string; format: ValueFormat; type?: 'bar' | 'line'; stack?: boolean; wide?: boolean;
}): ChartDef {
  const columns = (ctx: ChartContext) => [yearCol(ctx), ...def.series(ctx.lang).map((x) => col(x.key, x.label, def.format))];
  return {
    id: def.id, view: def.view, kind: 'echarts', title: s(def.title), unit: def.unit, params: [], sql: def.sql, columns, wide: def.wide,
    isEmpty: (rows) => rows.every((r) => def.series('en').every((x) => r[x.key] === null || r[x.key] === undefined)),
    option: (rows, ctx) => yearSeriesOption(rows, def.series(ctx.lang), optionCtx(ctx, def.unit(ctx), def.format, rows, columns(ctx), t(ctx.lang, def.title)), { type: def.type, stack: def.stack }),
  };
}

const figureLabel = (key: string, lang: Lang) => FIGURE_BY_KEY.get(key)?.label[lang] ?? key;
const outcomeSeries = (lang: Lang): SeriesSpec[] => OUTCOME_GROUPS.map((g) => ({ key: g, label: OUTCOME_GROUP_LABELS[g][lang] }));
const reviewSeries = (lang: Lang): SeriesSpec[] => REVIEW_GROUPS.map((g) => ({ key: g.key, label: g.label[lang] }));

/** Figures shown as KPI cards, with their source table (null = report metadata). */
export const KPI_FIELDS: readonly { key: string; label: StringKey; format: ValueFormat; table: 'table2' | 'table3' | 'table4' | null }[] = [
  { key: 'reports', label: 'kpi.reports', format: 'int', table: null },
  { key: 'agencies', label: 'kpi.agencies', format: 'int', table: null },
  { key: 'licensing', label: 'kpi.licensing', format: 'int', table: 'table2' },
  { key: 'penalty', label: 'kpi.penalty', format: 'int', table: 'table2' },
  { key: 'applications', label: 'kpi.applications', format: 'int', table: 'table3' },
  { key: 'grant_rate', label: 'kpi.grant_rate', format: 'percent', table: 'table3' },
  { key: 'review_correction_rate', label: 'kpi.review_correction_rate', format: 'percent', table: 'table4' },
];

function reasonChart(id: string, title: StringKey, group: 'denied' | 'unable'): ChartDef {
  const columns = (ctx: ChartContext) => [col('label', t(ctx.lang, 'col.reason'), 'text'), col('value', t(ctx.lang, 'col.value'), 'int')];
  return {
    id, view: 'applications', kind: 'echarts', title: s(title), unit: cases, params: [], sql: (q) => reasonTotals(q, group), columns,
    prepare: (rows, ctx) => rows.map((r) => ({ label: TABLE3_ROWS.find((x) => x.row === r.reason)?.label[ctx.lang] ?? String(r.reason), value: r.value })),
    isEmpty: (rows) => rows.every((r) => r.value === null),
    option: (rows, ctx) => categoryBarOption(rows, 'label', [{ key: 'value', label: t(ctx.lang, 'col.value') }], optionCtx(ctx, cases(ctx), 'int', rows, columns(ctx), t(ctx.lang, title))),
    height: (rows) => 60 + rows.length * 34,
  };
}

/** Readable label of a check's `column`: applicant column, table-3 row or table-4 group. */
export function checkColumnLabel(check: string, column: string, lang: Lang): string {
  const applicant = APPLICANT_COLUMNS.find((c) => c.key === column);
  if (check === 'C3') return TABLE3_ROWS.find((r) => r.row === column)?.label[lang] ?? column;
  if (check === 'C4') return REVIEW_GROUPS.find((g) => g.key === column)?.label[lang] ?? column;
  return applicant?.label[lang] ?? column;
}

/** Districts in the Compare heatmap and in its small multiples (the first of the heatmap's). */
const HEATMAP_DISTRICTS = 15;
const MULTIPLES_DISTRICTS = 6;

/** The rows of the first n distinct `name`s, in row order. */
function firstNames(rows: Row[], n: number): Row[] {
  const names = new Set<unknown>();
  return rows.filter((r) => {
    if (!names.has(r.name)) {
      if (names.size >= n) return false;
      names.add(r.name);
    }
    return true;
  });
}

/** The chart registry, in display order per view. */
export const CHARTS: readonly ChartDef[] = [
  {
    id: 'overview.kpis', view: 'overview', kind: 'kpi', title: s('chart.kpis'), unit: cases, params: [], sql: kpiByYear,
    columns: (ctx) => [yearCol(ctx), ...KPI_FIELDS.map((k) => col(k.key, t(ctx.lang, k.label), k.format))],
  },
  yearChart({
    id: 'overview.trend', view: 'overview', title: 'chart.trend', sql: headlineTrend, unit: cases, format: 'int', type: 'line', wide: true,
    series: (lang) => ['licensing', 'penalty', 'coercion'].map((k) => ({ key: k, label: figureLabel(k, lang) })),
  }),
  (() => {
    const columns = (ctx: ChartContext): DataColumn[] => [col('rank', t(ctx.lang, 'col.rank'), 'int'), col('name', t(ctx.lang, 'col.name'), 'text'), yearCol(ctx), col('value', figureInfo(ctx).label, figureInfo(ctx).format), col('reports', t(ctx.lang, 'col.reports'), 'int')];
    const title = (ctx: ChartContext) => `${t(ctx.lang, 'chart.rank')}${colon(ctx.lang)}${figureInfo(ctx).label}${ctx.state.params.year ? ` · ${ctx.state.params.year}` : ''}`;
    return {
      id: 'compare.rank', view: 'compare', kind: 'echarts', title, unit: (ctx) => figureInfo(ctx).unit, params: ['figure', 'year', 'top', 'by'], sql: rankByFigure, columns,
      prepare: (rows, ctx) => rows.map((r) => (r.name === REST ? { ...r, name: `${t(ctx.lang, 'col.rest')} (${r.reports})` } : r)),
      option: (rows, ctx) => categoryBarOption(rows, 'name', [{ key: 'value', label: figureInfo(ctx).label }], optionCtx(ctx, figureInfo(ctx).unit, figureInfo(ctx).format, rows, columns(ctx), title(ctx))),
      height: (rows) => 60 + rows.length * 30,
    } satisfies ChartDef;
  })(),
  (() => {
    const columns = (ctx: ChartContext): DataColumn[] => [col('name', t(ctx.lang, 'col.district'), 'text'), yearCol(ctx), col('value', figureInfo(ctx).label, figureInfo(ctx).format)];
    const title = (ctx: ChartContext) => `${t(ctx.lang, 'chart.heatmap')}${colon(ctx.lang)}${figureInfo(ctx).label}`;
    return {
      id: 'compare.heatmap', view: 'compare', kind: 'echarts', title, unit: (ctx) => figureInfo(ctx).unit, params: ['figure'], sql: (q) => figureByDistrictYear(q, HEATMAP_DISTRICTS), columns,
      option: (rows, ctx) => heatmapOption(rows, optionCtx(ctx, figureInfo(ctx).unit, figureInfo(ctx).format, rows, columns(ctx), title(ctx))),
      height: (rows) => 110 + new Set(rows.map((r) => r.name)).size * 28,
    } satisfies ChartDef;
  })(),
  (() => {
    const columns = (ctx: ChartContext): DataColumn[] => [col('name', t(ctx.lang, 'col.district'), 'text'), yearCol(ctx), col('value', figureInfo(ctx).label, figureInfo(ctx).format)];
    const title = (ctx: ChartContext) => `${t(ctx.lang, 'chart.multiples')}${colon(ctx.lang)}${figureInfo(ctx).label}`;
    return {
      // The heatmap's SQL (one query for both charts), cut to its first districts: the
      // top 6 by total are the first 6 of the top 15 in the same order.
      id: 'compare.multiples', view: 'compare', kind: 'echarts', title, unit: (ctx) => figureInfo(ctx).unit, params: ['figure'], sql: (q) => figureByDistrictYear(q, HEATMAP_DISTRICTS), columns,
      prepare: (rows) => firstNames(rows, MULTIPLES_DISTRICTS),
      option: (rows, ctx) => smallMultiplesOption(rows, optionCtx(ctx, figureInfo(ctx).unit, figureInfo(ctx).format, rows, columns(ctx), title(ctx))),
      height: (rows) => (new Set(rows.map((r) => r.name)).size > 3 ? 440 : 240),
    } satisfies ChartDef;
  })(),
  (() => {
    const columns = (ctx: ChartContext): DataColumn[] => [col('group', t(ctx.lang, 'col.group'), 'text'), col('reports', t(ctx.lang, 'col.reports'), 'int'),
      ...(['min', 'q1', 'median', 'q3', 'max'] as const).map((k) => col(k, t(ctx.lang, `col.${k}`), figureInfo(ctx).format === 'int' ? 'decimal' : figureInfo(ctx).format))];
    const title = (ctx: ChartContext) => `${t(ctx.lang, 'chart.peers')}${colon(ctx.lang)}${figureInfo(ctx).label}${ctx.state.params.year ? ` · ${ctx.state.params.year}` : ''}`;
    return {
      id: 'compare.peers', view: 'compare', kind: 'echarts', title, unit: (ctx) => figureInfo(ctx).unit, params: ['figure', 'year'], sql: peerQuartiles, columns,
      prepare: (rows, ctx) => rows.map((r) => ({ group: `${r.province}·${kindLabel(r.agency_kind, ctx.lang)}`, reports: r.reports, min: r.min, q1: r.q1, median: r.median, q3: r.q3, max: r.max })),
      option: (rows, ctx) => boxplotOption(rows, optionCtx(ctx, figureInfo(ctx).unit, figureInfo(ctx).format, rows, columns(ctx), title(ctx))),
      height: (rows) => 60 + rows.length * 32,
    } satisfies ChartDef;
  })(),
  yearChart({ id: 'applications.outcomes', view: 'applications', title: 'chart.outcomes', sql: outcomesByYear, unit: cases, format: 'int', stack: true, series: outcomeSeries }),
  // Drawn from the outcomes query (one query for both charts): outcomeShares gives outcomeSharesByYear's rows.
  { ...yearChart({ id: 'applications.shares', view: 'applications', title: 'chart.outcomeShares', sql: outcomesByYear, unit: percent, format: 'percent', stack: true, series: outcomeSeries }), prepare: (rows) => outcomeShares(rows) },
  (() => {
    const columns = (ctx: ChartContext): DataColumn[] => [col('label', t(ctx.lang, 'col.applicant'), 'text'), ...outcomeSeries(ctx.lang).map((x) => col(x.key, x.label, 'int'))];
    return {
      id: 'applications.by-applicant', view: 'applications', kind: 'echarts', title: s('chart.byApplicant'), unit: cases, params: [], sql: outcomesByApplicant, columns,
      prepare: (rows, ctx) => rows.map((r) => ({ label: APPLICANT_COLUMNS.find((c) => c.key === r.applicant)?.label[ctx.lang] ?? String(r.applicant), ...Object.fromEntries(OUTCOME_GROUPS.map((g) => [g, r[g]])) })),
      option: (rows, ctx) => categoryBarOption(rows, 'label', outcomeSeries(ctx.lang), optionCtx(ctx, cases(ctx), 'int', rows, columns(ctx), t(ctx.lang, 'chart.byApplicant')), { stack: true }),
      height: 300,
    } satisfies ChartDef;
  })(),
  yearChart({ id: 'applications.grant-rate', view: 'applications', title: 'chart.grantRate', sql: grantRateByYear, unit: percent, format: 'percent', type: 'line', series: (lang) => [{ key: 'grant_rate', label: t(lang, 'kpi.grant_rate') }] }),
  reasonChart('applications.refusals', 'chart.refusals', 'denied'),
  reasonChart('applications.unable', 'chart.unable', 'unable'),
  yearChart({ id: 'review.volumes', view: 'review', title: 'chart.reviewVolumes', sql: reviewVolumesByYear, unit: cases, format: 'int', series: reviewSeries }),
  yearChart({ id: 'review.correction', view: 'review', title: 'chart.correction', sql: correctionRatesByYear, unit: percent, format: 'percent', type: 'line', series: reviewSeries }),
  yearChart({
    id: 'review.results', view: 'review', title: 'chart.reviewResults', sql: reviewResultsByYear, unit: cases, format: 'int', stack: true, wide: true,
    series: (lang) => REVIEW_RESULTS.filter((r) => r.key !== 'total').map((r) => ({ key: r.key, label: lang === 'en' ? r.label.en.charAt(0).toUpperCase() + r.label.en.slice(1) : r.label.zh })),
  }),
  {
    id: 'report.list', view: 'report', kind: 'table', title: s('chart.reportList'), unit: s('unit.reports'), params: [], sql: reportList,
    columns: (ctx) => [col('agency', t(ctx.lang, 'col.agency'), 'text'), yearCol(ctx), col('template', t(ctx.lang, 'col.template'), 'text'), col('failed_checks', t(ctx.lang, 'col.failedChecks'), 'int')],
  },
  (() => {
    const columns = (ctx: ChartContext): DataColumn[] => [col('check_id', t(ctx.lang, 'col.check'), 'text'), col('reports', t(ctx.lang, 'col.reports'), 'int'), col('failures', t(ctx.lang, 'col.failures'), 'int')];
    return {
      id: 'quality.by-check', view: 'quality', kind: 'echarts', title: s('chart.byCheck'), unit: s('unit.reports'), params: [], sql: failuresByCheck, columns,
      isEmpty: (rows) => rows.every((r) => !r.failures),
      option: (rows, ctx) => categoryBarOption(rows, 'check_id', [{ key: 'reports', label: t(ctx.lang, 'col.reports') }, { key: 'failures', label: t(ctx.lang, 'col.failures') }],
        optionCtx(ctx, t(ctx.lang, 'unit.reports'), 'int', rows, columns(ctx), t(ctx.lang, 'chart.byCheck'))),
      height: (rows) => 80 + rows.length * 44,
    } satisfies ChartDef;
  })(),
  {
    id: 'quality.failures', view: 'quality', kind: 'table', title: s('chart.failures'), unit: cases, params: [], sql: failedChecks,
    prepare: (rows, ctx) => rows.map((r) => ({ ...r, column: checkColumnLabel(String(r.check_id), String(r.column ?? ''), ctx.lang) })),
    columns: (ctx) => [col('agency', t(ctx.lang, 'col.agency'), 'text'), yearCol(ctx), col('check_id', t(ctx.lang, 'col.check'), 'text'), col('column', t(ctx.lang, 'col.column'), 'text'), col('expected', t(ctx.lang, 'col.expected'), 'decimal'), col('actual', t(ctx.lang, 'col.actual'), 'decimal')],
  },
  {
    id: 'quality.missing', view: 'quality', kind: 'table', title: s('chart.missing'), unit: s('unit.reports'), params: [], sql: missingYears,
    columns: (ctx) => [col('agency', t(ctx.lang, 'col.agency'), 'text'), col('province', t(ctx.lang, 'col.province'), 'text'), col('city', t(ctx.lang, 'col.city'), 'text'), col('district', t(ctx.lang, 'col.district'), 'text'),
      col('first_year', t(ctx.lang, 'col.firstYear'), 'year'), col('last_year', t(ctx.lang, 'col.lastYear'), 'year'), col('missing_year', t(ctx.lang, 'col.missingYear'), 'year')],
  },
];

/** Chart definitions by id. */
export const CHART_BY_ID: ReadonlyMap<string, ChartDef> = new Map(CHARTS.map((c) => [c.id, c]));

/** The charts of one view, in display order. */
export function chartsOf(view: ViewId): ChartDef[] {
  return CHARTS.filter((c) => c.view === view);
}

/** The drawn rows of a chart from its raw query rows. */
export function drawnRows(def: ChartDef, raw: Row[], ctx: ChartContext): Row[] {
  return def.prepare ? def.prepare(raw, ctx) : raw;
}

/** True when a chart has nothing to draw. */
export function isEmptyResult(def: ChartDef, rows: Row[]): boolean {
  return rows.length === 0 || (def.isEmpty?.(rows) ?? false);
}
