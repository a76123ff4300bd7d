/**
 * ECharts option builders: pure functions from drawn rows to an option, using `dataset`
 * + `encode`, `aria` on, units on axes and tooltips that escape every text they show.
 */
import type { EChartsOption } from 'echarts';
import type { Lang } from '../data/state.ts';
import { escapeHtml, formatValue, type ValueFormat } from './format.ts';

export type Row = Record<string, unknown>;

/** A series of a chart: which row field it draws and its legend label. */
export interface SeriesSpec {
  key: string;
  label: string;
}

/** What every builder needs besides rows: language, y/x unit label, value format, aria text. */
export interface OptionContext {
  lang: Lang;
  unit: string;
  format: ValueFormat;
  description: string;
}

export const PALETTE = ['#2f6690', '#d1495b', '#edae49', '#66a182', '#8d6a9f', '#9c6644', '#7a8b99', '#4fb3bf'];

const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

/** A legend that wraps onto a second line instead of paging. */
function legend(): EChartsOption['legend'] {
  return { top: 0, type: 'plain', itemWidth: 14, itemHeight: 10, itemGap: 12 };
}

/** Room above the plot for a legend of n entries (one or two lines). */
function legendSpace(n: number): number {
  return n > 4 ? 64 : 44;
}

function base(ctx: OptionContext): EChartsOption {
  return {
    color: PALETTE,
    textStyle: { fontFamily: FONT },
    aria: { enabled: true, label: { enabled: true, description: ctx.description } },
    // No entry/update animation: every filter change redraws at once instead of repainting
    // each chart for ~20 frames while the other charts of the view are still being drawn.
    animation: false,
  };
}

function axisValue(ctx: OptionContext) {
  return {
    type: 'value' as const,
    name: ctx.unit,
    ...(ctx.format === 'int' ? { minInterval: 1 } : {}),
    nameTextStyle: { color: '#5b6670' },
    axisLabel: {
      formatter: (v: number) => (ctx.format === 'percent' ? `${Math.round(v * 100)}%` : formatValue(v, 'int', ctx.lang)),
    },
    splitLine: { lineStyle: { color: '#e7ebef' } },
  };
}

interface TooltipParam { marker?: string; seriesName?: string; name?: string; value?: unknown; encode?: Record<string, number[]>; dimensionNames?: string[] }

/** Tooltip formatter that escapes every name and formats values; works for item and axis triggers. */
export function safeTooltip(ctx: OptionContext, valueAxis: 'x' | 'y' = 'y') {
  return (raw: unknown): string => {
    const list = (Array.isArray(raw) ? raw : [raw]) as TooltipParam[];
    const head = list[0]?.name ?? '';
    const lines = list.map((p) => {
      const dimIdx = p.encode?.[valueAxis]?.[0];
      const dim = dimIdx !== undefined ? p.dimensionNames?.[dimIdx] : undefined;
      const v = p.value && typeof p.value === 'object' && dim ? (p.value as Row)[dim] : p.value;
      return `${p.marker ?? ''}${escapeHtml(String(p.seriesName ?? ''))}: <b>${escapeHtml(formatValue(v, ctx.format, ctx.lang))}</b>`;
    });
    return [`<div style="font-weight:600">${escapeHtml(String(head))}</div>`, ...lines].join('<br/>');
  };
}

/** Bars or lines over years (x = `year`), one series per spec; stacked when asked. */
export function yearSeriesOption(rows: Row[], series: SeriesSpec[], ctx: OptionContext, opts: { type?: 'bar' | 'line'; stack?: boolean } = {}): EChartsOption {
  const type = opts.type ?? 'bar';
  return {
    ...base(ctx),
    legend: legend(),
    grid: { left: 8, right: 16, top: legendSpace(series.length) + 14, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', formatter: safeTooltip(ctx) },
    dataset: { dimensions: ['year', ...series.map((s) => s.key)], source: rows.map((r) => ({ ...r, year: String(r.year) })) },
    xAxis: { type: 'category' },
    yAxis: { ...axisValue(ctx), ...(ctx.format === 'percent' && opts.stack ? { max: 1 } : {}) },
    series: series.map((s) => ({
      type, name: s.label, encode: { x: 'year', y: s.key }, ...(opts.stack ? { stack: 'total' } : {}),
      ...(type === 'line' ? { symbolSize: 7, connectNulls: false } : { barMaxWidth: 48 }),
    })),
  };
}

/** Horizontal bars for categories (`nameKey`), largest first at the top; stacked when several series. */
export function categoryBarOption(rows: Row[], nameKey: string, series: SeriesSpec[], ctx: OptionContext, opts: { stack?: boolean } = {}): EChartsOption {
  return {
    ...base(ctx),
    legend: series.length > 1 ? legend() : { show: false },
    grid: { left: 12, right: 28, top: series.length > 1 ? legendSpace(series.length) : 16, bottom: 28, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: safeTooltip(ctx, 'x') },
    dataset: { dimensions: [nameKey, ...series.map((s) => s.key)], source: rows },
    yAxis: { type: 'category', inverse: true, axisLabel: { width: 170, overflow: 'truncate' } },
    xAxis: { ...axisValue(ctx), nameLocation: 'middle', nameGap: 26 },
    series: series.map((s) => ({
      type: 'bar', name: s.label, encode: { y: nameKey, x: s.key }, barMaxWidth: 28, ...(opts.stack ? { stack: 'total' } : {}),
    })),
  };
}

/** Heatmap of `value` by `name` (rows) and `year` (columns). */
export function heatmapOption(rows: Row[], ctx: OptionContext): EChartsOption {
  const names = [...new Set(rows.map((r) => String(r.name)))];
  const years = [...new Set(rows.map((r) => Number(r.year)))].sort((a, b) => a - b).map(String);
  const values = rows.map((r) => Number(r.value)).filter((v) => Number.isFinite(v));
  return {
    ...base(ctx),
    grid: { left: 8, right: 16, top: 16, bottom: 64, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const v = (p as { value?: Row }).value ?? {};
        return `${escapeHtml(String(v.name))} · ${escapeHtml(String(v.year))}<br/><b>${escapeHtml(formatValue(v.value, ctx.format, ctx.lang))}</b> ${escapeHtml(ctx.unit)}`;
      },
    },
    dataset: { dimensions: ['name', 'year', 'value'], source: rows.map((r) => ({ ...r, year: String(r.year) })) },
    xAxis: { type: 'category', data: years, splitArea: { show: true } },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 180, overflow: 'truncate' } },
    visualMap: {
      min: values.length ? Math.min(...values) : 0, max: values.length ? Math.max(...values, 1) : 1,
      calculable: true, orient: 'horizontal', left: 'center', bottom: 0, text: [ctx.unit, ''],
      formatter: (v: unknown) => formatValue(Number(v), ctx.format === 'int' ? 'int' : 'decimal', ctx.lang),
      inRange: { color: ['#eef4f8', '#2f6690'] },
    },
    series: [{ type: 'heatmap', encode: { x: 'year', y: 'name', value: 'value' }, label: { show: names.length <= 12 && years.length <= 8, formatter: (p: unknown) => formatValue(((p as { value?: Row }).value ?? {}).value, 'int', ctx.lang) } }],
  };
}

/** The smallest 1-2-5 × 10^k step at or above v (a shared axis maximum that reads well). */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Small multiples: one mini line chart per `name` over years, sharing the y scale. */
export function smallMultiplesOption(rows: Row[], ctx: OptionContext, columns = 3): EChartsOption {
  const names = [...new Set(rows.map((r) => String(r.name)))];
  const years = [...new Set(rows.map((r) => Number(r.year)))].sort((a, b) => a - b).map(String);
  const nRows = Math.max(1, Math.ceil(names.length / columns));
  const cellW = 100 / columns;
  const cellH = 100 / nRows;
  const max = niceCeil(Math.max(0, ...rows.map((r) => Number(r.value) || 0)));
  return {
    ...base(ctx),
    tooltip: { trigger: 'axis', formatter: safeTooltip(ctx) },
    title: names.map((n, i) => ({
      text: n, left: `${(i % columns) * cellW + 2}%`, top: `${Math.floor(i / columns) * cellH + 1}%`, textStyle: { fontSize: 12, fontWeight: 'normal', color: '#33404d' },
    })),
    dataset: [
      { dimensions: ['name', 'year', 'value'], source: rows.map((r) => ({ ...r, year: String(r.year) })) },
      ...names.map((n) => ({ transform: { type: 'filter' as const, config: { dimension: 'name', '=': n } } })),
    ],
    grid: names.map((_, i) => ({
      left: `${(i % columns) * cellW + 2}%`, width: `${cellW - 6}%`, top: `${Math.floor(i / columns) * cellH + 7}%`, height: `${cellH - 16}%`, containLabel: true,
    })),
    xAxis: names.map((_, i) => ({ type: 'category' as const, gridIndex: i, data: years, axisLabel: { fontSize: 10 } })),
    yAxis: names.map((_, i) => ({ ...axisValue(ctx), gridIndex: i, max, name: '', axisLabel: { fontSize: 10, formatter: (v: number) => formatValue(v, 'int', ctx.lang) } })),
    series: names.map((n, i) => ({ type: 'line' as const, name: n, datasetIndex: i + 1, xAxisIndex: i, yAxisIndex: i, encode: { x: 'year', y: 'value' }, symbolSize: 5, color: PALETTE[0] })),
  };
}

/** Box plot of peer groups from precomputed min/q1/median/q3/max (`group` is the label field). */
export function boxplotOption(rows: Row[], ctx: OptionContext): EChartsOption {
  return {
    ...base(ctx),
    grid: { left: 12, right: 28, top: 16, bottom: 28, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const v = (p as { value?: Row }).value ?? {};
        const f = (k: string) => escapeHtml(formatValue(v[k], ctx.format, ctx.lang));
        const zh = ctx.lang === 'zh';
        return `<b>${escapeHtml(String(v.group))}</b> (${escapeHtml(String(v.reports))} ${zh ? '份' : 'reports'})<br/>`
          + `${zh ? '最大值' : 'max'}: ${f('max')}<br/>${zh ? '上四分位' : 'Q3'}: ${f('q3')}<br/>${zh ? '中位数' : 'median'}: <b>${f('median')}</b><br/>${zh ? '下四分位' : 'Q1'}: ${f('q1')}<br/>${zh ? '最小值' : 'min'}: ${f('min')}`;
      },
    },
    dataset: { dimensions: ['group', 'min', 'q1', 'median', 'q3', 'max', 'reports'], source: rows },
    yAxis: { type: 'category', inverse: true, axisLabel: { width: 170, overflow: 'truncate' } },
    xAxis: { ...axisValue(ctx), nameLocation: 'middle', nameGap: 26 },
    series: [{ type: 'boxplot', encode: { y: 'group', x: ['min', 'q1', 'median', 'q3', 'max'] }, itemStyle: { color: '#dbe7f0', borderColor: PALETTE[0] } }],
  };
}
