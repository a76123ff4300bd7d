/**
 * The dataset writer on records made from the corpus' hand-read figures
 * (data/reports/*\/expected.jsonl): exact round trip, sort order, manifest, the DuckDB
 * file, last-wins duplicates, streaming input, atomic replacement and C5 recomputed in SQL.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from './lib/duckdb.ts';
import { readExpected, type Expected } from './lib/corpus.ts';
import type { ReportRecord } from '../src/report/record.ts';
import { checkCarryOver } from '../src/report/checks.ts';
import { generateReports } from '../src/report/synthetic.ts';
import { APPLICANT_COLUMN_KEYS, FIGURES, figureKeysOf, type TemplateKey } from '../src/report/template.ts';
import { DATASET_FILES, writeDataset, type WriteStage } from '../src/data/node/dataset-writer.ts';
import { readDataset } from '../src/data/node/dataset-reader.ts';
import { STAGING_FIGURE_COLUMNS, reportId, stagingFigures } from '../src/data/node/rows.ts';
import { REPORT_FIGURES, applicationCellsSql, type Manifest } from '../src/data/schema.ts';
import { firstViewQueries } from '../src/data/first-view.ts';

const expectedOf = (dir: string): Expected[] => readExpected(join('data/reports', dir));

function recordOf(e: Expected, dir: string): ReportRecord {
  const figures: Record<string, number | null> = Object.fromEntries(figureKeysOf(e.template).map((k) => [k, null]));
  Object.assign(figures, e.figures);
  return {
    source: `${dir}/${e.file}`, sha256: `sha-${e.file}`, agency: e.agency ?? null, agency_kind: 'government',
    province: e.province ?? null, city: e.city ?? null, district: e.district ?? null, region_code: null,
    year: e.year, template: e.template, figures,
    complete: { table2: true, table3: dir === 'seed', table4: dir === 'seed' },
    checks: dir === 'seed' ? [] : [{ check: 'C3', column: 'granted', expected: 3, actual: 4 }],
    warnings: dir === 'seed' ? [] : [`excerpt of ${e.file}`],
  };
}

const corpus: ReportRecord[] = [
  ...expectedOf('seed').map((e) => recordOf(e, 'seed')),
  ...expectedOf('real').map((e) => recordOf(e, 'real')),
];


let root: string;
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'atlas-writer-')); });
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

describe('writeDataset', () => {
  it('round-trips every figure, null included, and stores checks and warnings', async () => {
    const out = join(root, 'roundtrip');
    const result = await writeDataset(corpus, { outDir: out });
    expect(result.manifest.reports).toBe(corpus.length);
    const back = new Map((await readDataset(out)).map((r) => [r.source, r]));
    for (const rec of corpus) {
      const got = back.get(rec.source)!;
      expect(got, rec.source).toBeDefined();
      for (const key of figureKeysOf(rec.template!)) expect([rec.source, key, got.figures[key]]).toEqual([rec.source, key, rec.figures[key]]);
      expect(got.checks).toEqual(rec.checks);
      expect(got.warnings).toEqual(rec.warnings);
      expect(got.complete).toEqual(rec.complete);
      expect([got.agency, got.year, got.template, got.sha256]).toEqual([rec.agency, rec.year, rec.template, rec.sha256]);
    }
  });

  it('writes a manifest whose files, rows and bytes match what is on disk, and the DuckDB file holds the same rows', async () => {
    const out = join(root, 'manifest');
    await writeDataset(corpus, { outDir: out, builtAt: '2026-01-01T00:00:00.000Z' });
    const manifest = JSON.parse(await readFile(join(out, DATASET_FILES.manifest), 'utf8')) as Manifest;
    expect(manifest.built_at).toBe('2026-01-01T00:00:00.000Z');
    expect(manifest.years).toEqual([...new Set(corpus.map((r) => r.year!))].sort());
    expect((await readdir(out)).sort()).toEqual(Object.values(DATASET_FILES).sort());
    const expectedRows: Record<string, number> = {
      reports: corpus.length,
      report_cells: corpus.length,
      provenance: corpus.length,
      checks: corpus.reduce((n, r) => n + r.checks.length, 0),
      rollup: new Set(corpus.map((r) => [r.year, r.province, r.city, r.district, r.agency_kind, r.template].join('|'))).size,
      // One row per year × province × agency kind × figure that some report of the group states.
      peers: new Set(corpus.filter((r) => r.year !== null && r.province !== null)
        .flatMap((r) => REPORT_FIGURES.filter((f) => r.figures[f.key] != null).map((f) => [r.year, r.province, r.agency_kind, f.key].join('|')))).size,
      database: corpus.length,
      first_view: firstViewQueries().length,
    };
    for (const f of manifest.files) {
      expect(f.bytes, f.path).toBe((await stat(join(out, f.path))).size);
      expect(f.rows, f.path).toBe(expectedRows[f.table]);
      if (f.format === 'parquet') {
        const [row] = await query(`SELECT CAST(count(*) AS INTEGER) AS n FROM read_parquet('${join(out, f.path)}')`);
        expect(row!.n, f.path).toBe(f.rows);
      }
    }
    const db = join(out, DATASET_FILES.database);
    for (const table of ['reports', 'report_cells', 'checks', 'rollup', 'peers'] as const) {
      const inDb = `a.${table}`;
      const [diff] = await query(`ATTACH '${db}' AS a; SELECT CAST(count(*) AS INTEGER) AS n FROM (
        (SELECT * FROM ${inDb} EXCEPT ALL SELECT * FROM read_parquet('${join(out, DATASET_FILES[table])}'))
        UNION ALL (SELECT * FROM read_parquet('${join(out, DATASET_FILES[table])}') EXCEPT ALL SELECT * FROM ${inDb}))`);
      expect(diff!.n, table).toBe(0);
    }
  });

  it('sorts rows by year, province, city, district, agency', async () => {
    const out = join(root, 'sorted');
    await writeDataset([...corpus].reverse(), { outDir: out });
    const rows = await query(`SELECT year, province, city, district, agency, report_id FROM read_parquet('${join(out, DATASET_FILES.reports)}')`);
    const key = (r: Record<string, unknown>): string => [r.year, r.province ?? '\uffff', r.city ?? '\uffff', r.district ?? '\uffff', r.agency ?? '\uffff', r.report_id].map(String).join('|');
    const years = rows.map((r) => Number(r.year));
    expect(years).toEqual([...years].sort((a, b) => a - b));
    expect(rows.length).toBe(corpus.length);
    expect(new Set(rows.map(key)).size).toBe(rows.length);
    const position = new Map(rows.map((r, i) => [String(r.report_id), i]));
    const cells = await query(`SELECT report_id, "row", applicant FROM (${applicationCellsSql(`read_parquet('${join(out, DATASET_FILES.report_cells)}')`)})`);
    const printed = new Map(FIGURES.filter((f) => f.table === 'table3').map((f, i) => [`${f.row}.${f.column}`, i]));
    const order = cells.map((c) => position.get(String(c.report_id))! * 1000 + printed.get(`${c.row}.${c.applicant}`)!);
    expect(order.every((v, i) => i === 0 || v > order[i - 1]!)).toBe(true);
  });

  it('stores every table-3 cell of the seed report in report_cells (application_cells view: printed order)', async () => {
    const out = join(root, 'cells');
    await writeDataset(corpus, { outDir: out });
    const seed = corpus[0]!;
    const rows = await query(`SELECT "row", applicant, "count" FROM (${applicationCellsSql(`read_parquet('${join(out, DATASET_FILES.report_cells)}')`)}) WHERE report_id = '${reportId(seed)}'`);
    const expected = FIGURES.filter((f) => f.table === 'table3' && f.templates.includes(seed.template!) && seed.figures[f.key] !== null)
      .map((f) => ({ row: f.row, applicant: f.column, count: seed.figures[f.key] }));
    expect(rows).toEqual(expected);
    expect(new Set(rows.map((r) => r.applicant))).toEqual(new Set(APPLICANT_COLUMN_KEYS));
  });

  it('keeps the last record appended for the same agency and year, with its checks only', async () => {
    const out = join(root, 'dedup');
    const first = corpus[0]!;
    const second: ReportRecord = { ...first, sha256: 'other', figures: { ...first.figures, licensing: 7 }, checks: [{ check: 'C1', column: 'total', expected: 1, actual: 2 }] };
    const result = await writeDataset([first, ...corpus.slice(1), second], { outDir: out });
    expect(result.appended).toBe(corpus.length + 1);
    expect(result.manifest.reports).toBe(corpus.length);
    const got = (await readDataset(out)).find((r) => r.source === first.source)!;
    expect(got.figures.licensing).toBe(7);
    expect(got.sha256).toBe('other');
    expect(got.checks).toEqual(second.checks);
  });

  it('streams an async iterable', async () => {
    const out = join(root, 'async');
    async function* gen(): AsyncIterable<ReportRecord> {
      for (let i = 0; i < 5000; i++) yield { ...corpus[i % corpus.length]!, agency: `机关${i}`, year: 2019 + (i % 6) };
    }
    const seen: number[] = [];
    const result = await writeDataset(gen(), { outDir: out, synthetic: true, onProgress: (n) => seen.push(n) });
    expect(result.manifest.reports).toBe(5000);
    expect(result.manifest.synthetic).toBe(true);
    expect(seen.at(-1)).toBe(5000);
    expect(seen.length).toBeGreaterThan(1);
  });

  it.each<WriteStage>(['staged', 'database', 'parquet', 'manifest', 'commit'])('leaves the previous dataset intact when interrupted after %s', async (stage) => {
    const out = join(root, `atomic-${stage}`);
    await writeDataset(corpus.slice(0, 3), { outDir: out });
    const digest = async (): Promise<string[]> => Promise.all(Object.values(DATASET_FILES).map(async (f) => createHash('sha256').update(await readFile(join(out, f))).digest('hex')));
    const before = await digest();
    await expect(writeDataset(corpus, {
      outDir: out,
      onStage: (s) => { if (s === stage) throw new Error(`interrupted at ${s}`); },
    })).rejects.toThrow(`interrupted at ${stage}`);
    expect(await digest()).toEqual(before);
    expect((await readDataset(out)).length).toBe(3);
    expect((await readdir(root)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('fails when the input throws midway, leaving the previous dataset intact', async () => {
    const out = join(root, 'atomic-input');
    await writeDataset(corpus.slice(0, 2), { outDir: out });
    function* broken(): Iterable<ReportRecord> {
      yield* corpus.slice(0, 10);
      throw new Error('source broke');
    }
    await expect(writeDataset(broken(), { outDir: out })).rejects.toThrow('source broke');
    expect((await readDataset(out)).length).toBe(2);
  });

  it('keeps files in the output folder that are not the dataset, and drops files of the schema-2 layout', async () => {
    const out = join(root, 'keep');
    await writeDataset(corpus.slice(0, 2), { outDir: out });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(out, 'rollup.json'), '{}');
    await writeFile(join(out, 'application_cells.parquet'), 'schema 2');
    await writeDataset(corpus, { outDir: out });
    expect(await readFile(join(out, 'rollup.json'), 'utf8')).toBe('{}');
    expect((await readdir(out)).includes('application_cells.parquet')).toBe(false);
  });

  it('carryOver: recomputes C5 in SQL exactly as checkCarryOver does over the rows kept', async () => {
    const out = join(root, 'carry-over');
    const generated = [...generateReports({ count: 4000, seed: 11 })];
    const c5Of = (r: ReportRecord) => r.checks.filter((c) => c.check === 'C5').length;
    expect(generated.filter((r) => c5Of(r) > 0).length).toBeGreaterThan(0);
    // Stale C5 results to drop, a figure missing on either side, a report without year or
    // agency, a later record replacing an earlier one (last wins), a gap of a year.
    const edited = generated.map((r, i) => {
      const figures = { ...r.figures };
      if (i % 97 === 0) figures['carried_over.total'] = null;
      if (i % 89 === 0) figures['carried_forward.total'] = null;
      if (i % 83 === 0) figures['carried_over.total'] = (figures['carried_over.total'] ?? 0) + 1;
      const checks = i % 71 === 0 ? [...r.checks, { check: 'C5' as const, column: 'total', expected: 1, actual: 2 }] : r.checks;
      return { ...r, figures, checks, year: i % 211 === 0 ? null : r.year, agency: i % 223 === 0 ? null : r.agency };
    });
    const replacements = edited.filter((_, i) => i % 131 === 0).map((r) => ({ ...r, sha256: `${r.sha256}-b`, figures: { ...r.figures, 'carried_over.total': 999 } }));
    const input = [...edited, ...replacements];
    await writeDataset(input, { outDir: out, carryOver: true });

    const kept = new Map(input.map((r) => [reportId(r), r]));
    const stripped = [...kept.values()].map((r) => ({ ...r, checks: r.checks.filter((c) => c.check !== 'C5') }));
    const c5 = checkCarryOver(stripped);
    expect(c5.size).toBeGreaterThan(10);
    const expected = stripped.flatMap((r) => [...r.checks, ...(c5.get(r) ?? [])].map((c) => `${reportId(r)}|${c.check}|${c.column}|${c.expected}|${c.actual}`)).sort();
    const rows = await query(`SELECT report_id, check_id, "column", expected, actual FROM read_parquet('${join(out, DATASET_FILES.checks)}')`);
    expect(rows.map((r) => `${String(r.report_id)}|${String(r.check_id)}|${String(r.column)}|${Number(r.expected)}|${Number(r.actual)}`).sort()).toEqual(expected);
    const failed = await query(`SELECT report_id, failed_checks FROM read_parquet('${join(out, DATASET_FILES.reports)}')`);
    const counts = new Map(stripped.map((r) => [reportId(r), r.checks.length + (c5.get(r)?.length ?? 0)]));
    expect(new Map(failed.map((f) => [String(f.report_id), Number(f.failed_checks)]))).toEqual(counts);
  });
});

describe('stagingFigures', () => {
  it('stages the same values whether the figures hold their template keys in printed order or any other', () => {
    for (const rec of corpus) {
      const keys = Object.keys(rec.figures);
      // Reversed order, one key dropped, one key of no template added: the lookup-by-key path.
      const other = { ...rec, figures: Object.fromEntries([...keys.slice(1).reverse().map((k) => [k, rec.figures[k]!] as const), ['not_a_figure', 7]]) };
      const inOrder = stagingFigures(rec);
      const byKey = stagingFigures(other);
      const first = STAGING_FIGURE_COLUMNS.findIndex(([, , key]) => key === keys[0]);
      expect(byKey[first]).toBeNull();
      byKey[first] = inOrder[first]!;
      expect(byKey).toEqual(inOrder);
      expect(inOrder.filter((v) => v !== null).length).toBe(Object.values(rec.figures).filter((v) => v !== null).length);
    }
  });
});
