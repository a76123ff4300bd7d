/**
 * The ingest pipeline behind `npm run ingest` and `npm run build:data`: read report
 * files, parse them, merge them into the dataset already in the output folder (one
 * report per agency-year, a different file replacing an earlier one) and write the
 * dataset, the cross-year carry-over check C5 recomputed over it.
 */
import { isFailure, type ReportRecord } from '../../report/record.ts';
import { readDataset, hasDataset } from '../../data/node/dataset-reader.ts';
import { recoverInterrupted, writeDataset, type WriteDatasetResult } from '../../data/node/dataset-writer.ts';
import { reportId } from '../../data/node/rows.ts';
import { listReportFiles, sourceName } from './files.ts';
import { parseFiles } from './parse-pool.ts';
import { PathList } from './path-list.ts';
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

/** Thrown from the writer's `staged` stage to abandon a write that would change nothing. */
class NothingChanged extends Error {}

/**
 * Ingests the report files under `inputs` into the dataset at `options.outDir`,
 * merging with the reports already there, and returns what happened to each file.
 *
 * Parsed reports stream straight into the dataset writer (no list of every report in
 * memory). The writer keeps the last row appended per report id, so the run's reports
 * go first, a file identical to the run's current one for its id being skipped, and
 * the earlier dataset's reports last, each only where it still stands: its id is not in
 * the run, or the run's file for it is the same file (sha256). C5 is recomputed by the
 * writer over the rows it keeps.
 */
export async function ingest(inputs: readonly string[], options: IngestOptions): Promise<IngestSummary> {
  const paths = PathList.of(await listReportFiles(inputs));
  await recoverInterrupted(options.outDir);
  const existing = options.fresh ? [] : await readDataset(options.outDir);
  // The run's file standing for each report id, by its position in `paths`, and the
  // sha256 of every file parsed, 32 bytes each: both kept for the whole run, so kept small
  // (see PathList for why that matters at a million files).
  const fromRun = new Map<string, number>();
  const sha256s = Buffer.alloc(32 * paths.length);
  const sha256Of = (file: number): string => sha256s.toString('hex', 32 * file, 32 * file + 32);
  const sourceOf = (file: number): string => sourceName(paths.at(file));

  const summary: IngestSummary = {
    files: paths.length, parsed: 0, withWarnings: [], failed: [], added: 0, unchanged: 0, replaced: [], kept: 0, reports: 0, written: null,
  };
  const progress = options.progress === false ? null : createProgress('ingest', paths.length);
  let changed = false;

  async function* reports(): AsyncGenerator<ReportRecord> {
    let file = -1;
    for await (const outcome of parseFiles(paths, sourceName, { workers: options.workers, onDone: (failed) => progress?.tick(failed) })) {
      file++;
      if (isFailure(outcome)) {
        summary.failed.push({ file: outcome.source, reason: outcome.error });
        continue;
      }
      summary.parsed++;
      if (outcome.warnings.length > 0) summary.withWarnings.push({ file: outcome.source, warnings: outcome.warnings });
      const id = reportId(outcome);
      const earlier = fromRun.get(id);
      if (earlier !== undefined && sha256Of(earlier) === outcome.sha256) {
        summary.unchanged++;
        continue;
      }
      if (earlier !== undefined) summary.replaced.push({ agency: outcome.agency, year: outcome.year, previous: sourceOf(earlier), current: outcome.source });
      sha256s.write(outcome.sha256, 32 * file, 'hex');
      fromRun.set(id, file);
      yield outcome;
    }
    progress?.done();
    // The earlier dataset: the same file keeps its stored row, a different one has replaced it.
    const stored = new Set<string>();
    for (const record of existing) {
      const id = reportId(record);
      stored.add(id);
      const current = fromRun.get(id);
      if (current === undefined) {
        summary.kept++;
      } else if (sha256Of(current) === record.sha256) {
        summary.unchanged++;
      } else {
        summary.replaced.push({ agency: record.agency, year: record.year, previous: record.source, current: sourceOf(current) });
        changed = true;
        continue;
      }
      yield record;
    }
    for (const id of fromRun.keys()) {
      if (stored.has(id)) continue;
      summary.added++;
      changed = true;
    }
    summary.reports = stored.size + summary.added;
  }

  const writeAnyway = options.fresh || !(await hasDataset(options.outDir));
  try {
    summary.written = await writeDataset(reports(), {
      outDir: options.outDir,
      builtAt: options.builtAt,
      synthetic: false,
      carryOver: true,
      onStage: (stage) => {
        if (stage === 'staged' && (summary.reports === 0 || !(changed || writeAnyway))) throw new NothingChanged();
        if (stage === 'staged' && progress && summary.reports >= 1000) process.stderr.write(`writing ${summary.reports} reports to ${options.outDir}…\n`);
      },
    });
  } catch (error) {
    if (!(error instanceof NothingChanged)) throw error;
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
