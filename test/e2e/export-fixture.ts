/**
 * A small dataset for export tests, written with the project's dataset writer into a
 * temp dir: two provinces, three years, null figures, a negative 本年增/减, failed
 * checks, and an agency whose name is hostile to spreadsheets (formula, quotes, comma,
 * line break). Kept out of public/data.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportRecord } from '../../src/report/record.ts';
import { FIGURES } from '../../src/report/template.ts';
import { writeDataset } from '../../src/data/node/dataset-writer.ts';
import { applicationCellsSql } from '../../src/data/schema.ts';
import { neutraliseFormula } from '../../src/data/csv.ts';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** The hostile agency name the export must neutralise and keep intact. */
export const HOSTILE_AGENCY = '=HYPERLINK("http://x","y"), 测试局\n第二行';

const PLACES = [
  ['浙江省', '杭州市', '西湖区', '330106'],
  ['浙江省', '宁波市', '海曙区', '330203'],
  ['黑龙江省', '鹤岗市', '工农区', '230403'],
] as const;
const AGENCIES = ['人民政府', '市场监督管理局', HOSTILE_AGENCY, '公安分局'];

/** Deterministic records: every figure set from its index, some left null on purpose. */
export function fixtureRecords(): ReportRecord[] {
  const records: ReportRecord[] = [];
  let n = 0;
  for (const year of [2020, 2021, 2022]) {
    const template = year >= 2021 ? '2021' : '2019';
    for (const [p, [province, city, district, code]] of PLACES.entries()) {
      for (const [a, suffix] of AGENCIES.entries()) {
        if (suffix === HOSTILE_AGENCY && p !== 0) continue;
        n++;
        const agency = suffix === HOSTILE_AGENCY ? suffix : `${city}${district}${suffix}`;
        const figures: Record<string, number | null> = {};
        for (const [i, f] of FIGURES.entries()) {
          if (!f.templates.includes(template)) continue;
          // Every third report leaves some figures unstated: null, never 0.
          const unstated = n % 3 === 0 && (f.key === 'licensing_items_delta' || f.key === 'penalty' || (i + n) % 7 === 0);
          figures[f.key] = unstated ? null : f.unit === 'delta' ? (i % 2 ? -2 : 3) : ((i * 13 + n * 7 + a) % 50) + (f.unit === '10k_yuan' ? 0.5 : 0);
        }
        records.push({
          source: `fixture/${year}-${p}-${a}.txt`, sha256: String(n).padStart(64, '0'), agency,
          agency_kind: a === 0 ? 'government' : 'department', province, city, district, region_code: code,
          year, template, figures, complete: { table2: true, table3: true, table4: a !== 1 },
          checks: a === 1 ? [{ check: 'C1', column: 'total', expected: 10, actual: 12 }] : [],
          warnings: a === 2 ? ['-1 looks odd', '@note'] : [],
        });
      }
    }
  }
  return records;
}

/** Writes the fixture dataset into a new temp dir and returns the dir. */
export async function writeFixtureDataset(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'gongkai-export-')), 'data');
  await writeDataset(fixtureRecords(), { outDir: dir, builtAt: '2026-01-01T00:00:00.000Z', synthetic: true });
  return dir;
}

/** A Node DuckDB connection with the dataset's Parquet files as views named like the tables. */
export async function openDatasetParquet(dir: string): Promise<DuckDBConnection> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  for (const t of ['reports', 'checks', 'report_cells']) {
    await conn.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${join(dir, `${t}.parquet`).replace(/'/g, "''")}')`);
  }
  await conn.run(`CREATE VIEW application_cells AS ${applicationCellsSql('report_cells')}`);
  return conn;
}

/** A value as the exported CSV must show it: text neutralised, lists joined, null blank, numbers as numbers. */
export function expectedCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return neutraliseFormula(v);
  if (typeof v === 'object' && 'items' in v) return neutraliseFormula((v as { items: unknown[] }).items.join('; '));
  return String(v);
}

/** `1162.0` → `1162`: DuckDB writes DOUBLEs with a trailing `.0`; the number is the same. */
export function sameNumber(cell: string): string {
  return /^-?\d+\.0$/.test(cell) ? cell.slice(0, -2) : cell;
}

/** The rows of a SQL query run in Node, as the CSV must print them. */
export async function expectedRows(conn: DuckDBConnection, sql: string): Promise<string[][]> {
  const r = await conn.runAndReadAll(sql);
  return r.getRows().map((row) => row.map((v) => sameNumber(expectedCell(v))));
}
