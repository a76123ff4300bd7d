/**
 * Bugs the fuzz test found, pinned with the smallest real input that shows each: a garbled
 * year, a count the dataset cannot store (it made the whole ingest fail), UTF-16 without a
 * byte-order mark (refused as binary), a CSV of labels stored as an empty report.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/report/parse.ts';
import { isFailure, type ParseOutcome, type ReportRecord } from '../../src/report/record.ts';
import { writeDataset } from '../../src/data/node/dataset-writer.ts';
import { readDataset } from '../../src/data/node/dataset-reader.ts';
import { outcomeProblems } from './validate.ts';

const SEED = readFileSync('data/reports/seed/gongnong-2022.txt', 'utf8');
const R003 = readFileSync('data/reports/real/r003.txt', 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'gongkai-fuzz-reg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function parse(bytes: Uint8Array, source = 'reg.txt'): ParseOutcome {
  const outcome = parseReport({ source, bytes, sha256: 'x' });
  expect(outcomeProblems(outcome, source)).toEqual([]);
  return outcome;
}
function record(outcome: ParseOutcome): ReportRecord {
  if (isFailure(outcome)) throw new Error(outcome.error);
  return outcome;
}
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('garbled years', () => {
  it('ignores a header year no report can have and keeps the year the text states', () => {
    const withHeader = `year: 7022\nagency: 鹤岗市工农区人民政府\n---\n${SEED}`;
    const r = record(parse(utf8(withHeader)));
    expect(r.year).toBe(2022);
    expect(r.warnings).toContain('the header states year 7022, not a plausible report year; ignored');
  });

  it('a title year of 2922 is not read as a year', () => {
    const r = record(parse(utf8(R003.replace(/2024 年政府信息公开/, '2924 年政府信息公开').replace(/统计期限自 2024/, '统计期限自 2924'))));
    expect(r.year).toBeNull();
    expect(r.warnings.some((w) => /2924, not a plausible report year/.test(w))).toBe(true);
  });
});

describe('counts the dataset cannot store', () => {
  for (const [cell, reason] of [['99999999999', 'beyond 32 bits'], ['3000000000', 'beyond 32 bits'], ['12.5', 'a fraction']] as const) {
    it(`licensing = ${cell} (${reason}) is left blank with a warning, and the report still ingests`, async () => {
      const r = record(parse(utf8(SEED.replace('1162', cell))));
      expect(r.figures.licensing).toBeNull();
      expect(r.figures.penalty).toBe(313);
      expect(r.warnings).toContain(`licensing: ${cell} is not a possible count; left blank`);
      const out = join(tmp, `ds-${cell}`);
      await writeDataset([r], { outDir: out });
      const [back] = await readDataset(out);
      expect([back!.figures.licensing, back!.figures.penalty]).toEqual([null, 313]);
    });
  }

  it('a negative count (a worded decrease) is still a figure', () => {
    expect(record(parse(utf8(SEED.replace('1162', '-5')))).figures.licensing).toBe(-5);
  });
});

describe('UTF-16 without a byte-order mark', () => {
  const le = Buffer.from(SEED, 'utf16le');
  const be = Buffer.from(le).swap16();
  it('reads little- and big-endian text like UTF-8', () => {
    const expected = record(parse(utf8(SEED))).figures;
    expect(record(parse(new Uint8Array(le))).figures).toEqual(expected);
    expect(record(parse(new Uint8Array(be))).figures).toEqual(expected);
  });

  it('still refuses binary data with NUL bytes on both sides', () => {
    const bin = new Uint8Array(64).map((_, i) => (i % 3 === 0 ? 0 : i));
    expect(parse(bin)).toEqual({ source: 'reg.txt', error: 'binary file (NUL bytes), not a text report' });
  });
});

describe('labels without figures', () => {
  it('a CSV naming 行政许可 and 行政处罚 is not stored as an empty report', () => {
    const csv = '地区,年份,行政许可,行政处罚\n工农区,2022,1162,313\n';
    expect(parse(utf8(csv))).toEqual({ source: 'reg.txt', error: 'no figures: template row labels found but no value in any table cell' });
  });
});
