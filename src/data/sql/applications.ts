/** SQL of the Applications view: outcome composition, applicant types, grant rate, reasons. */
import { APPLICANT_PARTS, OUTCOME_ROWS, TABLE3_ROWS, columnOf, type OutcomeGroup } from '../../report/template.ts';
import type { QueryState } from '../state.ts';
import { aggregateSource, ident, lit, reportsMatching, sumOf, useRollup, whereOf } from './common.ts';
import { GRANT_OK, GRANT_RATE_ROLLUP_SQL, GRANT_RATE_SQL } from './overview.ts';
import { OUTCOME_GROUP_KEYS as _G, rollupApplicantColumn } from '../schema.ts';

/** Outcome groups stacked in the composition charts, in printed order. */
export const OUTCOME_GROUPS: readonly OutcomeGroup[] = _G;

/** The table-3 rows (of OUTCOME_ROWS) that belong to an outcome group. */
export function rowsOfGroup(group: OutcomeGroup): string[] {
  return TABLE3_ROWS.filter((r) => r.group === group && OUTCOME_ROWS.includes(r.row)).map((r) => r.row);
}

/** Sum over reports of one group's `<row>__total` columns; null when no report states any of them. */
function groupSum(group: OutcomeGroup): string {
  const cols = rowsOfGroup(group).map((r) => ident(columnOf(`${r}.total`)));
  return `CASE WHEN ${cols.map((c) => `COUNT(${c})`).join(' + ')} > 0 THEN ${cols.map((c) => `COALESCE(${sumOf(c)}, 0)`).join(' + ')} END`;
}

/** One row per year: the total of each outcome group (予以公开, 部分公开, 不予公开, …). */
export function outcomesByYear(s: QueryState): string {
  return `SELECT CAST(year AS INTEGER) AS year,
  ${OUTCOME_GROUPS.map((g) => `CAST(${groupSum(g)} AS DOUBLE) AS ${g}`).join(',\n  ')}
FROM ${aggregateSource(s.filters)} ${whereOf(s.filters, ['year IS NOT NULL'])}
GROUP BY year ORDER BY year`;
}

/**
 * One row per year: each outcome group's share (0–1) of all outcomes that year, in SQL.
 * The shares chart computes these rows in JS from the outcomes query (outcomeShares); this
 * is the independent reference the SQL and rollup tests hold it to.
 */
export function outcomeSharesByYear(s: QueryState): string {
  const total = OUTCOME_GROUPS.map((g) => `COALESCE(${g}, 0)`).join(' + ');
  return `WITH c AS (${outcomesByYear(s)})
SELECT year, ${OUTCOME_GROUPS.map((g) => `CAST(${g} / NULLIF(${total}, 0) AS DOUBLE) AS ${g}`).join(', ')}
FROM c WHERE (${OUTCOME_GROUPS.map((g) => `COALESCE(${g}, 0)`).join(' + ')}) > 0 ORDER BY year`;
}

/**
 * The rows of outcomeSharesByYear computed from the rows of outcomesByYear (so one query
 * serves both charts): the same double operations in the same order, hence the same numbers.
 */
export function outcomeShares(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const value = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  const out: Record<string, unknown>[] = [];
  for (const r of rows) {
    let total = 0;
    for (const g of OUTCOME_GROUPS) total += value(r[g]) ?? 0;
    if (!(total > 0)) continue;
    const row: Record<string, unknown> = { year: r.year };
    for (const g of OUTCOME_GROUPS) { const v = value(r[g]); row[g] = v === null ? null : v / total; }
    out.push(row);
  }
  return out;
}

/** One row per applicant type: the total of each outcome group (from application_cells). */
export function outcomesByApplicant(s: QueryState): string {
  if (useRollup(s.filters)) {
    // One scan of the rollup for every applicant type, then one row per type that states any cell.
    const sums = APPLICANT_PARTS.flatMap((a) => [
      ...OUTCOME_GROUPS.map((g) => `CAST(COALESCE(SUM(${rollupApplicantColumn(a, g)}), 0) AS DOUBLE) AS ${rollupApplicantColumn(a, g)}`),
      `COALESCE(SUM(app__${a}__cells), 0) AS app__${a}__cells`,
    ]);
    const structs = APPLICANT_PARTS.map((a, i) => `{'applicant': '${a}', 'ord': ${i}, 'cells': app__${a}__cells, ${OUTCOME_GROUPS.map((g) => `'${g}': ${rollupApplicantColumn(a, g)}`).join(', ')}}`);
    return `WITH t AS (SELECT ${sums.join(', ')} FROM rollup ${whereOf(s.filters)})
SELECT s.applicant AS applicant, ${OUTCOME_GROUPS.map((g) => `s.${g} AS ${g}`).join(', ')}
FROM (SELECT unnest([${structs.join(', ')}]) AS s FROM t) WHERE s.cells > 0 ORDER BY s.ord`;
  }
  const groupOf = `CASE ${OUTCOME_GROUPS.map((g) => `WHEN "row" IN (${rowsOfGroup(g).map(lit).join(', ')}) THEN '${g}'`).join(' ')} END`;
  const order = `CASE applicant ${APPLICANT_PARTS.map((a, i) => `WHEN '${a}' THEN ${i}`).join(' ')} END`;
  return `WITH cells AS (
  SELECT applicant, ${groupOf} AS grp, "count" FROM application_cells
  WHERE applicant IN (${APPLICANT_PARTS.map(lit).join(', ')}) AND "count" IS NOT NULL AND ${reportsMatching(s.filters)})
SELECT applicant, ${OUTCOME_GROUPS.map((g) => `CAST(COALESCE(SUM("count") FILTER (WHERE grp = '${g}'), 0) AS DOUBLE) AS ${g}`).join(', ')}
FROM cells WHERE grp IS NOT NULL
GROUP BY applicant ORDER BY ${order}`;
}

/** One row per year: grant rate and the number of reports it is computed over. */
export function grantRateByYear(s: QueryState): string {
  if (useRollup(s.filters)) {
    return `SELECT CAST(year AS INTEGER) AS year, ${GRANT_RATE_ROLLUP_SQL} AS grant_rate,
  CAST(SUM(grant_reports) AS INTEGER) AS reports
FROM rollup ${whereOf(s.filters, ['year IS NOT NULL'])}
GROUP BY year ORDER BY year`;
  }
  return `SELECT CAST(year AS INTEGER) AS year, ${GRANT_RATE_SQL} AS grant_rate,
  CAST(COUNT(*) FILTER (WHERE ${GRANT_OK}) AS INTEGER) AS reports
FROM reports ${whereOf(s.filters, ['year IS NOT NULL'])}
GROUP BY year ORDER BY year`;
}

/** One row per reason of a group (不予公开 or 无法提供): the reason's row key and total, printed order. */
export function reasonTotals(s: QueryState, group: 'denied' | 'unable'): string {
  const rows = rowsOfGroup(group);
  // One scan for every reason, then one row per reason.
  return `WITH t AS (SELECT ${rows.map((r, i) => `${sumOf(ident(columnOf(`${r}.total`)))} AS v${i}`).join(', ')} FROM ${aggregateSource(s.filters)} ${whereOf(s.filters)})
SELECT s.reason AS reason, s.ord AS ord, s.value AS value
FROM (SELECT unnest([${rows.map((r, i) => `{'reason': '${r}', 'ord': ${i}, 'value': v${i}}`).join(', ')}]) AS s FROM t) ORDER BY s.ord`;
}
