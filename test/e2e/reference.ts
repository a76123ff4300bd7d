/**
 * Node-side reference for the dashboard tests: the same SQL builders run by
 * @duckdb/node-api on the Parquet files of a dataset directory (views named like the
 * browser's tables), and the same registry `prepare`, so values can be compared exactly.
 */
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CHART_BY_ID, drawnRows, type ChartContext, type Row } from '../../src/charts/registry.ts';
import { DATASET_TABLES, applicationCellsSql } from '../../src/data/schema.ts';
import { parseUrlState } from '../../src/data/state.ts';

/** Opens the Parquet files of a dataset directory as views named like their tables, plus `application_cells` (unpivoted `report_cells`, as in the browser). */
export async function openParquet(dir: string): Promise<DuckDBConnection> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  for (const table of Object.keys(DATASET_TABLES)) {
    await conn.run(`CREATE VIEW ${table} AS SELECT * FROM read_parquet('${join(dir, `${table}.parquet`).replace(/'/g, "''")}')`);
  }
  await conn.run(`CREATE VIEW application_cells AS ${applicationCellsSql('report_cells')}`);
  return conn;
}

/** Runs SQL and returns rows with JS values (BigInt → number). */
export async function rowsOf(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS();
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

/** The rows a chart should draw for a URL query string, restricted to its data-table columns. */
export async function expectedChartRows(conn: DuckDBConnection, chartId: string, search: string): Promise<Row[]> {
  const def = CHART_BY_ID.get(chartId);
  if (!def) throw new Error(`unknown chart ${chartId}`);
  const { state } = parseUrlState(search);
  const ctx: ChartContext = { lang: state.lang, state: { filters: state.filters, params: state.params } };
  const raw = await rowsOf(conn, def.sql(ctx.state));
  const cols = def.columns(ctx).map((c) => c.key);
  return drawnRows(def, raw, ctx).map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? null])));
}

/** Numbers equal to 1e-9 relative (the browser engine may sum doubles in another order); others exactly. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

/** Rows equal cell by cell (see sameValue); returns a description of the first difference or null. */
export function diffRows(actual: Row[], expected: Row[]): string | null {
  if (actual.length !== expected.length) return `row count ${actual.length} ≠ ${expected.length}`;
  for (const [i, e] of expected.entries()) {
    const a = actual[i]!;
    for (const k of Object.keys(e)) if (!sameValue(a[k], e[k])) return `row ${i} ${k}: ${JSON.stringify(a[k])} ≠ ${JSON.stringify(e[k])}`;
  }
  return null;
}
