/**
 * `npm run ingest -- FILES_OR_FOLDERS [--out DIR] [--workers N]`: parse report files and
 * merge them into the dataset in DIR (default public/data), parsing on N worker threads
 * (default 0: in-process). Exits non-zero only if nothing parsed.
 */
import { parseArgs } from 'node:util';
import { formatSummary, ingest } from './lib/ingest.ts';

const USAGE = 'usage: npm run ingest -- FILES_OR_FOLDERS... [--out DIR] [--workers N]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { out: { type: 'string', default: 'public/data' }, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.positionals.length === 0) {
    console.error(`no files or folders given\n${USAGE}`);
    return 2;
  }
  const outDir = args.values.out;
  const workers = args.values.workers === undefined ? undefined : Number(args.values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) {
    console.error(`--workers must be a whole number ≥ 0, got ${args.values.workers}\n${USAGE}`);
    return 2;
  }
  const summary = await ingest(args.positionals, { outDir, workers });
  console.log(formatSummary(summary, outDir));
  return summary.parsed > 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(`ingest failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
