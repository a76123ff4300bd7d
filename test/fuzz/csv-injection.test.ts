/**
 * CSV formula injection, as a property: whatever text a report carries (agency names,
 * warnings), an exported cell never starts with a formula trigger and reads back as the
 * text itself after the one `'` added. Both paths: the JS encoder (chart CSV) and the SQL
 * expression DuckDB runs for view/dataset exports (run here in Node DuckDB).
 */
import { DuckDBInstance, LIST, VARCHAR } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, neutraliseFormula } from '../../src/data/csv.ts';
import { csvColumnSql } from '../../src/data/export.ts';

const RUNS = Math.min(Number(process.env.FUZZ_RUNS ?? 2000), 20_000);
const TRIGGER = /^[=+\-@\t\r]/;
/** Strings that lean towards the dangerous: formula starts, DDE, quotes, separators, line breaks, odd Unicode. */
const hostile = fc.tuple(
  fc.constantFrom('', '=', '+', '-', '@', '\t', '\r', '\n', ' =', '＝', "'", '"', ',', '=cmd|\' /C calc\'!A0', '=HYPERLINK("http://x","y")', '@SUM(A1:A9)', '-2+3', '+86 10', '\u200b=', '=\u0301', '😀='),
  fc.string({ unit: fc.oneof(fc.constantFrom('=', '"', ',', '\r', '\n', '\t', '局', ';', '\u0000'), fc.string({ minLength: 1, maxLength: 1 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 20 }),
).map(([a, b]) => (a + b).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')); // lone surrogates cannot be written as UTF-8 at all

describe('CSV formula injection', () => {
  it(`JS encoder: a cell never starts a formula and reads back as the text (${RUNS} strings)`, () => {
    fc.assert(fc.property(hostile, (text) => {
      const back = (parse(csvRecord([text]), { relax_quotes: false, record_delimiter: '\r\n' }) as string[][])[0]![0]!;
      expect(back).toBe(neutraliseFormula(text));
      expect(TRIGGER.test(back!)).toBe(false);
      expect(back === text || back === `'${text}`).toBe(true);
    }), { numRuns: RUNS });
  });

  it('numbers are never neutralised (-2 stays the number -2)', () => {
    expect([csvField(-2), csvField(-0.5), csvField(0), csvField(null)]).toEqual(['-2', '-0.5', '0', '']);
  });

  it(`export SQL neutralises exactly like the JS encoder (${RUNS} strings in DuckDB)`, async () => {
    const texts = fc.sample(hostile, { numRuns: RUNS, seed: 42 }).map((t) => t.replaceAll('\u0000', ''));
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await conn.run('CREATE TABLE t (i INTEGER, agency VARCHAR, warnings VARCHAR[])');
      const app = await conn.createAppender('t');
      for (const [i, text] of texts.entries()) {
        app.appendInteger(i);
        app.appendVarchar(text);
        app.appendList([text, 'x'], LIST(VARCHAR));
        app.endRow();
      }
      app.closeSync();
      const rows = (await conn.runAndReadAll(`SELECT i, ${csvColumnSql('agency', 'VARCHAR')} AS a, ${csvColumnSql('warnings', 'VARCHAR[]')} AS w FROM t ORDER BY i`)).getRowObjectsJS();
      const wrong = rows.filter((r) => r.a !== neutraliseFormula(texts[Number(r.i)]!) || r.w !== neutraliseFormula(`${texts[Number(r.i)]!}; x`));
      expect(wrong.slice(0, 5).map((r) => JSON.stringify(texts[Number(r.i)]))).toEqual([]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
