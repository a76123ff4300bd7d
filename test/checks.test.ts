/**
 * Consistency checks C1–C5 on real reports: the seed passes every check; changing one
 * printed number breaks exactly the checks that number takes part in.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReportText } from '../src/report/parse.ts';
import { checkCarryOver, checkReport } from '../src/report/checks.ts';
import { isFailure, type ReportRecord } from '../src/report/record.ts';

const SEED = readFileSync('data/reports/seed/gongnong-2022.txt', 'utf8');

function parse(text: string): ReportRecord {
  const outcome = parseReportText('seed.txt', text, 'x');
  if (isFailure(outcome)) throw new Error(outcome.error);
  return outcome;
}

/** The seed with the figure cells of the row whose line contains `label` replaced. */
function setRow(text: string, label: string, values: readonly (number | string)[]): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(label));
  if (i < 0) throw new Error(`no row ${label}`);
  const cells = lines[i]!.split('\t');
  const first = cells.findIndex((c, j) => j > 0 && /^\d+$/.test(c.trim()));
  values.forEach((v, k) => { cells[first + k] = String(v); });
  lines[i] = cells.join('\t');
  return lines.join('\n');
}

describe('checks C1–C4 on the seed report', () => {
  it('passes every check as published', () => {
    expect(parse(SEED).checks).toEqual([]);
  });

  it('C1: new + carried_over ≠ processed_total + carried_forward', () => {
    const r = parse(setRow(SEED, '本年新收政府信息公开申请数量', [5, 0, 0, 0, 0, 0, 5]));
    expect(r.figures['new.natural_person']).toBe(5);
    expect(r.checks).toEqual([
      { check: 'C1', column: 'natural_person', expected: 5, actual: 0 },
      { check: 'C1', column: 'total', expected: 5, actual: 0 },
    ]);
  });

  it('C2: processed_total ≠ Σ outcome rows', () => {
    const r = parse(setRow(SEED, '予以公开', [0, 2, 0, 0, 0, 0, 2]));
    expect(r.checks).toEqual([
      { check: 'C2', column: 'commercial', expected: 2, actual: 0 },
      { check: 'C2', column: 'total', expected: 2, actual: 0 },
    ]);
  });

  it('C3: a row total ≠ the sum of its six applicant columns', () => {
    const r = parse(setRow(SEED, '结转下年度继续办理', [0, 0, 0, 0, 0, 0, 4]));
    expect(r.checks).toEqual([
      { check: 'C1', column: 'total', expected: 0, actual: 4 },
      { check: 'C3', column: 'carried_forward', expected: 0, actual: 4 },
    ]);
  });

  it('C4: a table-4 group total ≠ upheld + corrected + other + pending', () => {
    const lines = SEED.split('\n');
    const i = lines.findIndex((l) => /^0(\t0){14}$/.test(l.trim()));
    const cells = lines[i]!.split('\t');
    cells[1] = '3'; // review_corrected
    cells[9] = '1'; // suit_direct_total
    lines[i] = cells.join('\t');
    const r = parse(lines.join('\n'));
    expect([r.figures.review_corrected, r.figures.suit_direct_total]).toEqual([3, 1]);
    expect(r.checks).toEqual([
      { check: 'C4', column: 'review', expected: 3, actual: 0 },
      { check: 'C4', column: 'suit_direct', expected: 0, actual: 1 },
    ]);
  });

  it('skips (does not fail) a check when a figure is blank', () => {
    const r = parse(setRow(SEED, '本年新收政府信息公开申请数量', [5, 0, 0, 0, 0, 0, '-']));
    expect(r.figures['new.total']).toBeNull();
    expect(r.checks).toEqual([{ check: 'C1', column: 'natural_person', expected: 5, actual: 0 }]);
  });

  it('checkReport works on figures alone, other_total standing for the 2021 sub-rows', () => {
    const figures = { ...parse(SEED).figures, 'other_total.total': 2 };
    expect(checkReport(figures, '2021')).toEqual([
      { check: 'C2', column: 'total', expected: 2, actual: 0 },
      { check: 'C3', column: 'other_total', expected: 0, actual: 2 },
    ]);
  });
});

describe('check C5 across years', () => {
  const base = parse(SEED);
  const year = (y: number, carriedOver: number | null, carriedForward: number | null): ReportRecord => ({
    ...base, source: `gongnong-${y}.txt`, year: y,
    figures: { ...base.figures, 'carried_over.total': carriedOver, 'carried_forward.total': carriedForward },
  });

  it("fails when this year's carried_over.total differs from last year's carried_forward.total", () => {
    const y2021 = year(2021, 0, 7), y2022 = year(2022, 4, 0);
    const result = checkCarryOver([y2022, y2021]);
    expect([...result.entries()]).toEqual([[y2022, [{ check: 'C5', column: 'total', expected: 7, actual: 4 }]]]);
  });

  it('passes when they agree, and skips a missing year or a blank figure', () => {
    expect(checkCarryOver([year(2021, 0, 7), year(2022, 7, 0)]).size).toBe(0);
    expect(checkCarryOver([year(2020, 0, 7), year(2022, 3, 0)]).size).toBe(0);
    expect(checkCarryOver([year(2021, 0, null), year(2022, 3, 0)]).size).toBe(0);
  });

  it('compares only reports of the same agency', () => {
    const other = { ...year(2021, 0, 9), agency: '鹤岗市向阳区人民政府' };
    expect(checkCarryOver([other, year(2022, 4, 0)]).size).toBe(0);
  });
});
