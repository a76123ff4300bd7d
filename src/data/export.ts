/**
 * SQL of CSV exports: the rows behind a view under the current filters (one row per
 * report, or per failed check), and the whole dataset. The same SELECT runs in the
 * browser and in Node; `copyCsvSql` wraps it in DuckDB's `COPY … TO` with headers in
 * the UI language and text cells neutralised against formula injection in SQL, so a
 * large export never passes through JS row by row.
 */
import { FIGURES, HEADLINE_FIGURES, columnOf } from '../report/template.ts';
import { CHECK_COLUMNS, REPORT_COLUMNS, REPORT_FIGURES, REPORT_ORDER } from './schema.ts';
import type { QueryState, ViewId } from './state.ts';
import { columnHeader, type DerivedColumns, type ExportLang } from './export-columns.ts';
import { filterConditions, ident, lit, useRollup, whereOf } from './sql/common.ts';

/** What can be exported: a view's rows, or the whole dataset. */
export type ExportSubject = ViewId | 'dataset';

/** A SELECT whose output columns are named as in the dataset (or `derived`), in CSV order. */
export interface ExportQuery {
  subject: ExportSubject;
  /** The rows, unordered (for counts and per-year chunks). */
  base: string;
  /** `ORDER BY …` over the output column names of `base`. */
  orderBy: string;
  /** `base` in export order. */
  sql: string;
  /** True when `base` scans `reports` alone, whose rows are stored in `orderBy` order (REPORT_ORDER): a COPY need not sort. */
  stored: boolean;
  columns: readonly string[];
  derived?: DerivedColumns;
}

/** Report metadata printed before the figures in every per-report export. */
const META = ['report_id', 'agency', 'agency_kind', 'province', 'city', 'district', 'region_code', 'year', 'template', 'source'] as const;
const ORDER = `ORDER BY ${REPORT_ORDER.join(', ')}`;

function query(subject: ExportSubject, base: string, columns: readonly string[], orderBy = ORDER): ExportQuery {
  return { subject, base, orderBy, sql: `SELECT * FROM (${base}) ${orderBy}`, columns, stored: orderBy === ORDER && REPORT_ROWS.has(subject) };
}

const SQL_TYPES: ReadonlyMap<string, string> = new Map([...REPORT_COLUMNS, ...CHECK_COLUMNS].map(([c, t]) => [c, t]));

/** Figure columns of `reports` that a view draws from. */
export function viewFigureColumns(subject: ExportSubject, state: QueryState): string[] {
  const cols = (pred: (f: (typeof FIGURES)[number]) => boolean) => REPORT_FIGURES.filter(pred).map((f) => columnOf(f.key));
  switch (subject) {
    case 'overview':
      return [...HEADLINE_FIGURES, 'new.total', 'granted.total', 'partial.total', 'processed_total.total', 'review_corrected', 'review_total'].map(columnOf);
    case 'compare':
      return [columnOf(state.params.figure)];
    case 'applications':
      return cols((f) => f.table === 'table3');
    case 'review':
      return cols((f) => f.table === 'table4');
    default:
      return REPORT_FIGURES.map((f) => columnOf(f.key));
  }
}

/** The SELECT behind a view (or the whole dataset) for the filters of `state`. */
export function exportQuery(subject: ExportSubject, state: QueryState): ExportQuery {
  if (subject === 'quality') {
    const c = filterConditions(state.filters, 'r');
    const columns = ['report_id', 'agency', 'agency_kind', 'province', 'city', 'district', 'year', 'template', 'check_id', 'column', 'expected', 'actual'];
    const base = `SELECT c.report_id, r.agency, r.agency_kind, r.province, r.city, r.district, r.year, r.template,
  c.check_id, c."column", c.expected, c.actual
FROM checks c JOIN reports r ON r.report_id = c.report_id
${c.length ? `WHERE ${c.join(' AND ')}` : ''}`;
    return query(subject, base, columns, `${ORDER}, check_id, "column"`);
  }
  if (subject === 'dataset') {
    const columns = REPORT_COLUMNS.map(([c]) => c);
    return query(subject, `SELECT ${columns.map(ident).join(', ')} FROM reports`, columns);
  }
  const columns = [...META, ...viewFigureColumns(subject, state)];
  const c = filterConditions(state.filters);
  if (subject === 'report' && state.params.report) c.push(`report_id = ${lit(state.params.report)}`);
  return query(subject, `SELECT ${columns.map(ident).join(', ')} FROM reports ${c.length ? `WHERE ${c.join(' AND ')}` : ''}`, columns);
}

/** Subjects whose rows are the `reports` rows under the filters, one per report. */
const REPORT_ROWS: ReadonlySet<ExportSubject> = new Set<ExportSubject>(['overview', 'compare', 'applications', 'review', 'dataset']);

/**
 * Rows per year of an export (`year`, `n`; ascending, null last), counted from the small
 * `rollup` table instead of a scan of `reports`; null when the rollup cannot count it
 * (failed checks, one report, an agency search).
 */
export function exportYearCountsSql(subject: ExportSubject, state: QueryState): string | null {
  if (!REPORT_ROWS.has(subject) || (subject !== 'dataset' && !useRollup(state.filters))) return null;
  const where = subject === 'dataset' ? '' : whereOf(state.filters);
  return `SELECT CAST(year AS INTEGER) AS year, CAST(SUM(reports) AS INTEGER) AS n FROM rollup ${where} GROUP BY year ORDER BY year NULLS LAST`;
}

/** Largest export (rows × columns) written by one COPY; larger ones go year by year. */
export const SINGLE_COPY_MAX_CELLS = 5_000_000;

/** How an export is written: `years` (null = rows without a year) one COPY each, or one COPY when absent. */
export interface ExportPlan {
  /** Rows expected in all, 0 when not known in advance. */
  total: number;
  years?: readonly (number | null)[];
}

/**
 * Plans an export from its per-year row counts (null when unknown): one COPY when it is
 * small enough, else one per year with rows; unknown counts are bounded by the dataset's
 * `reports` and split by its `years` (plus the rows without a year).
 */
export function exportPlan(counts: readonly { year: number | null; n: number }[] | null, columns: number, dataset: { reports: number; years: readonly number[] }): ExportPlan {
  const cols = Math.max(1, columns);
  if (counts) {
    const total = counts.reduce((s, c) => s + c.n, 0);
    return total * cols <= SINGLE_COPY_MAX_CELLS ? { total } : { total, years: counts.filter((c) => c.n > 0).map((c) => c.year) };
  }
  return dataset.reports * cols <= SINGLE_COPY_MAX_CELLS ? { total: 0 } : { total: 0, years: [...dataset.years, null] };
}

/** A column as written to CSV: text neutralised (leading `'` before = + - @ tab CR), lists joined. */
export function csvColumnSql(column: string, type = SQL_TYPES.get(column)): string {
  const c = ident(column);
  const text = type === 'VARCHAR[]' ? `array_to_string(${c}, '; ')` : type === 'VARCHAR' ? c : null;
  if (!text) return c;
  return `CASE WHEN left(${text}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || ${text} ELSE ${text} END`;
}

/**
 * `COPY (…) TO file` writing the export as CSV with UI-language headers and CRLF record
 * ends; `year` limits it to one chunk (null = the rows without a year), `header` false
 * for the chunks after the first. Prefix the BOM; `crlfRecords` is a cheap safety net.
 * Rows already stored in export order are streamed without a sort (a sort holds every
 * row in memory before the first is written: 15% of a 100k-row export in the browser).
 */
export function copyCsvSql(q: ExportQuery, lang: ExportLang, file: string, opts: { year?: number | null; header?: boolean } = {}): string {
  const select = q.columns.map((c) => `${csvColumnSql(c)} AS ${ident(columnHeader(c, lang, q.derived))}`).join(', ');
  const where = opts.year === undefined ? '' : opts.year === null ? 'WHERE year IS NULL' : `WHERE year = ${Math.trunc(opts.year)}`;
  return `COPY (SELECT ${select} FROM (${q.base}) ${where} ${q.stored ? '' : q.orderBy}) TO ${lit(file)} (FORMAT csv, HEADER ${opts.header === false ? 'false' : 'true'}, DELIMITER ',', QUOTE '"', ESCAPE '"', NULLSTR '', NEW_LINE '\r\n')`;
}
