/**
 * Option builders, the chart registry and URL state: pure functions checked on rows
 * from the bundled dataset and on hostile text.
 */
import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHARTS, CHART_BY_ID, chartsOf, drawnRows, type ChartContext } from '../src/charts/registry.ts';
import { categoryBarOption, niceCeil, safeTooltip, yearSeriesOption, type OptionContext } from '../src/charts/options.ts';
import { escapeHtml, formatValue } from '../src/charts/format.ts';
import { DEFAULT_STATE, parseUrlState, toSearch, VIEWS, type UrlState } from '../src/data/state.ts';
import { openParquet, rowsOf } from './e2e/reference.ts';

const DIR = existsSync('public/data/manifest.json') ? 'public/data' : '.cache/dev-data';
const HOSTILE = '<img src=x onerror=alert(1)>';
const octx: OptionContext = { lang: 'zh', unit: '件', format: 'int', description: 'd' };
let conn: DuckDBConnection;
beforeAll(async () => { conn = await openParquet(DIR); });

describe('option builders', () => {
  it('yearSeriesOption: dataset + encode, one series per spec, aria description, unit on the axis', () => {
    const rows = [{ year: 2020, a: 1, b: null }, { year: 2021, a: 3, b: 4 }];
    const o = yearSeriesOption(rows, [{ key: 'a', label: 'A' }, { key: 'b', label: 'B' }], octx, { stack: true }) as Record<string, any>;
    expect(o.dataset.source).toEqual([{ year: '2020', a: 1, b: null }, { year: '2021', a: 3, b: 4 }]);
    expect(o.series.map((s: any) => [s.name, s.encode.y, s.stack])).toEqual([['A', 'a', 'total'], ['B', 'b', 'total']]);
    expect(o.aria).toEqual({ enabled: true, label: { enabled: true, description: 'd' } });
    expect(o.yAxis.name).toBe('件');
  });

  it('tooltips escape names and values from the data', () => {
    const f = safeTooltip(octx);
    const html = f([{ marker: '', seriesName: HOSTILE, name: HOSTILE, value: { year: '2020', v: 12345 }, encode: { y: [1] }, dimensionNames: ['year', 'v'] }]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('12,345');
    const bar = categoryBarOption([{ name: HOSTILE, value: 1 }], 'name', [{ key: 'value', label: 'v' }], octx) as Record<string, any>;
    expect(bar.tooltip.formatter([{ name: HOSTILE, seriesName: 'v', value: { name: HOSTILE, value: 1 }, encode: { x: [1] }, dimensionNames: ['name', 'value'] }])).not.toContain('<img');
  });

  it('formats: blank for null, never 0; percent with one decimal', () => {
    expect(formatValue(null, 'int', 'zh')).toBe('—');
    expect(formatValue(0, 'int', 'zh')).toBe('0');
    expect(formatValue(0.1234, 'percent', 'en')).toBe('12.3%');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('niceCeil rounds up to 1-2-2.5-5 steps', () => {
    expect([0, 1, 7, 12, 44613, 250].map(niceCeil)).toEqual([1, 1, 10, 20, 50000, 250]);
  });
});

describe('chart registry', () => {
  it('has unique ids, every view has charts, and ids are stable names', () => {
    expect(new Set(CHARTS.map((c) => c.id)).size).toBe(CHARTS.length);
    for (const v of VIEWS) if (v !== 'report') expect(chartsOf(v).length, v).toBeGreaterThan(0);
    for (const c of CHARTS) expect(c.id).toMatch(/^[a-z]+\.[a-z-]+$/);
  });

  it('every ECharts chart builds an option from bundled rows: aria on, dataset, few series, titles in both languages', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const ctx: ChartContext = { lang, state: { filters: DEFAULT_STATE.filters, params: DEFAULT_STATE.params } };
      for (const def of CHARTS) {
        expect(def.title(ctx).length, def.id).toBeGreaterThan(1);
        const rows = drawnRows(def, await rowsOf(conn, def.sql(ctx.state)), ctx);
        const cols = def.columns(ctx);
        expect(cols.length).toBeGreaterThan(0);
        for (const r of rows) for (const c of cols) expect(c.key in r, `${def.id}.${c.key}`).toBe(true);
        if (def.kind !== 'echarts' || rows.length === 0) continue;
        const o = def.option!(rows, ctx) as Record<string, any>;
        expect(o.aria?.enabled, def.id).toBe(true);
        expect(o.aria.label.description.length).toBeGreaterThan(5);
        expect(o.dataset, def.id).toBeDefined();
        expect((o.series as unknown[]).length, def.id).toBeLessThanOrEqual(12);
        expect(JSON.stringify(o.series)).not.toContain('"data"');
      }
    }
  });

  it('the rank chart labels the rest row and keeps its value', () => {
    const def = CHART_BY_ID.get('compare.rank')!;
    const ctx: ChartContext = { lang: 'en', state: { filters: DEFAULT_STATE.filters, params: DEFAULT_STATE.params } };
    expect(drawnRows(def, [{ name: 'A', value: 5, reports: 1, rank: 1 }, { name: '__rest__', value: 9, reports: 4, rank: 11 }], ctx))
      .toEqual([{ name: 'A', value: 5, reports: 1, rank: 1 }, { name: 'Others (4)', value: 9, reports: 4, rank: 11 }]);
  });
});

describe('URL state', () => {
  it('round-trips every field', () => {
    const s: UrlState = {
      view: 'compare', lang: 'en',
      filters: { province: '浙江省', city: '杭州市', district: '西湖区', kind: 'department', q: "a'&b", from: 2020, to: 2023, template: '2021' },
      params: { figure: 'granted.total', year: 2022, top: 20, by: 'agency', report: 'r/1' },
    };
    const parsed = parseUrlState(toSearch(s));
    expect(parsed.invalid).toEqual([]);
    expect(parsed.state).toEqual(s);
    expect(toSearch(DEFAULT_STATE)).toBe('');
  });

  it('drops and reports invalid parameters', () => {
    const { state, invalid } = parseUrlState('?view=x&kind=alien&from=19&to=2020&figure=drop&top=11&by=city&template=2030&foo=1&year=2021');
    expect(state.view).toBe('overview');
    expect(state.filters.kind).toBeNull();
    expect(state.filters.to).toBe(2020);
    expect(state.params.year).toBe(2021);
    expect(invalid.map((p) => p.name).sort()).toEqual(['by', 'figure', 'foo', 'from', 'kind', 'template', 'top', 'view']);
    expect(parseUrlState('?from=2023&to=2020').invalid).toEqual([{ name: 'to', value: '2020' }]);
  });
});
