/**
 * `npm run bench:ingest [-- --reports N --json FILE]`: ingest speed on N synthetic reports
 * (default 10,000) rendered in a mix of text and HTML layouts. Prints one table of parse
 * alone (in memory, per layout), write alone (records → Parquet + DuckDB file) and ingest
 * end to end (files → dataset), each as wall-clock and CPU seconds and reports per second
 * of each; `--json FILE` writes the same figures. CPU time (process.cpuUsage, all threads)
 * is the comparable measure on a shared machine: the target "2,000 reports/s on one core"
 * is read as reports per CPU-second of the whole process, DuckDB's threads included (the
 * writer runs DuckDB with one thread, so one core is all it uses).
 *
 * The end-to-end ingest runs in a fresh process, as `npm run ingest` does: in this one the
 * rendered reports and records of the other phases (about 1 GB at 100k) stay on the heap,
 * and every garbage collection of the ingest would walk them (at 100k: 65 CPU-s in this
 * process against 53 for the CLI itself). Its JIT starts cold, as the CLI's does.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateReports } from '../report/synthetic.ts';
import { LAYOUTS, renderReport, type Layout } from '../report/render.ts';
import { parseReport } from '../report/parse.ts';
import { isFailure, type ReportRecord } from '../report/record.ts';
import { figureKeysOf } from '../report/template.ts';
import { writeDataset } from '../data/node/dataset-writer.ts';
import { ingest, type IngestSummary } from './lib/ingest.ts';
import { sha256Hex } from './lib/files.ts';

interface Rendered {
  name: string;
  layout: Layout;
  bytes: Uint8Array;
  record: ReportRecord;
}

/** The layout report `i` is rendered in: all five layouts in turn. */
function layoutOf(i: number): Layout {
  return LAYOUTS[i % LAYOUTS.length]!;
}

function sameFigures(a: ReportRecord, b: ReportRecord): boolean {
  if (a.template !== b.template || a.template === null) return false;
  return figureKeysOf(a.template).every((k) => (a.figures[k] ?? null) === (b.figures[k] ?? null));
}

/** Wall-clock and process CPU seconds (all threads) since `start()`. */
function timer(): { start: () => void; wall: () => number; cpu: () => number } {
  let t = 0;
  let c = process.cpuUsage();
  return {
    start() { t = performance.now(); c = process.cpuUsage(); },
    wall: () => (performance.now() - t) / 1000,
    cpu: () => { const d = process.cpuUsage(c); return (d.user + d.system) / 1e6; },
  };
}

function sumOf<K extends string>(m: Map<unknown, Record<K, number>>, key: K): number {
  let total = 0;
  for (const v of m.values()) total += v[key];
  return total;
}

/** End-to-end ingest target, reports per CPU-second on one core. */
const TARGET = 2000;

/** How the rates are measured, printed with the table and written to the JSON. */
const METHOD = 'reports per CPU-second = reports / (user + system CPU seconds of the whole process, all threads, DuckDB\'s included; the writer runs DuckDB with threads = 1); the end-to-end ingest runs in a fresh process, as npm run ingest does (cold JIT, loader start-up not counted); wall-clock rates depend on the machine\'s load';

/** What the end-to-end child reports on stdout (one JSON line). */
interface ChildResult { wall: number; cpu: number; written: IngestSummary['written'] }

/** The child side (`--ingest-child INPUT OUT`): the timed ingest of INPUT into OUT; prints ChildResult. */
async function ingestChild(input: string, outDir: string): Promise<void> {
  const clock = timer();
  clock.start();
  const summary = await ingest([input], { outDir, progress: false, fresh: true });
  const result: ChildResult = { wall: clock.wall(), cpu: clock.cpu(), written: summary.written };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Runs the end-to-end ingest of `input` in a fresh process (same loader flags) and returns its times. */
function ingestInFreshProcess(input: string, outDir: string): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, self, '--ingest-child', input, outDir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`the end-to-end ingest process failed (exit ${child.status}): ${child.stderr.trim().split('\n').slice(-5).join(' / ')}`);
  const line = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as ChildResult;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { reports: { type: 'string', default: '10000' }, json: { type: 'string' }, 'ingest-child': { type: 'boolean' } }, allowPositionals: true });
  if (values['ingest-child']) {
    const [input, outDir] = positionals;
    if (!input || !outDir) throw new Error('--ingest-child needs INPUT and OUT');
    return ingestChild(input, outDir);
  }
  const count = Number(values.reports);
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`--reports must be a whole number ≥ 1, got ${values.reports}`);

  const work = await mkdtemp(join(tmpdir(), 'bench-ingest-'));
  try {
    // 1. generate and render
    const t = performance.now();
    const rendered: Rendered[] = [];
    const encoder = new TextEncoder();
    let i = 0;
    for (const record of generateReports({ count, seed: 42 })) {
      const layout = layoutOf(i);
      const text = renderReport(record, layout, { metadata: i % 2 === 0 });
      rendered.push({ name: `r${String(i).padStart(7, '0')}.${layout === 'html' ? 'html' : 'txt'}`, layout, bytes: encoder.encode(text), record });
      i++;
    }
    const renderSecs = (performance.now() - t) / 1000;
    const inputDir = join(work, 'reports');
    await mkdir(inputDir);
    for (const r of rendered) await writeFile(join(inputDir, r.name), r.bytes);
    const inputBytes = rendered.reduce((n, r) => n + r.bytes.length, 0);

    // 2. parse alone (one thread, bytes and their sha256 in memory). An untimed pass first
    //    checks the figures against the generated records (and warms the JIT up); the timed
    //    pass then runs layout by layout, keeping nothing, so each layout gets its own CPU
    //    time without a clock read per report or a heap full of kept outcomes.
    const hashes = rendered.map((r) => sha256Hex(r.bytes));
    const perLayout = new Map<Layout, { n: number; failed: number; exact: number; wall: number; cpu: number }>();
    let failed = 0;
    let exact = 0;
    rendered.forEach((r, k) => {
      const s = perLayout.get(r.layout) ?? { n: 0, failed: 0, exact: 0, wall: 0, cpu: 0 };
      perLayout.set(r.layout, s);
      s.n++;
      const out = parseReport({ source: r.name, bytes: r.bytes, sha256: hashes[k]! });
      if (isFailure(out)) { failed++; s.failed++; } else if (sameFigures(out, r.record)) { exact++; s.exact++; }
    });
    const clock = timer();
    for (const [layout, s] of perLayout) {
      let refused = 0;
      clock.start();
      for (let k = 0; k < rendered.length; k++) {
        const r = rendered[k]!;
        if (r.layout === layout && isFailure(parseReport({ source: r.name, bytes: r.bytes, sha256: hashes[k]! }))) refused++;
      }
      s.wall = clock.wall();
      s.cpu = clock.cpu();
      if (refused !== s.failed) throw new Error(`layout ${layout}: ${refused} failures in the timed pass, ${s.failed} in the checked one`);
    }
    const parse = { wall: sumOf(perLayout, 'wall'), cpu: sumOf(perLayout, 'cpu') };

    // 3. the writer alone on the generated records
    const records = [...generateReports({ count, seed: 42 })];
    clock.start();
    const writerOnly = await writeDataset(records, { outDir: join(work, 'writer'), synthetic: true });
    const write = { wall: clock.wall(), cpu: clock.cpu() };

    // 4. end to end: files on disk → read → parse → C5 → Parquet + DuckDB file, in a fresh process
    const child = ingestInFreshProcess(inputDir, join(work, 'out'));
    const e2e = { wall: child.wall, cpu: child.cpu };
    const written = child.written;

    const rate = (t: { wall: number; cpu: number }, n = count) => ({ seconds: t.wall, cpu_seconds: t.cpu, reports_per_s: n / t.wall, reports_per_cpu_s: n / t.cpu });
    const result = {
      reports: count,
      input_bytes: inputBytes,
      render_reports_per_s: count / renderSecs,
      parse: { ...rate(parse), failed, exact_figures: exact },
      write: { ...rate(write), bytes_written: writerOnly.bytes },
      ingest: { ...rate(e2e), rows: written?.manifest.reports ?? 0, bytes_written: written?.bytes ?? 0 },
      per_layout: Object.fromEntries([...perLayout].map(([layout, s]) => [layout, {
        ...rate(s, s.n), reports: s.n, failed: s.failed, exact_figures: s.exact,
      }])),
      files: written?.manifest.files ?? [],
      target_reports_per_cpu_s: TARGET,
      method: METHOD,
      load_average: os.loadavg(),
      cores: os.availableParallelism(),
      node: process.version,
    };

    const table: string[][] = [['phase', 'reports', 'wall s', 'CPU s', 'reports/s', 'reports/CPU-s']];
    const row = (name: string, n: number, t: { wall: number; cpu: number }) => table.push([name, fmt(n), fmt(t.wall, 2), fmt(t.cpu, 2), fmt(n / t.wall), fmt(n / t.cpu)]);
    row('parse (in memory, sha256 given, one thread)', count, parse);
    for (const [layout, s] of perLayout) row(`  ${layout}`, s.n, s);
    row('write (records → Parquet + DuckDB)', count, write);
    row('ingest end to end (files → dataset, fresh process)', count, e2e);
    const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
    console.log(`bench:ingest  ${fmt(count)} synthetic reports in ${LAYOUTS.length} layouts (${LAYOUTS.join(', ')}), ${fmt(inputBytes / 1024 / 1024, 1)} MB, rendered at ${fmt(result.render_reports_per_s)}/s`);
    for (const r of table) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    console.log(`parse: ${fmt(failed)} failed, figures exact in ${fmt(exact)} of ${fmt(count)}`);
    console.log(`written: ${fmt(result.ingest.rows)} rows, ${fmt(result.ingest.bytes_written)} bytes (writer alone: ${fmt(writerOnly.bytes)} bytes)`);
    for (const f of written?.manifest.files ?? []) console.log(`  ${f.path}: ${fmt(f.rows)} rows, ${fmt(f.bytes)} bytes`);
    console.log(`method: ${METHOD}`);
    console.log(`machine: ${result.cores} cores, load average ${result.load_average.map((l) => l.toFixed(1)).join(' ')} (CPU-second rates are the comparable ones on a shared machine)`);
    console.log(`target: ingest end to end ≥ ${fmt(TARGET)} reports per CPU-second: ${count / e2e.cpu >= TARGET ? 'met' : 'not met'}`);
    if (values.json) {
      await mkdir(dirname(values.json), { recursive: true });
      await writeFile(values.json, `${JSON.stringify(result, null, 2)}\n`);
      console.log(`wrote ${values.json}`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:ingest failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
