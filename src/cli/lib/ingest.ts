/**
 * The ingest pipeline behind `npm run ingest` and `npm run build:data`: read report
 * files, parse them, merge them into the dataset already in the output folder (one
 * report per agency-year, a different file replacing an earlier one), recompute the
 * cross-year carry-over check C5 and write the dataset.
 */
import { isFailure, type ReportRecord } from '../../report/record.ts';
import { readDataset, hasDataset } from '../../data/node/dataset-reader.ts';
import { recoverInterrupted, writeDataset, type WriteDatasetResult } from '../../data/node/dataset-writer.ts';
import { reportId } from '../../data/node/rows.ts';
import { withCarryOverChecks } from './carry-over.ts';
import { listReportFiles, sourceName } from './files.ts';
import { parseAll } from './parse-pool.ts';
import { createProgress } from './progress.ts';

export interface IngestOptions {
  outDir: string;
  /** Build time for the manifest (default: now). */
  builtAt?: string;
  /** Show throttled progress on stderr (default: true). */
  progress?: boolean;
  /** Ignore the dataset already in `outDir` and build from the inputs alone (build:data). */
  fresh?: boolean;
  /** Parse worker threads (default 0: in-process). */
  workers?: number;
}

/** A report that replaced an earlier one for the same agency and year. */
export interface Replacement {
  agency: string | null;
  year: number | null;
  previous: string;
  current: string;
}

export interface IngestSummary {
  /** Report files found. */
  files: number;
  parsed: number;
  withWarnings: { file: string; warnings: string[] }[];
  failed: { file: string; reason: string }[];
  /** Reports new to the dataset. */
  added: number;
  /** Files identical (sha256) to a report already in the dataset or earlier in this run. */
  unchanged: number;
  replaced: Replacement[];
  /** Reports in the dataset kept from an earlier ingest. */
  kept: number;
  /** Reports in the dataset after the run. */
  reports: number;
  /** Null when nothing changed and the dataset was left as it was. */
  written: WriteDatasetResult | null;
}

/**
 * Ingests the report files under `inputs` into the dataset at `options.outDir`,
 * merging with the reports already there, and returns what happened to each file.
 */
export async function ingest(inputs: readonly string[], options: IngestOptions): Promise<IngestSummary> {
  const paths = await listReportFiles(inputs);
  await recoverInterrupted(options.outDir);
  const existing = new Map((options.fresh ? [] : await readDataset(options.outDir)).map((r) => [reportId(r), r]));
  const fromRun = new Map<string, ReportRecord>();

  const summary: IngestSummary = {
    files: paths.length, parsed: 0, withWarnings: [], failed: [], added: 0, unchanged: 0, replaced: [], kept: 0, reports: 0, written: null,
  };
  const progress = options.progress === false ? null : createProgress('ingest', paths.length);
  const outcomes = await parseAll(paths.map((p) => [p, sourceName(p)] as const), { workers: options.workers, onDone: (failed) => progress?.tick(failed) });
  for (const outcome of outcomes) {
    if (isFailure(outcome)) {
      summary.failed.push({ file: outcome.source, reason: outcome.error });
      continue;
    }
    const source = outcome.source;
    summary.parsed++;
    if (outcome.warnings.length > 0) summary.withWarnings.push({ file: source, warnings: outcome.warnings });
    const id = reportId(outcome);
    const earlier = fromRun.get(id);
    if (earlier && earlier.sha256 === outcome.sha256) {
      summary.unchanged++;
    } else {
      if (earlier) summary.replaced.push({ agency: outcome.agency, year: outcome.year, previous: earlier.source, current: source });
      fromRun.set(id, outcome);
    }
  }
  progress?.done();

  // Merge with the dataset already there: the same file keeps its stored row, a different one replaces it.
  let changed = false;
  const merged = new Map(existing);
  for (const [id, record] of fromRun) {
    const old = existing.get(id);
    if (!old) {
      summary.added++;
      changed = true;
    } else if (old.sha256 === record.sha256) {
      summary.unchanged++;
      continue;
    } else {
      summary.replaced.push({ agency: record.agency, year: record.year, previous: old.source, current: record.source });
      changed = true;
    }
    merged.set(id, record);
  }
  summary.reports = merged.size;
  summary.kept = [...existing.keys()].filter((id) => !fromRun.has(id)).length;
  if (merged.size > 0 && (changed || options.fresh || !(await hasDataset(options.outDir)))) {
    if (progress && merged.size >= 1000) process.stderr.write(`writing ${merged.size} reports to ${options.outDir}…\n`);
    summary.written = await writeDataset(withCarryOverChecks([...merged.values()]), {
      outDir: options.outDir,
      builtAt: options.builtAt,
      synthetic: false,
    });
  }
  return summary;
}

/** The human-readable summary printed at the end of an ingest. */
export function formatSummary(summary: IngestSummary, outDir: string): string {
  const lines: string[] = [];
  lines.push(`files: ${summary.files}, parsed: ${summary.parsed} (${summary.withWarnings.length} with warnings), failed: ${summary.failed.length}`);
  lines.push(`added: ${summary.added}, unchanged: ${summary.unchanged}, replaced: ${summary.replaced.length}, kept from earlier ingests: ${summary.kept}`);
  for (const r of summary.replaced) {
    lines.push(`  replaced ${r.agency ?? '(no agency)'} ${r.year ?? '(no year)'}: ${r.previous} → ${r.current}`);
  }
  for (const w of summary.withWarnings) lines.push(`  warning ${w.file}: ${w.warnings.join('; ')}`);
  for (const f of summary.failed) lines.push(`  failed ${f.file}: ${f.reason}`);
  if (summary.written) {
    const m = summary.written.manifest;
    lines.push(`wrote ${outDir}: ${m.reports} reports, years ${m.years.join(', ') || '-'}, ${summary.written.bytes} bytes`);
    for (const f of m.files) lines.push(`  ${f.path}: ${f.rows} rows, ${f.bytes} bytes`);
  } else {
    lines.push(summary.reports > 0 ? `dataset in ${outDir} unchanged (${summary.reports} reports)` : 'nothing written: no report parsed');
  }
  return lines.join('\n');
}
