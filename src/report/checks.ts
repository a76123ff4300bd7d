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

/** Checks C1–C4 of one report's figures; failures only. */
export function checkReport(figures: Figures, template: TemplateKey): CheckResult[] {
  const out: CheckResult[] = [];
  for (const col of APPLICANT_COLUMN_KEYS) {
    const left = sum(figures, [`new.${col}`, `carried_over.${col}`]);
    const right = sum(figures, [`processed_total.${col}`, `carried_forward.${col}`]);
    if (left !== null && right !== null && left !== right) out.push({ check: 'C1', column: col, expected: left, actual: right });
  }
  for (const col of APPLICANT_COLUMN_KEYS) {
    const parts = sum(figures, OUTCOME_ROWS.map((r) => `${r}.${col}`));
    const total = figures[`processed_total.${col}`];
    if (parts !== null && total !== null && total !== undefined && parts !== total) out.push({ check: 'C2', column: col, expected: parts, actual: total });
  }
  for (const row of TABLE3_ROWS) {
    if (!row.templates.includes(template) && row.row !== 'other_total') continue;
    const parts = sum(figures, APPLICANT_PARTS.map((c) => `${row.row}.${c}`));
    const total = figures[`${row.row}.total`];
    if (parts !== null && total !== null && total !== undefined && parts !== total) out.push({ check: 'C3', column: row.row, expected: parts, actual: total });
  }
  for (const g of REVIEW_GROUPS) {
    const parts = sum(figures, REVIEW_RESULTS.filter((r) => r.key !== 'total').map((r) => `${g.key}_${r.key}`));
    const total = figures[`${g.key}_total`];
    if (parts !== null && total !== null && total !== undefined && parts !== total) out.push({ check: 'C4', column: g.key, expected: parts, actual: total });
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
