/**
 * The pre-aggregated `rollup` table: how it is built from report rows (at ingest) and
 * (when a view's query may read it instead of scanning `reports` is decided in one place,
 * `useRollup` in common.ts; chart code never knows).
 */
import { APPLICANT_PARTS, REVIEW_GROUPS, columnOf } from '../../report/template.ts';
import { OUTCOME_GROUP_KEYS, REPORT_FIGURES, ROLLUP_KEYS, rollupApplicantColumn, rollupStatedColumn } from '../schema.ts';
import { ident, lit } from './common.ts';
import { quartilesSql } from './compare.ts';
import { rowsOfGroup } from './applications.ts';
import { GRANT_OK, GRANTED_PLUS_PARTIAL, PROCESSED } from './overview.ts';

/** Condition under which a review group's correction rate counts a report. */
export function reviewRateOk(group: string): string {
  return `${ident(`${group}_corrected`)} IS NOT NULL AND ${ident(`${group}_total`)} > 0`;
}

/** SELECT building the rollup rows from a table with every figure column (staging or reports + cells). */
export function rollupSelectSql(from: string): string {
  const sums = REPORT_FIGURES.map((f) => `CAST(SUM(${ident(columnOf(f.key))}) AS DOUBLE) AS ${ident(columnOf(f.key))}`);
  const stated = REPORT_FIGURES.map((f) => `CAST(COUNT(${ident(columnOf(f.key))}) AS INTEGER) AS ${ident(rollupStatedColumn(columnOf(f.key)))}`);
  const review = REVIEW_GROUPS.flatMap((g) => [
    `CAST(SUM(${ident(`${g.key}_corrected`)}) FILTER (WHERE ${reviewRateOk(g.key)}) AS DOUBLE) AS ${g.key}_corr_num`,
    `CAST(SUM(${ident(`${g.key}_total`)}) FILTER (WHERE ${reviewRateOk(g.key)}) AS DOUBLE) AS ${g.key}_corr_den`,
  ]);
  const applicants = APPLICANT_PARTS.flatMap((a) => {
    const cell = (row: string) => ident(columnOf(`${row}.${a}`));
    const all = OUTCOME_GROUP_KEYS.flatMap((g) => rowsOfGroup(g));
    return [
      ...OUTCOME_GROUP_KEYS.map((g) => `CAST(SUM(${rowsOfGroup(g).map((r) => `COALESCE(${cell(r)}, 0)`).join(' + ') || '0'}) AS DOUBLE) AS ${rollupApplicantColumn(a, g)}`),
      `CAST(SUM(${all.map((r) => `CAST(${cell(r)} IS NOT NULL AS INTEGER)`).join(' + ')}) AS INTEGER) AS app__${a}__cells`,
    ];
  });
  return `SELECT ${ROLLUP_KEYS.join(', ')},
  CAST(COUNT(*) AS INTEGER) AS reports,
  CAST(COUNT(DISTINCT agency) AS INTEGER) AS agencies,
  ${[...sums, ...stated,
    `CAST(SUM(${GRANTED_PLUS_PARTIAL}) FILTER (WHERE ${GRANT_OK}) AS DOUBLE) AS grant_num`,
    `CAST(SUM(${PROCESSED}) FILTER (WHERE ${GRANT_OK}) AS DOUBLE) AS grant_den`,
    `CAST(COUNT(*) FILTER (WHERE ${GRANT_OK}) AS INTEGER) AS grant_reports`,
    ...review, ...applicants].join(',\n  ')}
FROM ${from}
GROUP BY ${ROLLUP_KEYS.join(', ')}
ORDER BY ${ROLLUP_KEYS.join(', ')}`;
}

/**
 * SELECT building the `peers` rows from a table of reports (every figure column): per
 * figure, the statistics of peerStatsSql over the reports stating it, by year, province
 * and agency kind; sorted by figure and year, the two conditions every read has.
 *
 * One scan and one grouping compute every figure's statistics (COUNT, MIN and MAX skip
 * nulls as the quantiles do); each group's row is then unnested into one row per figure.
 * A grouping per figure scanned the reports once per figure: at 1M reports 6.7 s and
 * 1.0 GB, against 2.8 s and 0.46 GB.
 */
export function peersSelectSql(from: string): string {
  const cols = REPORT_FIGURES.map((f) => ident(columnOf(f.key)));
  const stats = cols.map((col, i) => `COUNT(${col}) AS n${i}, MIN(${col}) AS min${i}, ${quartilesSql(col)} AS q${i}, MAX(${col}) AS max${i}`);
  const perFigure = REPORT_FIGURES.map((f, i) => `{'figure': ${lit(f.key)}, 'reports': CAST(n${i} AS INTEGER), 'min': CAST(min${i} AS DOUBLE), 'q': q${i}, 'max': CAST(max${i} AS DOUBLE)}`);
  return `SELECT year, province, agency_kind, s.figure AS figure, s.reports AS reports, s.min AS min,
  CAST(s.q[1] AS DOUBLE) AS q1, CAST(s.q[2] AS DOUBLE) AS median, CAST(s.q[3] AS DOUBLE) AS q3, s.max AS max
FROM (
  SELECT year, province, agency_kind, unnest([
    ${perFigure.join(',\n    ')}]) AS s
  FROM (
    SELECT CAST(year AS INTEGER) AS year, province, agency_kind,
    ${stats.join(',\n    ')}
    FROM ${from} WHERE year IS NOT NULL AND province IS NOT NULL
    GROUP BY year, province, agency_kind))
WHERE s.reports > 0
ORDER BY figure, year, province, agency_kind`;
}

/** Queries that read every column of every `rollup` and `peers` row once (so DuckDB holds their blocks). */
export function aggregateWarmupSql(): string[] {
  return ['SELECT MAX(COLUMNS(*)) FROM rollup', 'SELECT MAX(COLUMNS(*)) FROM peers'];
}
