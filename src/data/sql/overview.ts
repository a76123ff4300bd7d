/** SQL of the Overview view: KPI figures per year and headline trends. */
import type { QueryState } from '../state.ts';
import { sumOf, whereOf } from './common.ts';

/** Rows of `grantRateExpr`-style ratios restricted to reports that state every part. */
const GRANT_OK = `"granted__total" IS NOT NULL AND "partial__total" IS NOT NULL AND "processed_total__total" > 0`;
const REVIEW_OK = `"review_corrected" IS NOT NULL AND "review_total" > 0`;

/** Grant rate `(granted + partial) / processed_total` over reports stating all three. */
export const GRANT_RATE_SQL = `CAST(SUM("granted__total" + "partial__total") FILTER (WHERE ${GRANT_OK}) / NULLIF(SUM("processed_total__total") FILTER (WHERE ${GRANT_OK}), 0) AS DOUBLE)`;
/** Review correction rate `review_corrected / review_total` over reports stating both. */
export const REVIEW_CORRECTION_SQL = `CAST(SUM("review_corrected") FILTER (WHERE ${REVIEW_OK}) / NULLIF(SUM("review_total") FILTER (WHERE ${REVIEW_OK}), 0) AS DOUBLE)`;

/** One row per year: reports, agencies, licensing, penalties, applications, grant and review correction rates. */
export function kpiByYear(s: QueryState): string {
  return `SELECT CAST(year AS INTEGER) AS year,
  CAST(COUNT(*) AS INTEGER) AS reports,
  CAST(COUNT(DISTINCT agency) AS INTEGER) AS agencies,
  ${sumOf('"licensing"')} AS licensing,
  ${sumOf('"penalty"')} AS penalty,
  ${sumOf('"new__total"')} AS applications,
  ${GRANT_RATE_SQL} AS grant_rate,
  ${REVIEW_CORRECTION_SQL} AS review_correction_rate
FROM reports ${whereOf(s.filters, ['year IS NOT NULL'])}
GROUP BY year ORDER BY year`;
}

/** One row per year: licensing, penalty and coercion decisions (sums over reports). */
export function headlineTrend(s: QueryState): string {
  return `SELECT CAST(year AS INTEGER) AS year,
  ${sumOf('"licensing"')} AS licensing,
  ${sumOf('"penalty"')} AS penalty,
  ${sumOf('"coercion"')} AS coercion
FROM reports ${whereOf(s.filters, ['year IS NOT NULL'])}
GROUP BY year ORDER BY year`;
}
