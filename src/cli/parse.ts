/**
 * `npm run --silent parse -- FILE...`: parse report files and print one JSON object per
 * file, in order, one per line (the record, or `{source, error}`). Exits non-zero only
 * when no file parsed.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { MAX_REPORT_BYTES, parseReport } from '../report/parse.ts';
import { isFailure, type ParseOutcome } from '../report/record.ts';

/** The JSON line printed for one outcome (stable field order). */
export function outcomeJson(outcome: ParseOutcome): string {
  if (isFailure(outcome)) return JSON.stringify({ source: outcome.source, error: outcome.error });
  const r = outcome;
  return JSON.stringify({
    source: r.source, sha256: r.sha256, agency: r.agency, agency_kind: r.agency_kind, province: r.province, city: r.city,
    district: r.district, region_code: r.region_code, year: r.year, template: r.template, figures: r.figures,
    complete: r.complete, checks: r.checks, warnings: r.warnings,
  });
}

/** Read and parse one file; files over the size limit are refused without being read. */
export async function parseFile(path: string): Promise<ParseOutcome> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { source: path, error: 'not a regular file' };
    size = info.size;
  } catch (error) {
    return { source: path, error: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  if (size > MAX_REPORT_BYTES) {
    return { source: path, error: `file too large: ${size} bytes (limit ${MAX_REPORT_BYTES} bytes); not read` };
  }
  let bytes: Uint8Array;
  const handle = await open(path, 'r');
  try {
    // Read at most limit + 1 bytes, in case the file grew since stat.
    const buffer = Buffer.allocUnsafe(Math.min(size, MAX_REPORT_BYTES) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) break;
    }
    if (filled > MAX_REPORT_BYTES) return { source: path, error: `file too large: over ${MAX_REPORT_BYTES} bytes; not read` };
    bytes = buffer.subarray(0, filled);
  } catch (error) {
    return { source: path, error: `cannot read file: ${(error as Error).message}` };
  } finally {
    await handle.close();
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  try {
    return parseReport({ source: path, bytes, sha256 });
  } catch (error) {
    return { source: path, error: `parser failed: ${(error as Error).message}` };
  }
}

/** Parse files in order, writing one JSON line each; returns how many parsed. */
export async function parseFiles(paths: readonly string[], write: (line: string) => void): Promise<number> {
  let parsed = 0;
  for (const path of paths) {
    const outcome = await parseFile(path);
    if (!isFailure(outcome)) parsed++;
    write(outcomeJson(outcome));
  }
  return parsed;
}

async function main(): Promise<number> {
  const paths = process.argv.slice(2).filter((a) => a !== '--');
  if (paths.length === 0 || paths.includes('--help') || paths.includes('-h')) {
    console.error('usage: npm run --silent parse -- FILE...');
    return paths.length === 0 ? 2 : 0;
  }
  const parsed = await parseFiles(paths, (line) => process.stdout.write(`${line}\n`));
  return parsed > 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then((code) => { process.exitCode = code; }, (error: unknown) => {
    console.error(`parse failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
