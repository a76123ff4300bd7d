/**
 * The parser measured on the corpus: the seed report and every real report against its
 * hand-read expected.jsonl line, field by field. Prints accuracy overall and per layout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExpected, type Expected } from './lib/corpus.ts';
import { parseReport, reportLayout } from '../src/report/parse.ts';
import { splitMetadata } from '../src/report/metadata.ts';
import { isFailure, type ReportRecord } from '../src/report/record.ts';
import { figureKeysOf } from '../src/report/template.ts';
import type { Layout } from '../src/report/layout.ts';

const SEED_DIR = 'data/reports/seed';
const REAL_DIR = 'data/reports/real';

const expectations = readExpected;

function parseFile(dir: string, file: string): ReportRecord {
  const bytes = readFileSync(join(dir, file));
  const outcome = parseReport({ source: file, bytes, sha256: 'test' });
  if (isFailure(outcome)) throw new Error(`${file}: ${outcome.error}`);
  return outcome;
}

function layoutOf(dir: string, file: string): Layout {
  return reportLayout(splitMetadata(readFileSync(join(dir, file), 'utf8')).body);
}

const META_FIELDS = ['year', 'template', 'agency', 'province', 'city', 'district'] as const;

/** Every field of one expectation compared: [field, ok, message]. */
function compare(e: Expected, r: ReportRecord): [string, boolean, string][] {
  const out: [string, boolean, string][] = [];
  for (const [key, want] of Object.entries(e.figures)) {
    const got = r.figures[key];
    out.push([key, got === want, `${e.file} ${key}: expected ${want}, got ${got}`]);
  }
  for (const f of META_FIELDS) {
    if (e[f] === undefined) continue;
    out.push([f, r[f] === e[f], `${e.file} ${f}: expected ${e[f]}, got ${r[f]}`]);
  }
  return out;
}

describe('seed report (鹤岗市工农区 2022)', () => {
  const [e] = expectations(SEED_DIR);
  const r = parseFile(SEED_DIR, e!.file);

  it('reads every figure of expected.jsonl exactly', () => {
    const wrong = compare(e!, r).filter(([, ok]) => !ok).map(([, , m]) => m);
    expect(wrong).toEqual([]);
    expect(Object.keys(e!.figures).length).toBeGreaterThan(150);
  });

  it('has every canonical key of its template, complete tables and no failed check', () => {
    for (const k of figureKeysOf('2021')) expect(r.figures).toHaveProperty([k]);
    expect(r.complete).toEqual({ table2: true, table3: true, table4: true });
    expect(r.checks).toEqual([]);
    expect(r.region_code).toBe('230403');
    expect(r.agency_kind).toBe('government');
  });
});

describe('real reports against expected.jsonl', () => {
  const rows = [...expectations(SEED_DIR).map((e) => ({ dir: SEED_DIR, e })), ...expectations(REAL_DIR).map((e) => ({ dir: REAL_DIR, e }))];

  it('reads every expected field of the seed and the real reports (printing accuracy per layout)', () => {
    const perLayout = new Map<string, { files: number; fields: number; ok: number }>();
    const wrong: string[] = [];
    let fields = 0, ok = 0;
    for (const { dir, e } of rows) {
      const r = parseFile(dir, e.file);
      const layout = layoutOf(dir, e.file);
      const stat = perLayout.get(layout) ?? { files: 0, fields: 0, ok: 0 };
      stat.files++;
      for (const [, good, message] of compare(e, r)) {
        stat.fields++; fields++;
        if (good) { stat.ok++; ok++; } else wrong.push(message);
      }
      perLayout.set(layout, stat);
    }
    const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);
    const table = [
      'layout         files  fields  correct  accuracy',
      ...[...perLayout.entries()].sort().map(([l, s]) => `${l.padEnd(14)} ${String(s.files).padStart(5)}  ${String(s.fields).padStart(6)}  ${String(s.ok).padStart(7)}  ${pct(s.ok, s.fields).padStart(8)}`),
      `${'all'.padEnd(14)} ${String(rows.length).padStart(5)}  ${String(fields).padStart(6)}  ${String(ok).padStart(7)}  ${pct(ok, fields).padStart(8)}`,
    ].join('\n');
    console.log(`\nParser accuracy on ${SEED_DIR} + ${REAL_DIR} (every field of expected.jsonl: figures, year, template, agency/region where given):\n${table}\n`);
    expect(perLayout.size).toBeGreaterThanOrEqual(5);
    expect(wrong, `wrong fields:\n${wrong.join('\n')}`).toEqual([]);
  });

  it('detects the template from the tables, not the year (r047: 2022 but template 2019; r003: 2021 with one 其他处理 row)', () => {
    const r047 = parseFile(REAL_DIR, 'r047.txt');
    expect([r047.year, r047.template]).toEqual([2022, '2019']);
    const r003 = parseFile(REAL_DIR, 'r003.txt');
    expect(r003.template).toBe('2021');
    expect(r003.figures['other_total.total']).toBe(0);
    expect(r003.figures['other_no_correction.total']).toBeNull();
  });

  it('reads a PDF text without header from its title and period sentence', () => {
    const r = parseFile(REAL_DIR, 'r003.txt');
    expect([r.agency, r.year, r.province, r.city, r.district, r.region_code]).toEqual(['淮安市洪泽区人民政府', 2024, '江苏省', '淮安市', '洪泽区', '320813']);
    expect(r.complete).toEqual({ table2: true, table3: true, table4: true });
    expect(r.checks).toEqual([]);
  });

  it('does not let a label that mentions other rows match them (r004 其他对外管理服务事项 … 行政处罚、行政强制)', () => {
    const r = parseFile(REAL_DIR, 'r004.txt');
    expect([r.figures.other_services_items_prev, r.figures.other_services, r.figures.penalty_items_prev, r.figures.penalty]).toEqual([117, 165, 90, 22]);
    expect(r.figures.coercion).toBeNull();
  });

  it('uses header metadata and warns nothing when it agrees with the text', () => {
    const r = parseFile(REAL_DIR, 'r008.txt');
    expect([r.agency, r.agency_kind, r.province, r.city, r.district, r.region_code, r.year]).toEqual(['西安市阎良区机关事务服务中心', 'department', '陕西省', '西安市', '阎良区', '610114', 2021]);
    expect(r.warnings.filter((w) => /header/.test(w))).toEqual([]);
  });
});
