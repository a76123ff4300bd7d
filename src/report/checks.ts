/**
 * Consistency checks (勾稽关系) C1–C5 of `report-template.md`. Each returns only the
 * failures; a check is skipped, not failed, when any figure it involves is null.
 *
 * `expected` is the value the check computes from the other figures, `actual` the figure
 * the report prints for the side being checked:
 * - C1 (per applicant column): expected = new + carried_over, actual = processed_total + carried_forward.
 * - C2 (per applicant column): expected = Σ outcome rows, actual = processed_total.
 * - C3 (per table-3 row): expected = Σ six applicant columns, actual = total.
 * - C4 (per table-4 group): expected = upheld + corrected + other + pending, actual = total.
 * - C5 (column `total`): expected = last year's carried_forward.total, actual = this year's carried_over.total.
 */
import { APPLICANT_COLUMN_KEYS, APPLICANT_PARTS, OUTCOME_ROWS, REVIEW_GROUPS, REVIEW_RESULTS, TABLE3_ROWS, type TemplateKey } from './template.ts';
import type { CheckResult, Figures, ReportRecord } from './record.ts';

function sum(figures: Figures, keys: readonly string[]): number | null {
  let total = 0;
  for (const k of keys) {
    const v = figures[k];
    if (v === null || v === undefined) return null;
    total += v;
  }
  return Math.round(total * 1e6) / 1e6;
}

// Key lists of each check, built once from the registry.
const C1 = APPLICANT_COLUMN_KEYS.map((col) => ({ col, left: [`new.${col}`, `carried_over.${col}`], right: [`processed_total.${col}`, `carried_forward.${col}`] }));
const C2 = APPLICANT_COLUMN_KEYS.map((col) => ({ col, parts: OUTCOME_ROWS.map((r) => `${r}.${col}`), total: `processed_total.${col}` }));
const C3: Record<TemplateKey, { row: string; parts: string[]; total: string }[]> = {
  '2019': c3Rows('2019'),
  '2021': c3Rows('2021'),
};
function c3Rows(template: TemplateKey) {
  return TABLE3_ROWS.filter((row) => row.templates.includes(template))
    .map((row) => ({ row: row.row, parts: APPLICANT_PARTS.map((c) => `${row.row}.${c}`), total: `${row.row}.total` }));
}
const C4 = REVIEW_GROUPS.map((g) => ({ group: g.key, parts: REVIEW_RESULTS.filter((r) => r.key !== 'total').map((r) => `${g.key}_${r.key}`), total: `${g.key}_total` }));

/** Checks C1–C4 of one report's figures; failures only. */
export function checkReport(figures: Figures, template: TemplateKey): CheckResult[] {
  const out: CheckResult[] = [];
  for (const { col, left, right } of C1) {
    const l = sum(figures, left), r = sum(figures, right);
    if (l !== null && r !== null && l !== r) out.push({ check: 'C1', column: col, expected: l, actual: r });
  }
  for (const { col, parts, total } of C2) {
    const p = sum(figures, parts), t = figures[total];
    if (p !== null && t !== null && t !== undefined && p !== t) out.push({ check: 'C2', column: col, expected: p, actual: t });
  }
  for (const { row, parts, total } of C3[template]) {
    const p = sum(figures, parts), t = figures[total];
    if (p !== null && t !== null && t !== undefined && p !== t) out.push({ check: 'C3', column: row, expected: p, actual: t });
  }
  for (const { group, parts, total } of C4) {
    const p = sum(figures, parts), t = figures[total];
    if (p !== null && t !== null && t !== undefined && p !== t) out.push({ check: 'C4', column: group, expected: p, actual: t });
  }
  return out;
}

/** Agency identity used to line up one agency's reports across years. */
function agencyKey(r: ReportRecord): string {
  return `${r.region_code ?? ''}|${r.agency ?? r.source}`;
}

/**
 * Check C5 across years: for each record whose agency also has a report of the previous
 * year, this year's carried_over.total must equal last year's carried_forward.total.
 * Returns the failures per record (records without a failure are absent).
 */
export function checkCarryOver(records: readonly ReportRecord[]): Map<ReportRecord, CheckResult[]> {
  const byAgencyYear = new Map<string, ReportRecord>();
  for (const r of records) if (r.year !== null) byAgencyYear.set(`${agencyKey(r)}#${r.year}`, r);
  const out = new Map<ReportRecord, CheckResult[]>();
  for (const r of records) {
    if (r.year === null) continue;
    const prev = byAgencyYear.get(`${agencyKey(r)}#${r.year - 1}`);
    if (!prev) continue;
    const expected = prev.figures['carried_forward.total'];
    const actual = r.figures['carried_over.total'];
    if (expected === null || expected === undefined || actual === null || actual === undefined || expected === actual) continue;
    out.set(r, [{ check: 'C5', column: 'total', expected, actual }]);
  }
  return out;
}
