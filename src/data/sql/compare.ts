/** SQL of the Compare view: rankings, district × year matrices and peer-group quartiles. */
import type { QueryState } from '../state.ts';
import { columnOf } from '../../report/template.ts';
import { rollupStatedColumn } from '../schema.ts';
import { figureColumn, ident, lit, resolvedYear, sumOf, usePeers, useRollup, whereOf } from './common.ts';

/** Marker name of the "everything after the top N" row. */
export const REST = '__rest__';

/** Display name of a district: `city·district` (districts repeat across cities). */
const DISTRICT_NAME = `concat_ws('·', city, district)`;

/** Ranking of districts or agencies by a figure for one year: top N rows, then one rest row. */
export function rankByFigure(s: QueryState): string {
  const col = figureColumn(s.params.figure);
  const byAgency = s.params.by === 'agency';
  const name = byAgency ? 'agency' : DISTRICT_NAME;
  const notNull = byAgency ? 'agency IS NOT NULL' : 'district IS NOT NULL';
  const year = `year = ${resolvedYear(s.filters, s.params.year)}`;
  const n = Math.trunc(s.params.top);
  // Districts rank from the rollup (sums and counts of the reports stating the figure); agencies need `reports`.
  const stated = ident(rollupStatedColumn(columnOf(s.params.figure)));
  const base = !byAgency && useRollup(s.filters)
    ? `SELECT ${name} AS name, CAST(year AS INTEGER) AS year, ${sumOf(col)} AS value, CAST(SUM(${stated}) AS INTEGER) AS reports
  FROM rollup ${whereOf(s.filters, [year, `${stated} > 0`, notNull])}`
    : `SELECT ${name} AS name, CAST(year AS INTEGER) AS year, ${sumOf(col)} AS value, CAST(COUNT(*) AS INTEGER) AS reports
  FROM reports ${whereOf(s.filters, [year, `${col} IS NOT NULL`, notNull])}`;
  return `WITH base AS (
  ${base}
  GROUP BY 1, 2),
ranked AS (SELECT *, ROW_NUMBER() OVER (ORDER BY value DESC, name) AS rank FROM base)
SELECT name, year, value, reports, CAST(rank AS INTEGER) AS rank FROM ranked WHERE rank <= ${n}
UNION ALL
SELECT '${REST}' AS name, CAST(MAX(year) AS INTEGER) AS year, CAST(SUM(value) AS DOUBLE) AS value, CAST(SUM(reports) AS INTEGER) AS reports, ${n + 1} AS rank
FROM ranked WHERE rank > ${n} HAVING COUNT(*) > 0
ORDER BY rank`;
}

/** The figure by district and year for the `limit` districts with the largest total over the range (from the rollup when the filters allow: a sum of the stated values either way). */
export function figureByDistrictYear(s: QueryState, limit: number): string {
  const col = figureColumn(s.params.figure);
  return `WITH base AS (
  SELECT ${DISTRICT_NAME} AS name, CAST(year AS INTEGER) AS year, ${sumOf(col)} AS value
  FROM ${useRollup(s.filters) ? 'rollup' : 'reports'} ${whereOf(s.filters, ['district IS NOT NULL', 'year IS NOT NULL', `${col} IS NOT NULL`])}
  GROUP BY 1, 2),
top AS (SELECT name, SUM(value) AS total FROM base GROUP BY name ORDER BY total DESC, name LIMIT ${Math.trunc(limit)})
SELECT base.name, base.year, base.value FROM base JOIN top USING (name)
ORDER BY top.total DESC, base.name, base.year`;
}

/** The quartiles of a column as one aggregate, the list [q1, median, q3]: each group is sorted once for all three. */
export function quartilesSql(col: string): string {
  return `quantile_cont(${col}, [0.25, 0.5, 0.75])`;
}

/** Report count and quartiles of a figure column over the rows of a group (`peers` holds the same statistics). */
export function peerStatsSql(col: string): string {
  // The repeated list aggregate is bound once by DuckDB.
  const q = quartilesSql(col);
  return `CAST(COUNT(*) AS INTEGER) AS reports,
  CAST(MIN(${col}) AS DOUBLE) AS min, CAST(${q}[1] AS DOUBLE) AS q1,
  CAST(${q}[2] AS DOUBLE) AS median, CAST(${q}[3] AS DOUBLE) AS q3,
  CAST(MAX(${col}) AS DOUBLE) AS max`;
}

/** Quartiles of a figure per peer group (same province, same agency kind) for one year: from `peers` when the filters allow. */
export function peerQuartiles(s: QueryState): string {
  const year = `year = ${resolvedYear(s.filters, s.params.year)}`;
  const order = 'ORDER BY median DESC, province, agency_kind LIMIT 20';
  if (usePeers(s.filters)) {
    return `SELECT province, agency_kind, reports, min, q1, median, q3, max
FROM peers ${whereOf(s.filters, [`figure = ${lit(s.params.figure)}`, year])}
${order}`;
  }
  const col = figureColumn(s.params.figure);
  return `SELECT province, agency_kind, ${peerStatsSql(col)}
FROM reports ${whereOf(s.filters, [year, `${col} IS NOT NULL`, 'province IS NOT NULL'])}
GROUP BY province, agency_kind
${order}`;
}

/** The year a single-year comparison shows (chosen or latest), with the number of reports in it. */
export function compareYear(s: QueryState): string {
  return `SELECT CAST(${resolvedYear(s.filters, s.params.year)} AS INTEGER) AS year`;
}
