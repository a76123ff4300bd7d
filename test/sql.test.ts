/**
 * The dashboard's SQL builders on the bundled dataset (public/data Parquet via
 * @duckdb/node-api), checked against independent JS computations over the raw rows.
 */
import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHARTS } from '../src/charts/registry.ts';
import { kpiByYear, headlineTrend } from '../src/data/sql/overview.ts';
import { figureByDistrictYear, peerQuartiles, rankByFigure, REST } from '../src/data/sql/compare.ts';
import { OUTCOME_GROUPS, outcomesByApplicant, outcomesByYear, outcomeSharesByYear, reasonTotals, rowsOfGroup } from '../src/data/sql/applications.ts';
import { correctionRatesByYear, reviewResultsByYear, reviewVolumesByYear } from '../src/data/sql/review.ts';
import { failedChecks, failuresByCheck, missingYears } from '../src/data/sql/quality.ts';
import { DEFAULT_PARAMS, EMPTY_FILTERS, type Filters, type QueryState, type ViewParams } from '../src/data/state.ts';
import { APPLICANT_PARTS, columnOf } from '../src/report/template.ts';
import { openParquet, rowsOf } from './e2e/reference.ts';

const DIR = existsSync('public/data/manifest.json') ? 'public/data' : '.cache/dev-data';
let conn: DuckDBConnection;
let reports: Record<string, unknown>[];

const st = (filters: Partial<Filters> = {}, params: Partial<ViewParams> = {}): QueryState => ({ filters: { ...EMPTY_FILTERS, ...filters }, params: { ...DEFAULT_PARAMS, ...params } });
const num = (v: unknown) => (typeof v === 'number' ? v : null);
/** SUM semantics: null when no value, else the sum of non-null values. */
const sum = (xs: unknown[]) => { const n = xs.map(num).filter((x): x is number => x !== null); return n.length ? n.reduce((a, b) => a + b, 0) : null; };
const byYear = <T>(rows: Record<string, unknown>[], f: (rs: Record<string, unknown>[]) => T) => {
  const years = [...new Set(rows.map((r) => Number(r.year)))].sort((a, b) => a - b);
  return years.map((y) => ({ year: y, ...f(rows.filter((r) => Number(r.year) === y)) }));
};
const close = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < 1e-9 : a === b);
function expectRowsClose(actual: Record<string, unknown>[], expected: Record<string, unknown>[]) {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => { for (const k of Object.keys(e)) expect(close(actual[i]![k], e[k]), `row ${i} ${k}: ${String(actual[i]![k])} vs ${String(e[k])}`).toBe(true); });
}

beforeAll(async () => {
  conn = await openParquet(DIR);
  reports = await rowsOf(conn, 'SELECT * FROM reports WHERE year IS NOT NULL');
  expect(reports.length).toBeGreaterThan(0);
});

describe('overview', () => {
  it('kpiByYear equals per-year JS aggregation of the raw rows', async () => {
    const grantOk = (r: Record<string, unknown>) => r.granted__total != null && r.partial__total != null && Number(r.processed_total__total) > 0;
    const reviewOk = (r: Record<string, unknown>) => r.review_corrected != null && Number(r.review_total) > 0;
    const expected = byYear(reports, (rs) => {
      const g = rs.filter(grantOk);
      const v = rs.filter(reviewOk);
      const gDen = sum(g.map((r) => r.processed_total__total));
      const vDen = sum(v.map((r) => r.review_total));
      return {
        reports: rs.length, agencies: new Set(rs.map((r) => r.agency).filter((a) => a != null)).size,
        licensing: sum(rs.map((r) => r.licensing)), penalty: sum(rs.map((r) => r.penalty)), applications: sum(rs.map((r) => r.new__total)),
        grant_rate: gDen ? sum(g.map((r) => Number(r.granted__total) + Number(r.partial__total)))! / gDen : null,
        review_correction_rate: vDen ? sum(v.map((r) => r.review_corrected))! / vDen : null,
      };
    });
    expectRowsClose(await rowsOf(conn, kpiByYear(st())), expected);
  });

  it('headlineTrend honours the year range and province filter', async () => {
    const province = String(reports.find((r) => r.province)!.province);
    const rs = reports.filter((r) => r.province === province && Number(r.year) >= 2020 && Number(r.year) <= 2023);
    const expected = byYear(rs, (x) => ({ licensing: sum(x.map((r) => r.licensing)), penalty: sum(x.map((r) => r.penalty)), coercion: sum(x.map((r) => r.coercion)) }));
    expectRowsClose(await rowsOf(conn, headlineTrend(st({ province, from: 2020, to: 2023 }))), expected);
  });

  it('agency search is a literal substring (quotes and wildcards are not SQL)', async () => {
    expect(await rowsOf(conn, kpiByYear(st({ q: "x' OR '1'='1" })))).toEqual([]);
    expect(await rowsOf(conn, kpiByYear(st({ q: '%' })))).toEqual([]);
    const name = String(reports[0]!.agency);
    const hits = await rowsOf(conn, kpiByYear(st({ q: name.slice(1, 4) })));
    expect(hits.reduce((a, r) => a + Number(r.reports), 0)).toBe(reports.filter((r) => String(r.agency).toLowerCase().includes(name.slice(1, 4).toLowerCase())).length);
  });
});

describe('compare', () => {
  it('rankByFigure: top N by value, then one rest row holding the remainder', async () => {
    for (const top of [1, 3]) {
      const rows = await rowsOf(conn, rankByFigure(st({}, { top, by: 'agency', figure: 'licensing' })));
      const year = Math.max(...reports.map((r) => Number(r.year)));
      const inYear = reports.filter((r) => Number(r.year) === year && r.licensing != null && r.agency != null);
      const totals = new Map<string, number>();
      for (const r of inYear) totals.set(String(r.agency), (totals.get(String(r.agency)) ?? 0) + Number(r.licensing));
      const sorted = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      expect(sorted.length).toBeGreaterThan(1);
      expect(rows.slice(0, Math.min(top, sorted.length)).map((r) => [r.name, r.value])).toEqual(sorted.slice(0, top));
      if (sorted.length > top) {
        expect(rows.at(-1)!.name).toBe(REST);
        expect(rows.at(-1)!.value).toBe(sorted.slice(top).reduce((a, b) => a + b[1], 0));
        expect(rows).toHaveLength(top + 1);
      } else expect(rows.some((r) => r.name === REST)).toBe(false);
    }
  });

  it('rankByFigure by district for a chosen year sums the figure of every district', async () => {
    const year = 2020;
    const rows = await rowsOf(conn, rankByFigure(st({}, { year, top: 30, figure: 'penalty' })));
    const expected = sum(reports.filter((r) => Number(r.year) === year && r.district != null).map((r) => r.penalty));
    expect(rows.reduce((a, r) => a + Number(r.value), 0)).toBe(expected ?? 0);
  });

  it('figureByDistrictYear keeps the districts with the largest totals', async () => {
    const rows = await rowsOf(conn, figureByDistrictYear(st(), 4));
    const totals = new Map<string, number>();
    for (const r of reports.filter((x) => x.district != null && x.licensing != null)) {
      const k = [r.city, r.district].filter((x) => x != null).join('·');
      totals.set(k, (totals.get(k) ?? 0) + Number(r.licensing));
    }
    const top = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 4).map(([k]) => k);
    expect([...new Set(rows.map((r) => r.name))]).toEqual(top);
  });

  it('the small multiples (heatmap SQL, first districts kept) draw exactly the rows of their own top-6 query', async () => {
    const def = CHARTS.find((c) => c.id === 'compare.multiples')!;
    for (const s of [st(), st({ from: 2021 }, { figure: 'penalty' }), st({ q: '' })]) {
      const drawn = def.prepare!(await rowsOf(conn, def.sql(s)), { lang: 'zh', state: s });
      const own = await rowsOf(conn, figureByDistrictYear(s, 6));
      expect(own.length).toBeGreaterThan(0);
      expect(drawn).toEqual(own);
    }
    expect(def.sql(st())).toBe(CHARTS.find((c) => c.id === 'compare.heatmap')!.sql(st()));
  });

  it('peerQuartiles: median and extremes per province × agency kind', async () => {
    const year = Math.max(...reports.map((r) => Number(r.year)));
    const rows = await rowsOf(conn, peerQuartiles(st({}, { figure: 'licensing' })));
    expect(rows.length).toBeGreaterThan(0);
    for (const g of rows) {
      const vs = reports.filter((r) => Number(r.year) === year && r.province === g.province && r.agency_kind === g.agency_kind && r.licensing != null).map((r) => Number(r.licensing)).sort((a, b) => a - b);
      const mid = (vs.length - 1) / 2;
      expect(g.reports).toBe(vs.length);
      expect(g.min).toBe(vs[0]);
      expect(g.max).toBe(vs.at(-1));
      expect(g.median).toBeCloseTo((vs[Math.floor(mid)]! + vs[Math.ceil(mid)]!) / 2, 9);
    }
  });
});

describe('applications', () => {
  it('outcomesByYear sums each group of table-3 rows; shares add up to 1', async () => {
    const expected = byYear(reports, (rs) => Object.fromEntries(OUTCOME_GROUPS.map((g) => {
      const parts = rowsOfGroup(g).map((row) => sum(rs.map((r) => r[columnOf(`${row}.total`)])));
      return [g, parts.every((p) => p === null) ? null : parts.reduce<number>((a, b) => a + (b ?? 0), 0)];
    })));
    expectRowsClose(await rowsOf(conn, outcomesByYear(st())), expected);
    for (const r of await rowsOf(conn, outcomeSharesByYear(st()))) {
      expect(OUTCOME_GROUPS.reduce((a, g) => a + (num(r[g]) ?? 0), 0)).toBeCloseTo(1, 9);
    }
  });

  it('the shares chart (outcomes query, shares computed from its rows) draws exactly the rows of outcomeSharesByYear', async () => {
    const def = CHARTS.find((c) => c.id === 'applications.shares')!;
    expect(def.sql(st())).toBe(CHARTS.find((c) => c.id === 'applications.outcomes')!.sql(st()));
    for (const s of [st(), st({ from: 2021, to: 2023 }), st({ kind: 'department' }), st({ q: '局' }), st({ province: 'nowhere' })]) {
      const drawn = def.prepare!(await rowsOf(conn, def.sql(s)), { lang: 'en', state: s });
      expect(drawn).toEqual(await rowsOf(conn, outcomeSharesByYear(s)));
    }
  });

  it('outcomesByApplicant equals the application_cells totals per applicant and group', async () => {
    const cells = await rowsOf(conn, 'SELECT "row", applicant, "count" FROM application_cells WHERE "count" IS NOT NULL');
    const rows = await rowsOf(conn, outcomesByApplicant(st()));
    const present = APPLICANT_PARTS.filter((a) => cells.some((c) => c.applicant === a && OUTCOME_GROUPS.some((g) => rowsOfGroup(g).includes(String(c.row)))));
    expect(rows.map((r) => r.applicant)).toEqual(present);
    for (const r of rows) for (const g of OUTCOME_GROUPS) {
      expect(r[g], `${String(r.applicant)} ${g}`).toBe(cells.filter((c) => c.applicant === r.applicant && rowsOfGroup(g).includes(String(c.row))).reduce((a, c) => a + Number(c.count), 0));
    }
  });

  it('reasonTotals lists every reason of the group in printed order with its sum', async () => {
    for (const group of ['denied', 'unable'] as const) {
      const rows = await rowsOf(conn, reasonTotals(st(), group));
      expect(rows.map((r) => r.reason)).toEqual(rowsOfGroup(group));
      for (const r of rows) expect(r.value).toBe(sum(reports.map((x) => x[columnOf(`${String(r.reason)}.total`)])));
    }
  });
});

describe('review and quality', () => {
  it('review volumes and correction rates per year', async () => {
    const groups = ['review', 'suit_direct', 'suit_after_review'];
    expectRowsClose(await rowsOf(conn, reviewVolumesByYear(st())), byYear(reports, (rs) => Object.fromEntries(groups.map((g) => [g, sum(rs.map((r) => r[`${g}_total`]))]))));
    const results = ['upheld', 'corrected', 'other', 'pending'];
    expectRowsClose(await rowsOf(conn, reviewResultsByYear(st({ template: '2021' }))), byYear(reports.filter((r) => r.template === '2021'), (rs) => Object.fromEntries(results.map((k) => [k, sum(rs.map((r) => r[`review_${k}`]))]))));
    expectRowsClose(await rowsOf(conn, correctionRatesByYear(st())), byYear(reports, (rs) => Object.fromEntries(groups.map((g) => {
      const ok = rs.filter((r) => r[`${g}_corrected`] != null && Number(r[`${g}_total`]) > 0);
      const den = sum(ok.map((r) => r[`${g}_total`]));
      return [g, den ? sum(ok.map((r) => r[`${g}_corrected`]))! / den : null];
    }))));
  });

  it('failed checks and counts by check agree with the checks table', async () => {
    const checks = await rowsOf(conn, 'SELECT report_id, check_id FROM checks');
    expect((await rowsOf(conn, failedChecks(st()))).length).toBe(Math.min(2000, checks.length));
    const byCheck = await rowsOf(conn, failuresByCheck(st()));
    expect(byCheck.map((r) => r.check_id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
    for (const r of byCheck) {
      const mine = checks.filter((c) => c.check_id === r.check_id);
      expect(r.failures).toBe(mine.length);
      expect(r.reports).toBe(new Set(mine.map((c) => c.report_id)).size);
    }
  });

  it('missingYears finds every gap between an agency’s first and last report', async () => {
    const key = (r: Record<string, unknown>) => JSON.stringify([r.agency, r.province, r.city, r.district]);
    const years = new Map<string, Set<number>>();
    for (const r of reports.filter((x) => x.agency != null)) (years.get(key(r)) ?? years.set(key(r), new Set()).get(key(r))!).add(Number(r.year));
    const gaps: string[] = [];
    for (const [k, ys] of years) {
      const lo = Math.min(...ys); const hi = Math.max(...ys);
      for (let y = lo + 1; y < hi; y++) if (!ys.has(y)) gaps.push(`${k}|${y}`);
    }
    const rows = await rowsOf(conn, missingYears(st()));
    expect(rows.map((r) => `${key(r)}|${String(r.missing_year)}`).sort()).toEqual(gaps.sort());
  });
});

describe('every registry chart', () => {
  const states: QueryState[] = [
    st(), st({ template: '2019' }), st({ kind: 'government', from: 2021 }), st({ q: '局' }),
    st({}, { by: 'agency', figure: 'new.total', top: 5, year: 2022 }), st({}, { figure: 'fees_10k_yuan' }), st({ province: '无此省' }),
  ];
  it('runs its SQL on the bundled data under varied filters and params', async () => {
    for (const s of states) for (const def of CHARTS) await expect(rowsOf(conn, def.sql(s)), `${def.id} ${JSON.stringify(s)}`).resolves.toBeInstanceOf(Array);
  });
});
