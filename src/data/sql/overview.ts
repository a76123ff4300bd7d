/** SQL of the Overview view: KPI figures per year and headline trends (from the rollup when the filters allow). */
import { HEADLINE_FIGURES } from '../../report/template.ts';
import type { QueryState } from '../state.ts';
import { figureColumn as c, sumOf, useRollup, whereOf } from './common.ts';

const GRANTED = c('granted.total');
const PARTIAL = c('partial.total');
/** Quoted column of the processed total (grant-rate denominator). */
export const PROCESSED = c('processed_total.total');
/** Grant-rate numerator of one report. */
export const GRANTED_PLUS_PARTIAL = `${GRANTED} + ${PARTIAL}`;
const REVIEW_CORRECTED = c('review_corrected');
const REVIEW_TOTAL = c('review_total');

/** Reports counted in the grant rate: those stating granted, partial and a positive processed total. */
export const GRANT_OK = `${GRANTED} IS NOT NULL AND ${PARTIAL} IS NOT NULL AND ${PROCESSED} > 0`;
const REVIEW_OK = `${REVIEW_CORRECTED} IS NOT NULL AND ${REVIEW_TOTAL} > 0`;

/** Grant rate `(granted + partial) / processed_total` over reports stating all three. */
export const GRANT_RATE_SQL = `CAST(SUM(${GRANTED_PLUS_PARTIAL}) FILTER (WHERE ${GRANT_OK}) / NULLIF(SUM(${PROCESSED}) FILTER (WHERE ${GRANT_OK}), 0) AS DOUBLE)`;
/** The grant rate over rollup rows. */
export const GRANT_RATE_ROLLUP_SQL = 'CAST(SUM(grant_num) / NULLIF(SUM(grant_den), 0) AS DOUBLE)';
/** Review correction rate `review_corrected / review_total` over reports stating both. */
export const REVIEW_CORRECTION_SQL = `CAST(SUM(${REVIEW_CORRECTED}) FILTER (WHERE ${REVIEW_OK}) / NULLIF(SUM(${REVIEW_TOTAL}) FILTER (WHERE ${REVIEW_OK}), 0) AS DOUBLE)`;

/** One row per year: reports, agencies, licensing, penalties, applications, grant and review correction rates. */
export function kpiByYear(s: QueryState): string {
  if (useRollup(s.filters)) {
    return `SELECT CAST(year AS INTEGER) AS year,
  CAST(SUM(reports) AS INTEGER) AS reports,
  CAST(SUM(agencies) AS INTEGER) AS agencies,
  ${sumOf(c('licensing'))} AS licensing,
  ${sumOf(c('penalty'))} AS penalty,
  ${sumOf(c('new.total'))} AS applications,
  ${GRANT_RATE_ROLLUP_SQL} AS grant_rate,
  CAST(SUM(review_corr_num) / NULLIF(SUM(review_corr_den), 0) AS DOUBLE) AS review_correction_rate
FROM rollup ${whereOf(s.filters, ['year IS NOT NULL'])}
GROUP BY year ORDER BY year`;
  }
  return `SELECT CAST(year AS INTEGER) AS year,
  CAST(COUNT(*) AS INTEGER) AS reports,
  CAST(COUNT(DISTINCT agency) AS INTEGER) AS agencies,
  ${sumOf(c('licensing'))} AS licensing,
  ${sumOf(c('penalty'))} AS penalty,
  ${sumOf(c('new.total'))} AS applications,
  ${GRANT_RATE_SQL} AS grant_rate,
  ${REVIEW_CORRECTION_SQL} AS review_correction_rate
FROM reports ${whereOf(s.filters, ['year IS NOT NULL'])}
GROUP BY year ORDER BY year`;
}

/** One row per year: licensing, penalty and coercion decisions (sums over reports or rollup rows alike). */
export function headlineTrend(s: QueryState): string {
  return `SELECT CAST(year AS INTEGER) AS year,
  ${HEADLINE_FIGURES.map((k) => `${sumOf(c(k))} AS ${k}`).join(',\n  ')}
FROM ${useRollup(s.filters) ? 'rollup' : 'reports'} ${whereOf(s.filters, ['year IS NOT NULL'])}
GROUP BY year ORDER BY year`;
}
