/**
 * `npm run ingest -- FILES_OR_FOLDERS [--out DIR]`: parse report files and merge them
 * into the dataset in DIR (default public/data). Exits non-zero only if nothing parsed.
 */
import { parseArgs } from 'node:util';
import { formatSummary, ingest } from './lib/ingest.ts';

const USAGE = 'usage: npm run ingest -- FILES_OR_FOLDERS... [--out DIR]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { out: { type: 'string', default: 'public/data' }, help: { type: 'boolean', short: 'h' } } });
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
  const summary = await ingest(args.positionals, { outDir });
  console.log(formatSummary(summary, outDir));
  return summary.parsed > 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(`ingest failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
