/**
 * `npm run gen -- --reports N [--seed S] [--out DIR] [--sample K --sample-out DIR]`:
 * writes a synthetic national dataset of N reports (Parquet + atlas.duckdb + manifest,
 * labelled synthetic) into DIR (default .cache/synthetic-N), and with --sample renders K
 * of the records as report files in a mix of layouts, with their expected figures in
 * expected.jsonl, for parser tests.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ReportRecord } from '../report/record.ts';
import type { Layout } from '../report/render.ts';
import { SYNTHETIC_DEFAULTS, generateReports, syntheticCapacity } from '../report/synthetic.ts';

const USAGE = 'usage: npm run gen -- --reports N [--seed S] [--out DIR] [--sample K --sample-out DIR]';

/** Validated command-line settings. */
interface GenArgs {
  reports: number;
  seed: number;
  out: string;
  sample: number;
  sampleOut: string | null;
}

class UsageError extends Error {}

function wholeNumber(name: string, raw: string, min: number): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name} must be a whole number ≥ ${min}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Parses and checks the arguments; throws UsageError with a message naming the parameter. */
function parseGenArgs(argv: string[]): GenArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        reports: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        sample: { type: 'string' },
        'sample-out': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.reports === undefined) throw new UsageError('--reports is required');
  const reports = wholeNumber('reports', v.reports, 1);
  const seedRaw = v.seed ?? String(SYNTHETIC_DEFAULTS.seed);
  const seed = Number(seedRaw);
  if (seedRaw.trim() === '' || !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got ${JSON.stringify(seedRaw)}`);
  const sample = v.sample === undefined ? 0 : wholeNumber('sample', v.sample, 1);
  if (sample > reports) throw new UsageError(`--sample (${sample}) must not exceed --reports (${reports})`);
  if (sample > 0 && !v['sample-out']) throw new UsageError('--sample needs --sample-out DIR');
  if (sample === 0 && v['sample-out']) throw new UsageError('--sample-out needs --sample K');
  if (reports > 200_000) {
    const capacity = syntheticCapacity({ seed });
    if (reports > capacity) throw new UsageError(`--reports ${reports} exceeds the ${capacity} reports one national pass holds (seed ${seed})`);
  }
  return { reports, seed, out: v.out ?? join('.cache', `synthetic-${reports}`), sample, sampleOut: v['sample-out'] ?? null };
}

/** Writes the sampled records as report files (layouts in turn) and their figures as expected.jsonl. */
async function writeSamples(records: readonly ReportRecord[], dir: string): Promise<void> {
  const { LAYOUTS, renderReport } = await import('../report/render.ts');
  await mkdir(dir, { recursive: true });
  const expected: string[] = [];
  for (const [i, record] of records.entries()) {
    const layout: Layout = LAYOUTS[i % LAYOUTS.length]!;
    const file = `s${String(i).padStart(6, '0')}-${layout}.${layout === 'html' ? 'html' : 'txt'}`;
    await writeFile(join(dir, file), renderReport(record, layout, { metadata: layout !== 'html' && i % 2 === 0 }));
    expected.push(JSON.stringify({
      file, layout, agency: record.agency, agency_kind: record.agency_kind, region_code: record.region_code,
      year: record.year, template: record.template, complete: record.complete, checks: record.checks, figures: record.figures,
    }));
  }
  await writeFile(join(dir, 'expected.jsonl'), `${expected.join('\n')}\n`);
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

async function main(argv: string[]): Promise<number> {
  let args: GenArgs | 'help';
  try {
    args = parseGenArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`gen: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  const { reports, seed, out, sample, sampleOut } = args;
  // Loaded after the arguments are checked, so a usage error answers at once.
  const { writeDataset } = await import('../data/node/dataset-writer.ts');
  // Evenly spaced records are kept for --sample: every kind of body, year and template.
  const every = sample > 0 ? reports / sample : Infinity;
  const sampled: ReportRecord[] = [];
  const failing = { C1: 0, C2: 0, C3: 0, C4: 0, C5: 0 };
  let index = 0;
  function* records(): Generator<ReportRecord> {
    for (const record of generateReports({ count: reports, seed })) {
      if (sampled.length < sample && index >= sampled.length * every) sampled.push(record);
      for (const c of new Set(record.checks.map((x) => x.check))) failing[c]++;
      index++;
      yield record;
    }
  }
  const start = performance.now();
  let lastPrint = start;
  const result = await writeDataset(records(), {
    outDir: out,
    synthetic: true,
    // Generation is not held to the one-core ingest target: DuckDB may use every core
    // (at 100k on the loaded 2-core machine: 36-58 s wall with two threads, 45-76 s with one).
    threads: availableParallelism(),
    onProgress: (n) => {
      const now = performance.now();
      if (now - lastPrint < 2000) return;
      lastPrint = now;
      console.error(`gen: ${fmt(n)}/${fmt(reports)} records (${fmt(n / ((now - start) / 1000))}/s)`);
    },
  });
  const secs = (performance.now() - start) / 1000;
  if (sampleOut) await writeSamples(sampled, sampleOut);
  console.table([{
    records: result.appended,
    seconds: Number(secs.toFixed(1)),
    records_per_s: Math.round(result.appended / secs),
    MB: Number((result.bytes / 1e6).toFixed(1)),
    ...failing,
  }]);
  console.log(`gen: synthetic dataset (seed ${seed}) in ${out}${sampleOut ? `; ${sampled.length} sample reports in ${sampleOut}` : ''}`);
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(`gen failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
