/** SQL of the Report view: the list of reports, and one report's figures, cells and checks. */
import { REPORT_COLUMNS } from '../schema.ts';
import type { QueryState } from '../state.ts';
import { ident, lit, whereOf } from './common.ts';

/** Reports matching the filters (newest first, at most 2000) to pick one from. */
export function reportList(s: QueryState): string {
  return `SELECT report_id, agency, CAST(year AS INTEGER) AS year, template, CAST(failed_checks AS INTEGER) AS failed_checks
FROM reports ${whereOf(s.filters)}
ORDER BY year DESC, agency, report_id LIMIT 2000`;
}

/** One report's row of `reports` (figures as DOUBLE, so they reach JS as numbers). */
export function reportRow(reportId: string): string {
  const cols = REPORT_COLUMNS.filter(([c]) => c !== 'warnings').map(([c, t]) =>
    t === 'INTEGER' ? `CAST(${ident(c)} AS DOUBLE) AS ${ident(c)}` : ident(c));
  return `SELECT ${cols.join(', ')} FROM reports WHERE report_id = ${lit(reportId)} LIMIT 1`;
}

/** One report's table-3 cells from `application_cells`. */
export function reportCells(reportId: string): string {
  return `SELECT "row", applicant, CAST("count" AS DOUBLE) AS "count" FROM application_cells WHERE report_id = ${lit(reportId)}`;
}

/** One report's failed checks. */
export function reportChecks(reportId: string): string {
  return `SELECT check_id, "column", CAST(expected AS DOUBLE) AS expected, CAST(actual AS DOUBLE) AS actual
FROM checks WHERE report_id = ${lit(reportId)} ORDER BY check_id, "column"`;
}
