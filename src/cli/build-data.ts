/**
 * `npm run build:data`: rebuild public/data from the project's copy of the corpus
 * (data/reports/seed and data/reports/real; expected.jsonl files are not inputs).
 * The Parquet files are deterministic; when they come out byte-identical to the ones
 * already there (and the manifest is of this schema version), the previous DuckDB file and
 * manifest are kept too, so an unchanged corpus leaves the committed dataset untouched
 * (DuckDB files are not byte-stable).
 */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DATASET_FILES } from '../data/node/dataset-writer.ts';
import { DATASET_TABLES, SCHEMA_VERSION, type DatasetTable, type Manifest } from '../data/schema.ts';
import { formatSummary, ingest } from './lib/ingest.ts';

const INPUTS = ['data/reports/seed', 'data/reports/real'];
const OUT_DIR = 'public/data';
const PARQUET = (Object.keys(DATASET_TABLES) as DatasetTable[]).map((t) => DATASET_FILES[t]);
// The first view names the manifest's build time, so it is kept with it.
const KEPT_IF_SAME = [DATASET_FILES.database, DATASET_FILES.manifest, DATASET_FILES.firstView];

async function digests(names: readonly string[]): Promise<string[] | null> {
  try {
    return await Promise.all(names.map(async (n) => createHash('sha256').update(await readFile(join(OUT_DIR, n))).digest('hex')));
  } catch {
    return null;
  }
}

/** The schema version a manifest's bytes state, or null when they are not a manifest. */
function schemaVersionOf(manifest: Buffer): number | null {
  try {
    return (JSON.parse(manifest.toString('utf8')) as Manifest).schema_version;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const before = await digests(PARQUET);
  const previous = before ? await Promise.all(KEPT_IF_SAME.map((n) => readFile(join(OUT_DIR, n)))) : null;
  const summary = await ingest(INPUTS, { outDir: OUT_DIR, fresh: true });
  console.log(formatSummary(summary, OUT_DIR));
  const after = await digests(PARQUET);
  // A manifest of another schema version is never kept: the app refuses it.
  const sameSchema = previous !== null && schemaVersionOf(previous[KEPT_IF_SAME.indexOf(DATASET_FILES.manifest)]!) === SCHEMA_VERSION;
  if (previous && sameSchema && before && after && before.join() === after.join()) {
    for (const [i, name] of KEPT_IF_SAME.entries()) {
      const tmp = join(OUT_DIR, `.${name}.keep`);
      await writeFile(tmp, previous[i]!);
      await rename(tmp, join(OUT_DIR, name));
    }
    console.log('tables unchanged: kept the previous atlas.duckdb and manifest.json');
  }
  return summary.parsed > 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(`build:data failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
