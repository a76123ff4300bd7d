/**
 * Reading and parsing one report file, as ingest does it in-process or in a worker.
 */
import { parseReport } from '../../report/parse.ts';
import type { ParseOutcome } from '../../report/record.ts';
import { readReportFile, type ReadReportResult } from './files.ts';

/** The parse outcome of the file at `path`, stored under `source`; read errors and parser crashes become failures. */
export async function parseFile(path: string, source: string): Promise<ParseOutcome> {
  return parseRead(source, await readReportFile(path));
}

/** The parse outcome of a file already read (or why it could not be), stored under `source`. */
export function parseRead(source: string, read: ReadReportResult): ParseOutcome {
  if ('error' in read) return { source, error: read.error };
  try {
    return parseReport({ source, bytes: read.bytes, sha256: read.sha256 });
  } catch (error) {
    return { source, error: `parser crashed: ${(error as Error).message}` };
  }
}
