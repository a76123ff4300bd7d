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
import { APPLICANT_COLUMN_KEYS, APPLICANT_PARTS, OUTCOME_ROWS, REVIEW_GROUPS, REVIEW_RESULTS, TABLE3_ROWS, figureKeysOf, type TemplateKey } from './template.ts';
import type { CheckResult, Figures, ReportRecord } from './record.ts';

/** Sum of the values at some positions (-1: a key the template lacks), or null when one is null or missing. */
function sum(values: ArrayLike<number | null>, at: Int16Array): number | null {
  let total = 0;
  for (let i = 0; i < at.length; i++) {
    const v = at[i]! < 0 ? null : values[at[i]!];
    if (v === null || v === undefined) return null;
    total += v;
  }
  return Math.round(total * 1e6) / 1e6;
}

/** The value at one position, null for -1 (a key the template lacks). */
const valueAt = (values: ArrayLike<number | null>, at: number): number | null => (at < 0 ? null : values[at] ?? null);

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

/** One check as positions in a template's figure keys: `expected` sums `parts`; `actual` sums `right`, or is the figure at `total`. */
interface CheckPlan { check: 'C1' | 'C2' | 'C3' | 'C4'; column: string; parts: Int16Array; right: Int16Array | null; total: number }

/** Every check C1–C4 of a template, in the order they are reported, as positions in `figureKeysOf(template)`. */
function checkPlans(template: TemplateKey): CheckPlan[] {
  const keys = figureKeysOf(template);
  const pos = (k: string): number => keys.indexOf(k);
  if (keys.length > 0x7fff) throw new Error('checks: more figure keys than an Int16Array position holds');
  const at = (ks: readonly string[]): Int16Array => Int16Array.from(ks, pos);
  return [
    ...C1.map(({ col, left, right }) => ({ check: 'C1' as const, column: col, parts: at(left), right: at(right), total: -1 })),
    ...C2.map(({ col, parts, total }) => ({ check: 'C2' as const, column: col, parts: at(parts), right: null, total: pos(total) })),
    ...C3[template].map(({ row, parts, total }) => ({ check: 'C3' as const, column: row, parts: at(parts), right: null, total: pos(total) })),
    ...C4.map(({ group, parts, total }) => ({ check: 'C4' as const, column: group, parts: at(parts), right: null, total: pos(total) })),
  ];
}
const PLANS: Record<TemplateKey, CheckPlan[]> = { '2019': checkPlans('2019'), '2021': checkPlans('2021') };

/**
 * Checks C1–C4 of one report's figures given as `values[i]` for the i-th key of
 * `figureKeysOf(template)` (the parser has them in that order): array reads instead of
 * some 250 lookups by key.
 */
export function checkValues(values: ArrayLike<number | null>, template: TemplateKey): CheckResult[] {
  const out: CheckResult[] = [];
  for (const plan of PLANS[template]) {
    const expected = sum(values, plan.parts);
    if (expected === null) continue;
    const actual = plan.right ? sum(values, plan.right) : valueAt(values, plan.total);
    if (actual !== null && expected !== actual) out.push({ check: plan.check, column: plan.column, expected, actual });
  }
  return out;
}

/** Checks C1–C4 of one report's figures; failures only. */
export function checkReport(figures: Figures, template: TemplateKey): CheckResult[] {
  return checkValues(figureKeysOf(template).map((k) => figures[k] ?? null), template);
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
