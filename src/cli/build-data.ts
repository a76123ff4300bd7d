/**
 * `npm run build:data`: rebuild public/data from the project's copy of the corpus
 * (data/reports/seed and data/reports/real; expected.jsonl files are not inputs).
 * Deterministic except the manifest's built_at.
 */
import { formatSummary, ingest } from './lib/ingest.ts';

const INPUTS = ['data/reports/seed', 'data/reports/real'];
const OUT_DIR = 'public/data';

async function main(): Promise<number> {
  const summary = await ingest(INPUTS, { outDir: OUT_DIR, fresh: true });
  console.log(formatSummary(summary, OUT_DIR));
  return summary.parsed > 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(`build:data failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
