/**
 * The export SQL run by DuckDB (Node) on the fixture's Parquet: the CSV it writes, after
 * CRLF and BOM, parses as RFC 4180 into exactly the rows of the same SELECT, with text
 * neutralised, numbers untouched and nulls blank.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_BOM_BYTES, crlfRecords } from '../src/data/csv.ts';
import { columnHeader } from '../src/data/export-columns.ts';
import { SINGLE_COPY_MAX_CELLS, copyCsvSql, exportPlan, exportQuery, exportYearCountsSql, type ExportQuery, type ExportSubject } from '../src/data/export.ts';
import { DEFAULT_STATE, EMPTY_FILTERS, type QueryState } from '../src/data/state.ts';
import { HOSTILE_AGENCY, expectedRows, openDatasetParquet, sameNumber, writeFixtureDataset } from './e2e/export-fixture.ts';

let dir: string;
let conn: DuckDBConnection;

beforeAll(async () => {
  dir = await writeFixtureDataset();
  conn = await openDatasetParquet(dir);
  await conn.run(`CREATE VIEW rollup AS SELECT * FROM read_parquet('${join(dir, 'rollup.parquet').replace(/'/g, "''")}')`);
});
afterAll(async () => { await rm(join(dir, '..'), { recursive: true, force: true }); });

/** Writes the export as the browser does: one COPY, or one per year when `years` is given; returns the file bytes. */
async function copyCsv(q: ExportQuery, years?: readonly (number | null)[]): Promise<Uint8Array> {
  const parts: Uint8Array[] = [CSV_BOM_BYTES];
  for (const [i, year] of (years ?? [undefined]).entries()) {
    const file = join(dir, `chunk-${i}.csv`);
    await conn.run(copyCsvSql(q, 'zh', file, { year, header: i === 0 }));
    parts.push(crlfRecords(new Uint8Array(await readFile(file))));
  }
  return Buffer.concat(parts);
}

/** Every year of the fixture (null last), for the year-by-year path. */
async function allYears(): Promise<(number | null)[]> {
  return (await conn.runAndReadAll('SELECT DISTINCT CAST(year AS INTEGER) FROM reports ORDER BY 1 NULLS LAST')).getRows().map((r) => r[0] as number | null);
}

function state(filters: Partial<QueryState['filters']>, params: Partial<QueryState['params']> = {}): QueryState {
  return { filters: { ...EMPTY_FILTERS, ...filters }, params: { ...DEFAULT_STATE.params, ...params } };
}

const CASES: [ExportSubject, QueryState][] = [
  ['overview', state({ province: '浙江省', from: 2021 })],
  ['applications', state({ kind: 'department' })],
  ['compare', state({ to: 2021 }, { figure: 'licensing_items_delta' })],
  ['quality', state({ province: '浙江省' })],
  ['dataset', state({})],
];

describe('COPY export', () => {
  for (const [subject, s] of CASES) {
    it(`${subject}: BOM, CRLF, UI headers and exactly the rows of the SELECT (one COPY and year by year)`, async () => {
      const q = exportQuery(subject, s);
      const bytes = await copyCsv(q);
      expect(Buffer.from(await copyCsv(q, await allYears())).equals(Buffer.from(bytes))).toBe(true);
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes);
      expect(text.replace(/"[^"]*"/g, '').includes('\n') && !/[^\r]\n/.test(text.replace(/"[^"]*"/g, ''))).toBe(true);
      const [header, ...rows] = parse(text, { bom: true }) as string[][];
      expect(header).toEqual(q.columns.map((c) => columnHeader(c, 'zh')));
      const expected = await expectedRows(conn, q.sql);
      expect(expected.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.map(sameNumber))).toEqual(expected);
    });
  }

  it('keeps the hostile agency intact but neutralised, negative numbers as numbers, null blank', async () => {
    const q = exportQuery('compare', state({ province: '浙江省' }, { figure: 'licensing_items_delta' }));
    const [, ...rows] = parse(new TextDecoder().decode(await copyCsv(q)), { bom: true }) as string[][];
    const agencyAt = q.columns.indexOf('agency');
    const valueAt = q.columns.indexOf('licensing_items_delta');
    expect(rows.some((r) => r[agencyAt] === `'${HOSTILE_AGENCY}`)).toBe(true);
    expect(rows.some((r) => r[agencyAt] === HOSTILE_AGENCY)).toBe(false);
    expect(rows.filter((r) => r[valueAt] === '-2').length).toBeGreaterThan(0);
    const nulls = await conn.runAndReadAll(`SELECT COUNT(*)::INTEGER FROM (${q.sql}) WHERE licensing_items_delta IS NULL AND year = 2020`);
    const nullCount = nulls.getRows()[0]![0] as number;
    expect(nullCount).toBeGreaterThan(0);
    expect(rows.filter((r) => r[valueAt] === '' && r[q.columns.indexOf('year')] === '2020').length).toBe(nullCount);
  });
});

describe('export plan', () => {
  const CASES_COUNTED: [ExportSubject, QueryState][] = [
    ['overview', state({ province: '浙江省', from: 2021 })],
    ['applications', state({ kind: 'department' })],
    ['compare', state({ to: 2021 }, { figure: 'licensing_items_delta' })],
    ['dataset', state({})],
  ];
  for (const [subject, s] of CASES_COUNTED) {
    it(`${subject}: the rollup counts exactly the rows of each year`, async () => {
      const q = exportQuery(subject, s);
      const counted = (await conn.runAndReadAll(exportYearCountsSql(subject, s)!)).getRowObjectsJS().map((r) => [r.year, r.n]);
      const scanned = (await conn.runAndReadAll(`SELECT CAST(year AS INTEGER) AS year, CAST(COUNT(*) AS INTEGER) AS n FROM (${q.base}) GROUP BY year ORDER BY year NULLS LAST`)).getRowObjectsJS().map((r) => [r.year, r.n]);
      expect(counted).toEqual(scanned);
    });
  }

  it('the rollup cannot count failed checks, one report or an agency search', () => {
    expect(exportYearCountsSql('quality', state({}))).toBeNull();
    expect(exportYearCountsSql('report', state({}, { report: 'x' }))).toBeNull();
    expect(exportYearCountsSql('overview', state({ q: '局' }))).toBeNull();
  });

  it('one COPY up to SINGLE_COPY_MAX_CELLS, else one per year that has rows', () => {
    const counts = [{ year: 2020, n: 3 }, { year: 2021, n: 0 }, { year: null, n: 2 }];
    const dataset = { reports: 10, years: [2020, 2021] };
    expect(exportPlan(counts, 4, dataset)).toEqual({ total: 5 });
    expect(exportPlan(counts, SINGLE_COPY_MAX_CELLS, dataset)).toEqual({ total: 5, years: [2020, null] });
    expect(exportPlan(null, 4, dataset)).toEqual({ total: 0 });
    expect(exportPlan(null, SINGLE_COPY_MAX_CELLS, dataset)).toEqual({ total: 0, years: [2020, 2021, null] });
  });
});
