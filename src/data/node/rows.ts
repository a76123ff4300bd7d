/**
 * How a ReportRecord maps onto the rows the dataset writer appends: one wide staging
 * row per report (every figure of the registry as a column) and one row per failed
 * check. The published tables are derived from these in SQL (see dataset-writer.ts).
 */
import { createHash } from 'node:crypto';
import { FIGURES, columnOf, figureKeysOf, type TemplateKey } from '../../report/template.ts';
import type { CheckResult, ReportRecord } from '../../report/record.ts';
import { CHECK_COLUMNS, REPORT_META_COLUMNS, figureSqlType } from '../schema.ts';

/** Stable id of a report: first 16 hex of sha256(`agency|year`), the source standing in for a missing agency. */
export function reportId(record: Pick<ReportRecord, 'agency' | 'year' | 'source'>): string {
  const who = record.agency ?? `source:${record.source}`;
  // Hex of the first 8 bytes, not a slice of the full hex: a slice keeps its 64-character
  // parent alive, and ingest keeps an id per file for the whole run.
  return createHash('sha256').update(`${who}|${record.year ?? ''}`).digest().toString('hex', 0, 8);
}

/**
 * Metadata columns of the staging table: `seq` (append order, for "last wins") then the
 * reports metadata; a list column is staged as its JSON text (see stagedListSql).
 */
export const STAGING_META_COLUMNS: readonly (readonly [string, string])[] = [
  ['seq', 'INTEGER'],
  ...REPORT_META_COLUMNS.map(([c, t]) => [c, t === 'VARCHAR[]' ? 'VARCHAR' : t] as const),
  ['sha256', 'VARCHAR'],
];

/** SQL turning a list column staged as JSON text back into VARCHAR[]. */
export function stagedListSql(column: string): string {
  return `CAST(from_json("${column}", '["VARCHAR"]') AS VARCHAR[])`;
}

/** Every figure of the registry as a staging column, in printed order. */
export const STAGING_FIGURE_COLUMNS: readonly (readonly [string, string, string])[] = FIGURES.map(
  (f) => [columnOf(f.key), figureSqlType(f), f.key] as const,
);

/** Columns of the staging checks table. */
export const STAGING_CHECK_COLUMNS: readonly (readonly [string, string])[] = [['seq', 'INTEGER'], ...CHECK_COLUMNS];

/** Column names in the order stagingMeta returns their values (checked against STAGING_META_COLUMNS at load). */
const STAGING_META_ORDER = ['seq', 'report_id', 'agency', 'agency_kind', 'province', 'city', 'district', 'region_code', 'year', 'template',
  'source', 'complete_table2', 'complete_table3', 'complete_table4', 'failed_checks', 'warnings', 'sha256'];
if (STAGING_META_ORDER.join() !== STAGING_META_COLUMNS.map(([c]) => c).join()) {
  throw new Error(`rows.ts: stagingMeta's order (${STAGING_META_ORDER.join()}) differs from STAGING_META_COLUMNS (${STAGING_META_COLUMNS.map(([c]) => c).join()})`);
}

/** A staging row's metadata values, in STAGING_META_COLUMNS order (warnings as JSON text). */
export function stagingMeta(record: ReportRecord, id: string, seq: number): (string | number | boolean | null)[] {
  return [
    seq,
    id,
    record.agency,
    record.agency_kind,
    record.province,
    record.city,
    record.district,
    record.region_code,
    record.year,
    record.template,
    record.source,
    record.complete.table2,
    record.complete.table3,
    record.complete.table4,
    record.checks.length,
    record.warnings.length === 0 ? '[]' : JSON.stringify(record.warnings),
    record.sha256,
  ];
}

/** The record's figure values in STAGING_FIGURE_COLUMNS order; absent or non-finite → null. */
export function stagingFigures(record: ReportRecord): (number | null)[] {
  const out = new Array<number | null>(STAGING_FIGURE_COLUMNS.length).fill(null);
  const inOrder = record.template === null ? null : TEMPLATE_COLUMNS[record.template];
  const keys = inOrder && Object.keys(record.figures);
  if (inOrder && keys!.length === inOrder.keys.length && keys!.every((k, i) => k === inOrder.keys[i])) {
    // The parser's records hold exactly their template's keys in printed order: their values
    // are read in one pass over the object instead of one lookup by key per column.
    const values = Object.values(record.figures);
    for (let i = 0; i < values.length; i++) out[inOrder.columns[i]!] = stagedValue(values[i], inOrder.integer[i]!);
    return out;
  }
  for (let i = 0; i < STAGING_FIGURE_COLUMNS.length; i++) {
    const [, type, key] = STAGING_FIGURE_COLUMNS[i]!;
    out[i] = stagedValue(record.figures[key], type === 'INTEGER');
  }
  return out;
}

function stagedValue(v: number | null | undefined, integer: boolean): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : integer ? Math.round(v) : v;
}

/** Per template: its figure keys in printed order, the staging column of each and whether it is INTEGER. */
const TEMPLATE_COLUMNS: Record<TemplateKey, { keys: readonly string[]; columns: readonly number[]; integer: readonly boolean[] }> = {
  '2019': templateColumns('2019'),
  '2021': templateColumns('2021'),
};
function templateColumns(template: TemplateKey) {
  const keys = figureKeysOf(template);
  const columns = keys.map((k) => STAGING_FIGURE_COLUMNS.findIndex(([, , key]) => key === k));
  return { keys, columns, integer: columns.map((c) => STAGING_FIGURE_COLUMNS[c]![1] === 'INTEGER') };
}

/** One staging checks row per failed check of the record. */
export function stagingChecks(record: ReportRecord, id: string, seq: number): (string | number | null)[][] {
  return record.checks.map((c: CheckResult) => [seq, id, record.year, c.check, c.column, c.expected, c.actual]);
}
