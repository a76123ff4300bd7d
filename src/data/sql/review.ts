/** SQL of the Review & litigation view: volumes and correction rates per year. */
import { REVIEW_GROUPS, REVIEW_RESULTS } from '../../report/template.ts';
import type { QueryState } from '../state.ts';
import { aggregateSource, ident, sumOf, useRollup, whereOf } from './common.ts';

/** One row per year: review, direct-suit and after-review-suit totals. */
export function reviewVolumesByYear(s: QueryState): string {
  return `SELECT CAST(year AS INTEGER) AS year,
  ${REVIEW_GROUPS.map((g) => `${sumOf(ident(`${g.key}_total`))} AS ${g.key}`).join(',\n  ')}
FROM ${aggregateSource(s.filters)} ${whereOf(s.filters, ['year IS NOT NULL'])}
GROUP BY year ORDER BY year`;
}

/** One row per year: share of cases corrected (`<group>_corrected / <group>_total`) per group. */
export function correctionRatesByYear(s: QueryState): string {
  const rollup = useRollup(s.filters);
  const rate = (g: string) => {
    if (rollup) return `CAST(SUM(${g}_corr_num) / NULLIF(SUM(${g}_corr_den), 0) AS DOUBLE) AS ${g}`;
    const ok = `${ident(`${g}_corrected`)} IS NOT NULL AND ${ident(`${g}_total`)} > 0`;
    return `CAST(SUM(${ident(`${g}_corrected`)}) FILTER (WHERE ${ok}) / NULLIF(SUM(${ident(`${g}_total`)}) FILTER (WHERE ${ok}), 0) AS DOUBLE) AS ${g}`;
  };
  return `SELECT CAST(year AS INTEGER) AS year,
  ${REVIEW_GROUPS.map((g) => rate(g.key)).join(',\n  ')}
FROM ${aggregateSource(s.filters)} ${whereOf(s.filters, ['year IS NOT NULL'])}
GROUP BY year ORDER BY year`;
}

/** One row per year: the results of administrative review (upheld, corrected, other, pending). */
export function reviewResultsByYear(s: QueryState): string {
  return `SELECT CAST(year AS INTEGER) AS year,
  ${REVIEW_RESULTS.filter((r) => r.key !== 'total').map((r) => `${sumOf(ident(`review_${r.key}`))} AS ${r.key}`).join(',\n  ')}
FROM ${aggregateSource(s.filters)} ${whereOf(s.filters, ['year IS NOT NULL'])}
GROUP BY year ORDER BY year`;
}
