/**
 * The rollup and the first view give the same numbers as scanning the reports: every
 * builder that can read `rollup` is run both ways (an agency search matching every
 * agency forces the scan) on a synthetic dataset written by the real writer, and the
 * first-view file's rows equal the same SQL run on the Parquet tables.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDataset, DATASET_FILES } from '../src/data/node/dataset-writer.ts';
import { generateReports } from '../src/report/synthetic.ts';
import { kpiByYear, headlineTrend } from '../src/data/sql/overview.ts';
import { grantRateByYear, outcomesByApplicant, outcomesByYear, outcomeSharesByYear, reasonTotals } from '../src/data/sql/applications.ts';
import { correctionRatesByYear, reviewResultsByYear, reviewVolumesByYear } from '../src/data/sql/review.ts';
import { usePeers, useRollup } from '../src/data/sql/common.ts';
import { compareYear, figureByDistrictYear, peerQuartiles, rankByFigure } from '../src/data/sql/compare.ts';
import { firstViewQueries, type FirstView } from '../src/data/first-view.ts';
import { DEFAULT_PARAMS, EMPTY_FILTERS, type Filters, type QueryState } from '../src/data/state.ts';
import { openParquet, rowsOf, sameValue } from './e2e/reference.ts';

let dir: string;
let conn: DuckDBConnection;
const st = (f: Partial<Filters>): QueryState => ({ filters: { ...EMPTY_FILTERS, ...f }, params: DEFAULT_PARAMS });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rollup-'));
  await writeDataset(generateReports({ count: 3000, seed: 7 }), { outDir: dir, synthetic: true });
  conn = await openParquet(dir);
}, 120_000);
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

const BUILDERS: Record<string, (s: QueryState) => string> = {
  kpiByYear, headlineTrend, outcomesByYear, outcomeSharesByYear, outcomesByApplicant, grantRateByYear,
  reasonsDenied: (s) => reasonTotals(s, 'denied'), reasonsUnable: (s) => reasonTotals(s, 'unable'),
  reviewVolumesByYear, correctionRatesByYear, reviewResultsByYear,
  heatmap: (s) => figureByDistrictYear(s, 15), heatmapPenalty: (s) => figureByDistrictYear({ ...s, params: { ...s.params, figure: 'penalty' } }, 6),
  compareYear,
  rank: rankByFigure, rankFees: (s) => rankByFigure({ ...s, params: { ...s.params, figure: 'fees_10k_yuan', top: 3 } }),
};

function expectSame(a: Record<string, unknown>[], b: Record<string, unknown>[]): void {
  expect(a.length).toBe(b.length);
  expect(a.length).toBeGreaterThan(0);
  a.forEach((r, i) => {
    expect(Object.keys(r)).toEqual(Object.keys(b[i]!));
    for (const k of Object.keys(r)) expect(sameValue(r[k], b[i]![k]), `row ${i} ${k}: ${String(r[k])} vs ${String(b[i]![k])}`).toBe(true);
  });
}

describe('rollup', () => {
  it('an agency search is the only filter that needs the reports scan', () => {
    expect(useRollup(st({ province: 'x', city: 'y', district: 'z', kind: 'department', from: 2020, to: 2021 }).filters)).toBe(true);
    expect(useRollup(st({ q: '局' }).filters)).toBe(false);
  });

  it('every rollup builder equals the scan of reports, with and without filters', async () => {
    const [{ n }] = await rowsOf(conn, 'SELECT CAST(COUNT(*) FILTER (WHERE agency IS NULL) AS INTEGER) AS n FROM reports') as [{ n: number }];
    expect(n).toBe(0); // so q = '' matches every report and only switches the source
    const [pick] = await rowsOf(conn, `SELECT province, city, agency_kind FROM reports WHERE city IS NOT NULL GROUP BY ALL ORDER BY COUNT(*) DESC LIMIT 1`);
    const states: Partial<Filters>[] = [{}, { province: String(pick!.province) }, { province: String(pick!.province), city: String(pick!.city), kind: pick!.agency_kind as Filters['kind'] }, { from: 2021, to: 2023 }];
    for (const f of states) {
      for (const [name, build] of Object.entries(BUILDERS)) {
        const fast = build(st(f));
        const scan = build(st({ ...f, q: '' }));
        expect(fast, name).toMatch(/FROM rollup/);
        expect(scan, name).not.toMatch(/FROM rollup/);
        expectSame(await rowsOf(conn, fast), await rowsOf(conn, scan));
      }
    }
  });

  it('a ranking of agencies (not districts) always scans the reports', () => {
    expect(rankByFigure({ ...st({}), params: { ...DEFAULT_PARAMS, by: 'agency' } })).toMatch(/SELECT agency AS name.*\n {2}FROM reports WHERE/);
  });

  it('the peers table gives the quartiles of the reports scan, for every filter it can answer', async () => {
    expect(usePeers(st({ province: 'x', kind: 'department', from: 2020, to: 2021 }).filters)).toBe(true);
    for (const f of [{ city: 'x' }, { district: 'x' }, { template: '2021' as const }, { q: '局' }]) expect(usePeers(st(f).filters)).toBe(false);
    const [pick] = await rowsOf(conn, `SELECT province, agency_kind FROM reports WHERE province IS NOT NULL GROUP BY ALL ORDER BY COUNT(*) DESC LIMIT 1`);
    const states: Partial<Filters>[] = [{}, { province: String(pick!.province) }, { kind: pick!.agency_kind as Filters['kind'] }, { from: 2020, to: 2022 }];
    let compared = 0;
    for (const f of states) {
      for (const params of [{}, { figure: 'penalty', year: 2020 }, { figure: 'fees_10k_yuan' }, { figure: 'new.total', year: 2019 }]) {
        const s = { filters: { ...EMPTY_FILTERS, ...f }, params: { ...DEFAULT_PARAMS, ...params } };
        const fast = peerQuartiles(s);
        const scan = peerQuartiles({ ...s, filters: { ...s.filters, q: '' } });
        expect(fast).toMatch(/FROM peers/);
        expect(scan).not.toMatch(/FROM peers/);
        const want = await rowsOf(conn, scan);
        if (want.length) expectSame(await rowsOf(conn, fast), want);
        else expect(await rowsOf(conn, fast)).toEqual([]);
        compared += want.length;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('the first-view file holds exactly the default Overview queries, with the rows DuckDB gives for them', async () => {
    const fv = JSON.parse(readFileSync(join(dir, DATASET_FILES.firstView), 'utf8')) as FirstView;
    const manifest = JSON.parse(readFileSync(join(dir, DATASET_FILES.manifest), 'utf8')) as { built_at: string };
    expect(fv.built_at).toBe(manifest.built_at);
    expect(Object.keys(fv.queries)).toEqual(firstViewQueries());
    for (const sql of firstViewQueries()) expectSame(fv.queries[sql]!, await rowsOf(conn, sql));
  });
});
