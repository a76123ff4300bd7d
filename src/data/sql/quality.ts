/** SQL of the Data quality view: failed checks and agencies missing a year. */
import { CHECK_IDS } from '../../report/record.ts';
import type { QueryState } from '../state.ts';
import { filterConditions, whereOf } from './common.ts';

/** Every failed check of the filtered reports, with agency and year (at most 2000 rows). */
export function failedChecks(s: QueryState): string {
  const c = filterConditions(s.filters, 'r');
  return `SELECT c.report_id, r.agency, CAST(r.year AS INTEGER) AS year, c.check_id, c."column",
  CAST(c.expected AS DOUBLE) AS expected, CAST(c.actual AS DOUBLE) AS actual
FROM checks c JOIN reports r USING (report_id)
${c.length ? `WHERE ${c.join(' AND ')}` : ''}
ORDER BY r.year DESC, r.agency, c.check_id, c."column" LIMIT 2000`;
}

/** One row per check C1–C5 (zeros included): how many reports fail it and how many failures there are. */
export function failuresByCheck(s: QueryState): string {
  const c = filterConditions(s.filters, 'r');
  return `WITH f AS (
  SELECT c.check_id, CAST(COUNT(DISTINCT c.report_id) AS INTEGER) AS reports, CAST(COUNT(*) AS INTEGER) AS failures
  FROM checks c JOIN reports r USING (report_id)
  ${c.length ? `WHERE ${c.join(' AND ')}` : ''}
  GROUP BY c.check_id)
SELECT k.check_id, CAST(COALESCE(f.reports, 0) AS INTEGER) AS reports, CAST(COALESCE(f.failures, 0) AS INTEGER) AS failures
FROM (VALUES ${CHECK_IDS.map((id) => `('${id}')`).join(', ')}) AS k(check_id) LEFT JOIN f USING (check_id)
ORDER BY k.check_id`;
}

/** Agencies with a gap: a year between their first and last report with no report. */
export function missingYears(s: QueryState): string {
  return `WITH a AS (
  SELECT agency, province, city, district, MIN(year) AS first_year, MAX(year) AS last_year, list(DISTINCT year) AS years
  FROM reports ${whereOf(s.filters, ['agency IS NOT NULL', 'year IS NOT NULL'])}
  GROUP BY agency, province, city, district)
SELECT agency, province, city, district, CAST(first_year AS INTEGER) AS first_year, CAST(last_year AS INTEGER) AS last_year,
  CAST(g.missing_year AS INTEGER) AS missing_year
FROM a, LATERAL (SELECT unnest(range(a.first_year + 1, a.last_year)) AS missing_year) g
WHERE NOT list_contains(a.years, g.missing_year)
ORDER BY agency, missing_year LIMIT 2000`;
}
