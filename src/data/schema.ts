/**
 * The published dataset: its tables, their columns and the manifest that lists them.
 * Derived from the template registry, shared by the Node writer and the browser reader.
 */
import { APPLICANT_COLUMN_KEYS, APPLICANT_PARTS, FIGURES, REVIEW_GROUPS, TABLE3_ROWS, columnOf, isMoneyUnit, type FigureDef, type Label, type OutcomeGroup } from '../report/template.ts';

/**
 * Bump when a table or column changes meaning; the app refuses versions it does not know.
 * 3: sha256 moved from `reports` to `provenance` (Parquet only); table-3 cells published
 * wide as report_cells.parquet (application_cells.parquet retired).
 * 4: `rollup` counts the reports stating each figure (`n__<column>`); new table `peers`
 * (quartiles of every figure per year, province and agency kind).
 */
export const SCHEMA_VERSION = 4;

/** Figures stored as columns of `reports`: tables 2 and 4 whole, table 3 by its `total` column. */
export const REPORT_FIGURES: readonly FigureDef[] = FIGURES.filter(
  (f) => f.table !== 'table3' || f.column === 'total',
);

/** SQL type of a figure column: money as DOUBLE, everything else INTEGER. */
export function figureSqlType(f: FigureDef): 'DOUBLE' | 'INTEGER' {
  return isMoneyUnit(f.unit) ? 'DOUBLE' : 'INTEGER';
}

export const REPORT_META_COLUMNS = [
  ['report_id', 'VARCHAR'],
  ['agency', 'VARCHAR'],
  ['agency_kind', 'VARCHAR'],
  ['province', 'VARCHAR'],
  ['city', 'VARCHAR'],
  ['district', 'VARCHAR'],
  ['region_code', 'VARCHAR'],
  ['year', 'INTEGER'],
  ['template', 'VARCHAR'],
  ['source', 'VARCHAR'],
  ['complete_table2', 'BOOLEAN'],
  ['complete_table3', 'BOOLEAN'],
  ['complete_table4', 'BOOLEAN'],
  ['failed_checks', 'INTEGER'],
  ['warnings', 'VARCHAR[]'],
] as const;

/** A metadata column of `reports`. */
export type ReportMetaColumn = (typeof REPORT_META_COLUMNS)[number][0];

/** UI labels of the metadata columns (figure labels live in the template registry). */
export const REPORT_META_LABELS: Record<ReportMetaColumn, Label> = {
  report_id: { zh: '报告编号', en: 'Report ID' },
  agency: { zh: '机关', en: 'Agency' },
  agency_kind: { zh: '机关类型', en: 'Agency kind' },
  province: { zh: '省', en: 'Province' },
  city: { zh: '市', en: 'City' },
  district: { zh: '区县', en: 'District' },
  region_code: { zh: '行政区划代码', en: 'Region code' },
  year: { zh: '年度', en: 'Year' },
  template: { zh: '模板', en: 'Template' },
  source: { zh: '来源文件', en: 'Source file' },
  complete_table2: { zh: '表二完整', en: 'Table 2 complete' },
  complete_table3: { zh: '表三完整', en: 'Table 3 complete' },
  complete_table4: { zh: '表四完整', en: 'Table 4 complete' },
  failed_checks: { zh: '未通过校验数', en: 'Failed checks' },
  warnings: { zh: '解析提示', en: 'Parser warnings' },
};

/**
 * The order `reports` (and `report_cells`) rows are published in: zone maps then prune a
 * year or a region to a few row groups, and a scan of `reports` alone returns rows in
 * this order, so per-report exports need no sort.
 */
export const REPORT_ORDER = ['year', 'province', 'city', 'district', 'agency', 'report_id'] as const;

/** Columns of `reports` in order: metadata, then one column per report figure. */
export const REPORT_COLUMNS: readonly (readonly [string, string])[] = [
  ...REPORT_META_COLUMNS,
  ...REPORT_FIGURES.map((f) => [columnOf(f.key), figureSqlType(f)] as const),
];

/**
 * Provenance of each report: the sha256 of the file it was parsed from. Kept out of
 * `reports` and the DuckDB file: 32 random bytes a report do not compress (35 MB at
 * 1M reports), and only the ingest (merging) and analysts need them.
 */
export const PROVENANCE_COLUMNS = [
  ['report_id', 'VARCHAR'],
  ['sha256', 'VARCHAR'],
] as const;

/** One row per failed check. */
export const CHECK_COLUMNS = [
  ['report_id', 'VARCHAR'],
  ['year', 'INTEGER'],
  ['check_id', 'VARCHAR'],
  ['column', 'VARCHAR'],
  ['expected', 'DOUBLE'],
  ['actual', 'DOUBLE'],
] as const;

/** UI labels of the `checks` columns that are not report metadata. */
export const CHECK_COLUMN_LABELS: Record<'check_id' | 'column' | 'expected' | 'actual', Label> = {
  check_id: { zh: '校验', en: 'Check' },
  column: { zh: '所涉列/行', en: 'Column or row checked' },
  expected: { zh: '应为', en: 'Expected' },
  actual: { zh: '实际', en: 'Actual' },
};

/** Outcome groups of table 3 stacked in the charts and stored per applicant type in the rollup, printed order. */
export const OUTCOME_GROUP_KEYS: readonly OutcomeGroup[] = ['granted', 'partial', 'denied', 'unable', 'rejected', 'other'];

/** Columns grouping the rollup: the filters it can answer without touching `reports`. */
export const ROLLUP_KEYS = ['year', 'province', 'city', 'district', 'agency_kind', 'template'] as const;

/** Rollup column of an applicant type's outcome total (table-3 outcome rows of one group). */
export function rollupApplicantColumn(applicant: string, group: string): string {
  return `app__${applicant}__${group}`;
}

/** Rollup column counting the reports of a group that state a figure (the figure's column not null). */
export function rollupStatedColumn(column: string): string {
  return `n__${column}`;
}

/**
 * Columns of `rollup`, one row per (year, province, city, district, agency kind, template),
 * built at ingest: report and agency counts, `SUM` of every report figure (null when no
 * report of the group states it, like `SUM` over reports) and how many reports state it,
 * the numerators and denominators of the rates over the reports that qualify, and per
 * applicant type the outcome totals.
 * Within one year an agency has one report, so `agencies` sums exactly across groups.
 */
export const ROLLUP_COLUMNS: readonly (readonly [string, string])[] = [
  ['year', 'INTEGER'],
  ['province', 'VARCHAR'],
  ['city', 'VARCHAR'],
  ['district', 'VARCHAR'],
  ['agency_kind', 'VARCHAR'],
  ['template', 'VARCHAR'],
  ['reports', 'INTEGER'],
  ['agencies', 'INTEGER'],
  ...REPORT_FIGURES.map((f) => [columnOf(f.key), 'DOUBLE'] as const),
  ...REPORT_FIGURES.map((f) => [rollupStatedColumn(columnOf(f.key)), 'INTEGER'] as const),
  ['grant_num', 'DOUBLE'],
  ['grant_den', 'DOUBLE'],
  ['grant_reports', 'INTEGER'],
  ...REVIEW_GROUPS.flatMap((g) => [[`${g.key}_corr_num`, 'DOUBLE'], [`${g.key}_corr_den`, 'DOUBLE']] as const),
  ...APPLICANT_PARTS.flatMap((a) => [
    ...OUTCOME_GROUP_KEYS.map((g) => [rollupApplicantColumn(a, g), 'DOUBLE'] as const),
    [`app__${a}__cells`, 'INTEGER'] as const,
  ]),
];

/**
 * Columns of `peers`, one row per (year, province, agency kind, figure) with at least one
 * report stating the figure, built at ingest: how many reports state it and the quartiles
 * of their values, exactly as the Compare view's peer-group query computes them from
 * `reports` (quartiles cannot be summed, so the rollup cannot hold them). `figure` is the
 * figure's canonical key.
 */
export const PEER_COLUMNS: readonly (readonly [string, string])[] = [
  ['year', 'INTEGER'],
  ['province', 'VARCHAR'],
  ['agency_kind', 'VARCHAR'],
  ['figure', 'VARCHAR'],
  ['reports', 'INTEGER'],
  ['min', 'DOUBLE'],
  ['q1', 'DOUBLE'],
  ['median', 'DOUBLE'],
  ['q3', 'DOUBLE'],
  ['max', 'DOUBLE'],
];

/**
 * Table-3 cells stored wide (one row per report, same order as `reports`), in the DuckDB
 * file and the Parquet download: the browser reads one report's cells from a handful of
 * row groups, and the long `application_cells` is a view over it (applicationCellsSql).
 */
export const REPORT_CELL_COLUMNS: readonly (readonly [string, string])[] = [
  ['report_id', 'VARCHAR'],
  ['year', 'INTEGER'],
  ...TABLE3_ROWS.flatMap((r) => APPLICANT_COLUMN_KEYS.map((a) => [columnOf(`${r.row}.${a}`), 'INTEGER'] as const)),
];

/** The long `application_cells` rows as SQL over the wide `report_cells` table named `from`. */
export function applicationCellsSql(from: string): string {
  const cols = REPORT_CELL_COLUMNS.slice(2).map(([c]) => `"${c}"`).join(', ');
  return `SELECT report_id, year, split_part(cell, '__', 1) AS "row", split_part(cell, '__', 2) AS applicant, "count"
FROM (UNPIVOT (SELECT report_id, year, ${cols} FROM ${from}) ON ${cols} INTO NAME cell VALUE "count")`;
}

/** Tables published as Parquet files, one file each (`<table>.parquet`). */
export const DATASET_TABLES = {
  reports: REPORT_COLUMNS,
  report_cells: REPORT_CELL_COLUMNS,
  checks: CHECK_COLUMNS,
  rollup: ROLLUP_COLUMNS,
  peers: PEER_COLUMNS,
  provenance: PROVENANCE_COLUMNS,
} as const;

/** Tables stored in the DuckDB file the browser attaches (`application_cells` is a view there). */
export const DATABASE_TABLES = {
  reports: REPORT_COLUMNS,
  report_cells: REPORT_CELL_COLUMNS,
  checks: CHECK_COLUMNS,
  rollup: ROLLUP_COLUMNS,
  peers: PEER_COLUMNS,
} as const;
export type DatasetTable = keyof typeof DATASET_TABLES;

/** `CREATE TABLE` statement for a dataset table. */
export function createTableSql(table: DatasetTable, name: string = table): string {
  const cols = DATASET_TABLES[table].map(([c, t]) => `"${c}" ${t}`).join(', ');
  return `CREATE TABLE ${name} (${cols})`;
}

/** Every (row, applicant) pair of table 3, in printed order. */
export const APPLICATION_CELLS: readonly (readonly [string, string])[] = TABLE3_ROWS.flatMap((r) =>
  APPLICANT_COLUMN_KEYS.map((c) => [r.row, c] as const),
);

export interface ManifestFile {
  /** Path relative to the manifest. */
  path: string;
  table: DatasetTable | 'database' | 'first_view';
  format: 'parquet' | 'duckdb' | 'json';
  rows: number;
  bytes: number;
}

export interface Manifest {
  schema_version: number;
  built_at: string;
  /** True when the data was generated, not parsed from real reports. */
  synthetic: boolean;
  reports: number;
  years: number[];
  files: ManifestFile[];
}
