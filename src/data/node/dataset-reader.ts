/**
 * Reads a published dataset's Parquet files back into ReportRecords, so a later ingest
 * can merge new reports into what an earlier one wrote.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { AgencyKind, CheckId, ReportRecord } from '../../report/record.ts';
import { FIGURES, columnOf, figureKeysOf, type TemplateKey } from '../../report/template.ts';
import { REPORT_FIGURES } from '../schema.ts';
import { DATASET_FILES } from './dataset-writer.ts';

const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** True when `dir` holds a dataset (its reports Parquet file). */
export async function hasDataset(dir: string): Promise<boolean> {
  return access(join(dir, DATASET_FILES.reports)).then(() => true, () => false);
}

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
    const reports = (await connection.runAndReadAll(`SELECT * FROM ${file(DATASET_FILES.reports)}`)).getRowObjectsJS();
    const cells = (await connection.runAndReadAll(
      `SELECT report_id, "row", applicant, "count" FROM ${file(DATASET_FILES.application_cells)}`,
    )).getRowObjectsJS();
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
      if (rec && c.count !== null && c.count !== undefined) rec.figures[`${String(c.row)}.${String(c.applicant)}`] = Number(c.count);
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
