/**
 * `npm run bench:ingest [-- --reports N --json FILE]`: ingest speed on N synthetic reports
 * (default 10,000) rendered in a mix of text and HTML layouts. Prints a table of parse
 * throughput (one core), end-to-end ingest throughput (files → Parquet + DuckDB file),
 * writer throughput and bytes written; `--json FILE` writes the same figures.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateReports } from '../report/synthetic.ts';
import { LAYOUTS, renderReport, type Layout } from '../report/render.ts';
import { parseReport } from '../report/parse.ts';
import { isFailure, type ReportRecord } from '../report/record.ts';
import { figureKeysOf } from '../report/template.ts';
import { writeDataset } from '../data/node/dataset-writer.ts';
import { ingest } from './lib/ingest.ts';
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

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { reports: { type: 'string', default: '10000' }, json: { type: 'string' } } });
  const count = Number(values.reports);
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`--reports must be a whole number ≥ 1, got ${values.reports}`);

  const work = await mkdtemp(join(tmpdir(), 'bench-ingest-'));
  try {
    // 1. generate and render
    let t = performance.now();
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

    // 2. parse alone (one core, bytes in memory)
    const perLayout = new Map<Layout, { n: number; failed: number; exact: number; secs: number }>();
    const clock = timer();
    clock.start();
    t = performance.now();
    let failed = 0;
    let exact = 0;
    for (const r of rendered) {
      const t0 = performance.now();
      const out = parseReport({ source: r.name, bytes: r.bytes, sha256: sha256Hex(r.bytes) });
      const secs = (performance.now() - t0) / 1000;
      const s = perLayout.get(r.layout) ?? { n: 0, failed: 0, exact: 0, secs: 0 };
      s.n++;
      s.secs += secs;
      if (isFailure(out)) { failed++; s.failed++; } else if (sameFigures(out, r.record)) { exact++; s.exact++; }
      perLayout.set(r.layout, s);
    }
    const parseSecs = (performance.now() - t) / 1000;
    const parseCpu = clock.cpu();

    // 3. end to end: files on disk → parse → C5 → Parquet + DuckDB file
    const outDir = join(work, 'out');
    clock.start();
    t = performance.now();
    const summary = await ingest([inputDir], { outDir });
    const ingestSecs = (performance.now() - t) / 1000;
    const ingestCpu = clock.cpu();
    const written = summary.written;

    // 4. the writer alone on the generated records
    const records = [...generateReports({ count, seed: 42 })];
    clock.start();
    t = performance.now();
    const writerOnly = await writeDataset(records, { outDir: join(work, 'writer'), synthetic: true });
    const writerSecs = (performance.now() - t) / 1000;
    const writerCpu = clock.cpu();

    const result = {
      reports: count,
      input_bytes: inputBytes,
      render_reports_per_s: count / renderSecs,
      parse_reports_per_s: count / parseSecs,
      parse_reports_per_cpu_s: count / parseCpu,
      parse_failed: failed,
      parse_exact_figures: exact,
      ingest_reports_per_s: count / ingestSecs,
      ingest_seconds: ingestSecs,
      ingest_reports_per_cpu_s: count / ingestCpu,
      ingest_rows: written?.manifest.reports ?? 0,
      ingest_bytes_written: written?.bytes ?? 0,
      writer_reports_per_s: count / writerSecs,
      writer_bytes_written: writerOnly.bytes,
      writer_reports_per_cpu_s: count / writerCpu,
      load_average: os.loadavg(),
      cores: os.availableParallelism(),
      files: written?.manifest.files ?? [],
      per_layout: Object.fromEntries([...perLayout].map(([layout, s]) => [layout, {
        reports: s.n, reports_per_s: s.n / s.secs, failed: s.failed, exact_figures: s.exact,
      }])),
      node: process.version,
    };

    const rows: [string, string][] = [
      ['reports (layouts: ' + LAYOUTS.join(', ') + ')', fmt(count)],
      ['input size', `${fmt(inputBytes / 1024 / 1024, 1)} MB`],
      ['render', `${fmt(result.render_reports_per_s)} reports/s`],
      ['parse (one core, in memory)', `${fmt(result.parse_reports_per_s)} reports/s (${fmt(result.parse_reports_per_cpu_s)} per CPU-second)`],
      ['  failed / figures exact', `${fmt(failed)} / ${fmt(exact)} of ${fmt(count)}`],
      ...[...perLayout].map(([layout, s]): [string, string] => [`  ${layout}`, `${fmt(s.n / s.secs)} reports/s, exact ${fmt(s.exact)}/${fmt(s.n)}`]),
      ['ingest end to end (files → Parquet + DuckDB)', `${fmt(result.ingest_reports_per_s)} reports/s (${fmt(ingestSecs, 1)} s; ${fmt(result.ingest_reports_per_cpu_s)} per CPU-second)`],
      ['  rows written / bytes written', `${fmt(result.ingest_rows)} / ${fmt(result.ingest_bytes_written)}`],
      ...(written?.manifest.files ?? []).map((f): [string, string] => [`  ${f.path}`, `${fmt(f.rows)} rows, ${fmt(f.bytes)} bytes`]),
      ['writer alone (records → Parquet + DuckDB)', `${fmt(result.writer_reports_per_s)} reports/s (${fmt(result.writer_reports_per_cpu_s)} per CPU-second), ${fmt(writerOnly.bytes)} bytes`],
      ['machine', `${result.cores} cores, load average ${result.load_average.map((l) => l.toFixed(1)).join(' ')}`],
      ['target', '≥ 2,000 reports/s'],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`bench:ingest  (${process.version})`);
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
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
