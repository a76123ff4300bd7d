/**
 * Reads a published dataset's Parquet files back into ReportRecords, so a later ingest
 * can merge new reports into what an earlier one wrote.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { AgencyKind, CheckId, ReportRecord } from '../../report/record.ts';
import { APPLICANT_COLUMN_KEYS, FIGURES, TABLE3_ROWS, columnOf, figureKeysOf, type TemplateKey } from '../../report/template.ts';
import { REPORT_FIGURES } from '../schema.ts';
import { DATASET_FILES } from './dataset-writer.ts';

const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** True when `dir` holds a dataset (its reports Parquet file). */
export async function hasDataset(dir: string): Promise<boolean> {
  return exists(join(dir, DATASET_FILES.reports));
}

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);

/** Figure key of each wide table-3 cell column, by column name. */
const CELL_KEYS: readonly (readonly [column: string, key: string])[] = TABLE3_ROWS.flatMap((r) =>
  APPLICANT_COLUMN_KEYS.map((a) => [columnOf(`${r.row}.${a}`), `${r.row}.${a}`] as const));

/** Schema-2 datasets (before provenance.parquet and report_cells.parquet) are still read, so an ingest can merge into one. */
const SCHEMA2_CELLS = 'application_cells.parquet';

/**
 * The records stored in the dataset at `dir` (empty when there is none), with every
 * figure of their template (null where not reported) and their stored checks.
 */
export async function readDataset(dir: string): Promise<ReportRecord[]> {
  if (!(await hasDataset(dir))) return [];
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const file = (name: string): string => `read_parquet(${sqlString(join(dir, name))})`;
    const read = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
    const schema2 = !(await exists(join(dir, DATASET_FILES.provenance)));
    const reports = await read(schema2
      ? `SELECT * FROM ${file(DATASET_FILES.reports)}`
      : `SELECT r.*, p.sha256 FROM ${file(DATASET_FILES.reports)} r LEFT JOIN ${file(DATASET_FILES.provenance)} p USING (report_id)`);
    const cells = schema2
      ? await read(`SELECT report_id, "row" || '.' || applicant AS key, "count" FROM ${file(SCHEMA2_CELLS)}`)
      : await read(`SELECT * FROM ${file(DATASET_FILES.report_cells)}`);
    const checks = (await connection.runAndReadAll(
      `SELECT report_id, check_id, "column", expected, actual FROM ${file(DATASET_FILES.checks)}`,
    )).getRowObjectsJS();

    const byId = new Map<string, ReportRecord>();
    for (const r of reports) {
      const template = (r.template ?? null) as TemplateKey | null;
      const keys = template ? figureKeysOf(template) : FIGURES.map((f) => f.key);
      const figures: Record<string, number | null> = Object.fromEntries(keys.map((k) => [k, null]));
      for (const f of REPORT_FIGURES) {
        const v = r[columnOf(f.key)];
        if (v !== null && v !== undefined) figures[f.key] = Number(v);
      }
      byId.set(String(r.report_id), {
        source: String(r.source),
        sha256: String(r.sha256),
        agency: (r.agency ?? null) as string | null,
        agency_kind: r.agency_kind as AgencyKind,
        province: (r.province ?? null) as string | null,
        city: (r.city ?? null) as string | null,
        district: (r.district ?? null) as string | null,
        region_code: (r.region_code ?? null) as string | null,
        year: r.year === null || r.year === undefined ? null : Number(r.year),
        template,
        figures,
        complete: { table2: Boolean(r.complete_table2), table3: Boolean(r.complete_table3), table4: Boolean(r.complete_table4) },
        checks: [],
        warnings: ((r.warnings ?? []) as unknown[]).map(String),
      });
    }
    for (const c of cells) {
      const rec = byId.get(String(c.report_id));
      if (!rec) continue;
      if (schema2) {
        if (c.count !== null && c.count !== undefined) rec.figures[String(c.key)] = Number(c.count);
        continue;
      }
      for (const [column, key] of CELL_KEYS) {
        const v = c[column];
        if (v !== null && v !== undefined) rec.figures[key] = Number(v);
      }
    }
    for (const c of checks) {
      byId.get(String(c.report_id))?.checks.push({
        check: c.check_id as CheckId,
        column: String(c.column),
        expected: Number(c.expected),
        actual: Number(c.actual),
      });
    }
    return [...byId.values()];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
