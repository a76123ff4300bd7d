/**
 * URL state under arbitrary query strings (property-based): parsing never throws, every
 * accepted value is within its domain, free text has no control characters, the notice of
 * ignored parameters is clamped, and what is accepted survives a round trip. SQL built
 * from any accepted state runs in DuckDB (no literal can break out or end the SQL).
 */
import fc from 'fast-check';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { COMPARABLE_FIGURES, LANGS, parseUrlState, TOP_CHOICES, toSearch, VIEWS } from '../../src/data/state.ts';
import { AGENCY_KINDS } from '../../src/report/record.ts';
import { TEMPLATES } from '../../src/report/template.ts';
import { whereOf, lit } from '../../src/data/sql/common.ts';
import { reportRow } from '../../src/data/sql/report.ts';
import { createTableSql } from '../../src/data/schema.ts';

const RUNS = Math.min(Number(process.env.FUZZ_RUNS ?? 3000), 20_000);
const NAMES = ['view', 'lang', 'province', 'city', 'district', 'kind', 'q', 'from', 'to', 'template', 'figure', 'year', 'top', 'by', 'report', 'chart', 'theme', 'title'];
const value = fc.oneof(
  fc.constantFrom('<img src=x onerror=alert(1)>', 'javascript:alert(1)', "x' OR 1=1 --", '\u0000', '%00', '%E0%A4%A', '%', '2021', '1999', '0', '-1', 'NaN', '1e3', '5', 'compare', 'en', 'licensing', '__proto__', 'constructor'),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.nat({ max: 5000 }).map((n) => 'x'.repeat(n)),
);
const search = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 })), value), { maxLength: 25 })
  .map((pairs) => `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`);
const raw = fc.string({ unit: 'binary', maxLength: 400 }); // not even well-formed percent-encoding

const CONTROL = /[\u0000-\u001f\u007f]/;

describe('parseUrlState on arbitrary query strings', () => {
  it(`never throws; values in their domain; notice clamped; round trip stable (${RUNS} cases)`, () => {
    fc.assert(fc.property(fc.oneof(search, raw), (s) => {
      const { state, invalid } = parseUrlState(s);
      expect(VIEWS).toContain(state.view);
      expect(LANGS).toContain(state.lang);
      const f = state.filters;
      for (const t of [f.province, f.city, f.district, f.q, state.params.report]) {
        if (t === null) continue;
        expect(t.length).toBeLessThanOrEqual(100);
        expect(CONTROL.test(t)).toBe(false);
      }
      if (f.kind !== null) expect(AGENCY_KINDS).toContain(f.kind);
      if (f.template !== null) expect(TEMPLATES).toContain(f.template);
      for (const y of [f.from, f.to, state.params.year]) if (y !== null) expect(Number.isInteger(y) && y >= 2000 && y <= 2100).toBe(true);
      expect(COMPARABLE_FIGURES.has(state.params.figure)).toBe(true);
      expect(TOP_CHOICES).toContain(state.params.top);
      expect(invalid.length).toBeLessThanOrEqual(20);
      for (const p of invalid) expect(p.name.length + p.value.length).toBeLessThanOrEqual(82);
      const again = parseUrlState(toSearch(state));
      expect(again.state).toEqual(state);
      expect(again.invalid).toEqual([]);
    }), { numRuns: RUNS });
  });
});

describe('SQL from accepted state', () => {
  it('hostile filter values and report ids run in DuckDB as plain literals', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await conn.run(createTableSql('reports'));
      const samples = fc.sample(fc.oneof(search, raw), { numRuns: 300, seed: 3 });
      for (const s of samples) {
        const { state } = parseUrlState(s);
        const rows = await conn.runAndReadAll(`SELECT count(*) FROM reports ${whereOf(state.filters)}`);
        expect(Number(rows.getColumns()[0]![0])).toBe(0);
        if (state.params.report) await conn.run(reportRow(state.params.report));
      }
      // A NUL reaching a literal is dropped rather than ending the SQL text.
      expect(lit('a\u0000b')).toBe("'ab'");
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
