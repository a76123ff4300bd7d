/**
 * Ingest of the project's corpus (data/reports) into a temporary dataset: exact figures
 * read back with DuckDB, checks, manifest and DuckDB file; idempotence and replacement by
 * agency-year; merging with an earlier dataset; a killed ingest; bad input.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from './lib/duckdb.ts';
import { readExpected, type Expected } from './lib/corpus.ts';
import { parseReport } from '../src/report/parse.ts';
import { checkCarryOver } from '../src/report/checks.ts';
import { isFailure, type ReportRecord } from '../src/report/record.ts';
import { FIGURE_BY_KEY, columnOf } from '../src/report/template.ts';
import { REPORT_FIGURES, applicationCellsSql, type Manifest } from '../src/data/schema.ts';
import { DATASET_FILES } from '../src/data/node/dataset-writer.ts';
import { readDataset } from '../src/data/node/dataset-reader.ts';
import { reportId } from '../src/data/node/rows.ts';
import { listReportFiles, sha256Hex, sourceName } from '../src/cli/lib/files.ts';
import { formatSummary, ingest, type IngestSummary } from '../src/cli/lib/ingest.ts';
import { PathList } from '../src/cli/lib/path-list.ts';
import { renderReport } from '../src/report/render.ts';

const expectedOf = (dir: string): Expected[] => readExpected(join('data/reports', dir));


/** Figures of one report as stored: wide columns of `reports` plus every table-3 cell (report_cells, unpivoted). */
async function storedFigures(out: string, id: string): Promise<Record<string, number | null>> {
  const [row] = await query(`SELECT * FROM read_parquet('${join(out, DATASET_FILES.reports)}') WHERE report_id = '${id}'`);
  if (!row) throw new Error(`report ${id} not stored`);
  const figures: Record<string, number | null> = {};
  for (const f of REPORT_FIGURES) figures[f.key] = row[columnOf(f.key)] === null ? null : Number(row[columnOf(f.key)]);
  const cells = await query(`SELECT "row", applicant, "count" FROM (${applicationCellsSql(`read_parquet('${join(out, DATASET_FILES.report_cells)}')`)}) WHERE report_id = '${id}'`);
  for (const c of cells) figures[`${String(c.row)}.${String(c.applicant)}`] = c.count === null ? null : Number(c.count);
  return figures;
}

const digestDir = async (dir: string): Promise<Record<string, string>> => Object.fromEntries(await Promise.all(
  (await readdir(dir)).sort().map(async (f) => [f, createHash('sha256').update(await readFile(join(dir, f))).digest('hex')] as const),
));

let root: string;
let corpusOut: string;
let parsed: ReportRecord[];
let corpusFiles: string[];
let firstSummary: IngestSummary;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'atlas-ingest-'));
  corpusOut = join(root, 'corpus');
  corpusFiles = await listReportFiles(['data/reports']);
  parsed = [];
  for (const path of corpusFiles) {
    const bytes = new Uint8Array(readFileSync(path));
    const outcome = parseReport({ source: sourceName(path), bytes, sha256: sha256Hex(bytes) });
    if (!isFailure(outcome)) parsed.push(outcome);
  }
  firstSummary = await ingest(['data/reports'], { outDir: corpusOut, progress: false });
});
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

describe('ingest of the corpus', () => {
  it('walks the folders for report files only (no expected.jsonl)', () => {
    expect(corpusFiles.length).toBe(expectedOf('seed').length + expectedOf('real').length);
    expect(corpusFiles.some((f) => f.endsWith('.jsonl'))).toBe(false);
  });

  it('stores one row per parseable report (agency-year)', async () => {
    const distinct = new Set(parsed.map(reportId)).size;
    const [row] = await query(`SELECT CAST(count(*) AS INTEGER) AS n FROM read_parquet('${join(corpusOut, DATASET_FILES.reports)}')`);
    expect(row!.n).toBe(distinct);
    expect(distinct).toBeGreaterThan(parsed.length - 5);
  });

  it('stores the seed report with exactly its hand-read figures', async () => {
    const [seed] = expectedOf('seed');
    const record = parsed.find((r) => r.source.endsWith(seed!.file))!;
    const stored = await storedFigures(corpusOut, reportId(record));
    for (const [key, value] of Object.entries(seed!.figures)) expect([key, stored[key]]).toEqual([key, value]);
  });

  it('stores a real HTML report (r001) with exactly its hand-read figures, nulls included', async () => {
    const expected = expectedOf('real').find((e) => e.file === 'r001.html')!;
    const record = parsed.find((r) => r.source.endsWith('r001.html'))!;
    const stored = await storedFigures(corpusOut, reportId(record));
    expect(Object.values(expected.figures)).toContain(null);
    for (const [key, value] of Object.entries(expected.figures)) expect([key, stored[key] ?? null]).toEqual([key, value]);
  });

  it('stores every table-3 cell of the seed report in report_cells', async () => {
    const record = parsed.find((r) => r.source.startsWith('data/reports/seed/'))!;
    const table3 = Object.entries(record.figures).filter(([k, v]) => FIGURE_BY_KEY.get(k)?.table === 'table3' && v !== null);
    const cells = await query(`SELECT "row", applicant, "count" FROM (${applicationCellsSql(`read_parquet('${join(corpusOut, DATASET_FILES.report_cells)}')`)}) WHERE report_id = '${reportId(record)}'`);
    expect(cells.length).toBe(table3.length);
    expect(table3.length).toBeGreaterThanOrEqual(175);
    expect(new Map(cells.map((c) => [`${String(c.row)}.${String(c.applicant)}`, c.count]))).toEqual(new Map(table3));
  });

  it('stores the parser checks plus C5 across years', async () => {
    const kept = new Map(parsed.map((r) => [reportId(r), r]));
    const records = [...kept.values()];
    const c5 = checkCarryOver(records);
    const expected = records.flatMap((r) => [...r.checks, ...(c5.get(r) ?? [])].map((c) => `${reportId(r)}|${c.check}|${c.column}|${c.expected}|${c.actual}`)).sort();
    const rows = await query(`SELECT report_id, check_id, "column", expected, actual FROM read_parquet('${join(corpusOut, DATASET_FILES.checks)}')`);
    expect(rows.map((r) => `${String(r.report_id)}|${String(r.check_id)}|${String(r.column)}|${Number(r.expected)}|${Number(r.actual)}`).sort()).toEqual(expected);
    const failed = await query(`SELECT report_id, failed_checks FROM read_parquet('${join(corpusOut, DATASET_FILES.reports)}')`);
    for (const f of failed) expect(f.failed_checks).toBe(rows.filter((r) => r.report_id === f.report_id).length);
  });

  it('lists each file in the manifest with its rows and bytes, and atlas.duckdb holds the same rows', async () => {
    const manifest = JSON.parse(await readFile(join(corpusOut, DATASET_FILES.manifest), 'utf8')) as Manifest;
    expect(manifest.synthetic).toBe(false);
    expect(manifest.files.map((f) => f.path).sort()).toEqual(Object.values(DATASET_FILES).filter((f) => f !== DATASET_FILES.manifest).sort());
    for (const f of manifest.files) {
      expect(f.bytes, f.path).toBe((await stat(join(corpusOut, f.path))).size);
      if (f.format !== 'parquet') continue;
      const [pq] = await query(`SELECT CAST(count(*) AS INTEGER) AS n FROM read_parquet('${join(corpusOut, f.path)}')`);
      expect([f.path, pq!.n]).toEqual([f.path, f.rows]);
      // Provenance (sha256) is published as Parquet only: the browser never reads it.
      if (f.table === 'provenance') continue;
      const [db] = await query(`ATTACH '${join(corpusOut, DATASET_FILES.database)}' AS a; SELECT CAST(count(*) AS INTEGER) AS n FROM a.${f.table}`);
      expect([f.path, db!.n]).toEqual([f.path, f.rows]);
    }
    expect(manifest.reports).toBe(manifest.files.find((f) => f.table === 'reports')!.rows);
  });
});

describe('what ingest keeps per file for the whole run', () => {
  it('a PathList gives back every path as given, CJK included, and refuses positions outside it', () => {
    const paths = [...corpusFiles, '报告/2021/杭州市西湖区人民政府.txt', '', 'a.txt'];
    const list = PathList.of(paths);
    expect(list.length).toBe(paths.length);
    expect(Array.from({ length: list.length }, (_, i) => list.at(i))).toEqual(paths);
    expect(() => list.at(paths.length)).toThrow(RangeError);
    expect(() => list.at(-1)).toThrow(RangeError);
    expect(PathList.of([]).length).toBe(0);
  });

  it('a report id is the first 16 hex digits of sha256(agency|year), as stored in every dataset', () => {
    const hex = createHash('sha256').update('杭州市西湖区人民政府|2021').digest('hex');
    expect(reportId({ agency: '杭州市西湖区人民政府', year: 2021, source: 'x.txt' })).toBe(hex.slice(0, 16));
    expect(reportId({ agency: null, year: null, source: 'x.txt' })).toBe(createHash('sha256').update('source:x.txt|').digest('hex').slice(0, 16));
  });
});

describe('parsing on worker threads', () => {
  it('gives the same dataset as parsing in-process', async () => {
    const out = join(root, 'workers');
    const summary = await ingest(['data/reports'], { outDir: out, progress: false, workers: 2 });
    expect([summary.parsed, summary.failed]).toEqual([firstSummary.parsed, firstSummary.failed]);
    const byId = (records: ReportRecord[]) => new Map(records.map((r) => [reportId(r), r]));
    expect(byId(await readDataset(out))).toEqual(byId(await readDataset(corpusOut)));
  });
});

describe('ingest is idempotent and merges', () => {
  it('ingesting the same files again changes nothing', async () => {
    const before = await digestDir(corpusOut);
    const again = await ingest(['data/reports'], { outDir: corpusOut, progress: false });
    expect(again.added).toBe(0);
    // Only the corpus' own duplicates (two files of one agency-year) replace each other within the run.
    expect(again.replaced).toEqual(firstSummary.replaced);
    expect(again.unchanged + again.replaced.length).toBe(again.parsed);
    expect(again.written).toBeNull();
    expect(await digestDir(corpusOut)).toEqual(before);
    expect(formatSummary(again, corpusOut)).toContain('unchanged');
  });

  it('a changed report for the same agency and year replaces the earlier one and says so', async () => {
    const out = join(root, 'replace');
    const dir = join(root, 'replace-in');
    await mkdir(dir);
    await ingest(['data/reports'], { outDir: out, progress: false });
    const seedText = readFileSync('data/reports/seed/gongnong-2022.txt', 'utf8');
    const changed = seedText.replace('行政许可\t1162', '行政许可\t1163');
    expect(changed).not.toBe(seedText);
    await writeFile(join(dir, 'gongnong-2022-corrected.txt'), changed);
    const rowsBefore = (await readDataset(out)).length;
    const summary = await ingest([dir], { outDir: out, progress: false });
    expect(summary.replaced).toHaveLength(1);
    expect(summary.replaced[0]).toMatchObject({ agency: '鹤岗市工农区人民政府', year: 2022, previous: 'data/reports/seed/gongnong-2022.txt' });
    expect(formatSummary(summary, out)).toMatch(/replaced 鹤岗市工农区人民政府 2022: data\/reports\/seed\/gongnong-2022.txt → .*gongnong-2022-corrected.txt/);
    const after = await readDataset(out);
    expect(after.length).toBe(rowsBefore);
    expect(after.find((r) => r.agency === '鹤岗市工农区人民政府' && r.year === 2022)!.figures.licensing).toBe(1163);
  });

  it('the same agency-year twice in one run is one row; a different file replaces and is reported', async () => {
    const out = join(root, 'within-run');
    const dir = join(root, 'within-run-in');
    await mkdir(dir);
    await copyFile('data/reports/seed/gongnong-2022.txt', join(dir, 'a.txt'));
    await copyFile('data/reports/seed/gongnong-2022.txt', join(dir, 'b.txt'));
    const same = await ingest([dir], { outDir: out, progress: false });
    expect([same.parsed, same.added, same.unchanged, same.replaced.length, same.reports]).toEqual([2, 1, 1, 0, 1]);
    await writeFile(join(dir, 'c.txt'), readFileSync('data/reports/seed/gongnong-2022.txt', 'utf8').replace('行政处罚\t313', '行政处罚\t314'));
    const changed = await ingest([dir], { outDir: join(root, 'within-run-2'), progress: false });
    expect(changed.reports).toBe(1);
    expect(changed.replaced.map((r) => r.current)).toEqual([expect.stringMatching(/c\.txt$/)]);
  });

  it('reports of an earlier ingest survive a later ingest of other files', async () => {
    const out = join(root, 'merge');
    await ingest(['data/reports/seed'], { outDir: out, progress: false });
    const summary = await ingest(['data/reports/real'], { outDir: out, progress: false });
    expect(summary.kept).toBe(1);
    const sources = (await readDataset(out)).map((r) => r.source);
    expect(sources).toContain('data/reports/seed/gongnong-2022.txt');
    expect(sources.length).toBe(new Set(parsed.map(reportId)).size);
  });
});

describe('ingest after a crash between the two renames of a commit', () => {
  it('puts the previous dataset back and merges into it', async () => {
    const out = join(root, 'crashed');
    await ingest(['data/reports/seed'], { outDir: out, progress: false });
    // As left by a process killed after renaming the old folder aside, before renaming the new one in.
    const { rename } = await import('node:fs/promises');
    await rename(out, join(root, '.crashed.tmp-4194303-x.old'));
    await mkdir(join(root, '.crashed.tmp-4194303-x'));
    await writeFile(join(root, '.crashed.tmp-4194303-x', 'reports.parquet'), 'partial');
    await ingest(['data/reports/real'], { outDir: out, progress: false });
    expect((await readDataset(out)).map((r) => r.source)).toContain('data/reports/seed/gongnong-2022.txt');
    expect((await readdir(root)).filter((n) => n.startsWith('.crashed'))).toEqual([]);
  });
});

describe('ingest failures', () => {
  it('names a failing file and its reason, and still writes the others', async () => {
    const dir = join(root, 'bad-in');
    await mkdir(dir);
    await copyFile('data/reports/seed/gongnong-2022.txt', join(dir, 'good.txt'));
    await writeFile(join(dir, 'empty.txt'), 'hello world\n');
    await writeFile(join(dir, 'huge.txt'), '');
    await truncate(join(dir, 'huge.txt'), 21 * 1024 * 1024);
    const out = join(root, 'bad');
    const summary = await ingest([dir], { outDir: out, progress: false });
    expect(summary.parsed).toBe(1);
    expect(summary.failed.map((f) => f.file.split('/').pop()).sort()).toEqual(['empty.txt', 'huge.txt']);
    expect(summary.failed.find((f) => f.file.endsWith('huge.txt'))!.reason).toMatch(/21\.0 MB, over the 20 MB limit/);
    const text = formatSummary(summary, out);
    expect(text).toMatch(/failed .*empty\.txt: \S/);
    expect(text).toMatch(/failed .*huge\.txt: file is 21\.0 MB/);
    expect((await readDataset(out)).length).toBe(1);
  });

  it('the command exits non-zero only when nothing parsed', async () => {
    const dir = join(root, 'cli-in');
    await mkdir(join(dir, 'bad'), { recursive: true });
    await writeFile(join(dir, 'bad', 'x.txt'), 'not a report');
    const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', ...args], { encoding: 'utf8' });
    const bad = run([join(dir, 'bad'), '--out', join(root, 'cli-out')]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/failed .*x\.txt/);
    await copyFile('data/reports/seed/gongnong-2022.txt', join(dir, 'good.txt'));
    const good = run([dir, '--out', join(root, 'cli-out')]);
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/parsed: 1 .*failed: 1/);
  });

  it('a killed ingest leaves the previous dataset intact and readable', async () => {
    const out = join(root, 'killed');
    await ingest(['data/reports/seed'], { outDir: out, progress: false });
    const before = await digestDir(out);
    // Enough reports that the write takes a while: the seed rendered for many agencies.
    const dir = join(root, 'killed-in');
    await mkdir(dir);
    const seed = parsed.find((r) => r.source.startsWith('data/reports/seed/'))!;
    for (let i = 0; i < 400; i++) await writeFile(join(dir, `r${i}.txt`), renderReport({ ...seed, agency: `测试机关${i}` }, 'tab'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', dir, '--out', out], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let sawTemp = false;
    for (let i = 0; i < 3000 && child.exitCode === null; i++) {
      if ((await readdir(root)).some((n) => n.startsWith('.killed.tmp-'))) {
        sawTemp = true;
        child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await exited;
    expect(sawTemp).toBe(true);
    expect(await digestDir(out)).toEqual(before);
    expect((await readDataset(out)).map((r) => r.agency)).toEqual(['鹤岗市工农区人民政府']);
    // The next write clears the killed run's temporary folder.
    await ingest(['data/reports/seed'], { outDir: join(root, 'killed'), progress: false, fresh: true });
    expect((await readdir(root)).filter((n) => n.startsWith('.killed.tmp-'))).toEqual([]);
  });
});
