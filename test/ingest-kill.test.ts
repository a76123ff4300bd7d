/**
 * An ingest SIGKILLed at random moments — while parsing, staging, building atlas.duckdb,
 * writing Parquet, writing the manifest or committing — leaves the previous dataset
 * byte-identical and readable with @duckdb/node-api; the next ingest completes the run
 * and clears the killed runs' temporary folders. Prints one row per kill point.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { parseReport } from '../src/report/parse.ts';
import { isFailure, type ReportRecord } from '../src/report/record.ts';
import { renderReport } from '../src/report/render.ts';
import { DATASET_FILES, recoverInterrupted } from '../src/data/node/dataset-writer.ts';
import { ingest } from '../src/cli/lib/ingest.ts';
import type { Manifest } from '../src/data/schema.ts';

/** Reports in the killed run (enough that writing takes a few seconds). */
const NEW_REPORTS = 1500;
const KILLS = Number(process.env.KILL_POINTS ?? 7);

let root: string;
let out: string;
let input: string;
let before: Record<string, string>;
let previousReports: number;

const digestDir = async (dir: string): Promise<Record<string, string>> => Object.fromEntries(await Promise.all(
  (await readdir(dir)).sort().map(async (f) => [f, createHash('sha256').update(await readFile(join(dir, f))).digest('hex')] as const),
));

/** Opens the dataset with DuckDB: the DuckDB file and each Parquet file hold the rows the manifest says. */
async function readable(dir: string): Promise<number> {
  const manifest = JSON.parse(await readFile(join(dir, DATASET_FILES.manifest), 'utf8')) as Manifest;
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`ATTACH '${join(dir, DATASET_FILES.database)}' AS atlas (READ_ONLY)`);
    const count = async (sql: string) => Number((await conn.runAndReadAll(sql)).getColumns()[0]![0]);
    expect(await count('SELECT count(*) FROM atlas.reports')).toBe(manifest.reports);
    for (const f of manifest.files.filter((x) => x.format === 'parquet')) {
      expect(await count(`SELECT count(*) FROM read_parquet('${join(dir, f.path)}')`), f.path).toBe(f.rows);
    }
    return manifest.reports;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** How far a write got, from what is in its temporary folder (or the folder set aside at commit). */
async function stageOf(parent: string, name: string, pid: number): Promise<string> {
  const entries = await readdir(parent).catch(() => [] as string[]);
  // This child's folders only: earlier killed runs leave theirs until the next write clears them.
  const prefix = `.${name}.tmp-${pid}-`;
  if (entries.some((e) => e.startsWith(prefix) && e.endsWith('.old'))) return 'commit';
  const tmp = entries.find((e) => e.startsWith(prefix));
  if (!tmp) return 'parse';
  const files = await readdir(join(parent, tmp)).catch(() => [] as string[]);
  if (files.includes(DATASET_FILES.manifest)) return 'manifest';
  if (files.includes(DATASET_FILES.reports)) return 'parquet';
  if (files.includes(DATASET_FILES.database)) return 'database';
  return 'staging';
}

/**
 * Runs `ingest` as a child and SIGKILLs it `delayMs` after it starts, or after its write
 * began (its temporary folder appeared) when `fromWrite`; Infinity lets it finish.
 * Returns the stage last seen, how it ended, and when the write began.
 */
async function runChild(delayMs: number, fromWrite = false): Promise<{ stage: string; exit: string; ms: number; writeAt: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', input, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += String(d); });
  const t0 = performance.now();
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
  let stage = 'start';
  let writeAt: number | null = null;
  const running = () => child.exitCode === null && child.signalCode === null;
  const due = () => {
    const now = performance.now();
    return fromWrite ? writeAt !== null && now - t0 - writeAt >= delayMs : now - t0 >= delayMs;
  };
  while (running() && !due()) {
    stage = await stageOf(dirname(out), basename(out), child.pid!);
    if (writeAt === null && stage !== 'parse') writeAt = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 5));
  }
  if (running()) {
    stage = await stageOf(dirname(out), basename(out), child.pid!);
    child.kill('SIGKILL');
  }
  const exit = await exited;
  if (exit !== 'SIGKILL' && exit !== 'exit 0') throw new Error(`ingest ${exit}: ${stderr}`);
  return { stage: exit === 'exit 0' ? 'done' : stage, exit, ms: Math.round(performance.now() - t0), writeAt: writeAt === null ? null : Math.round(writeAt) };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'atlas-kill-'));
  out = join(root, 'data');
  input = join(root, 'in');
  await mkdir(input);
  const seedBytes = new Uint8Array(readFileSync('data/reports/seed/gongnong-2022.txt'));
  const seed = parseReport({ source: 'seed', bytes: seedBytes, sha256: 'x' });
  if (isFailure(seed)) throw new Error(seed.error);
  for (let i = 0; i < NEW_REPORTS; i++) {
    const record: ReportRecord = { ...seed, agency: `测试机关${i}`, figures: { ...seed.figures, licensing: i } };
    await writeFile(join(input, `r${String(i).padStart(5, '0')}.txt`), renderReport(record, i % 2 ? 'tab' : 'pipe'));
  }
  await ingest(['data/reports'], { outDir: out, progress: false });
  before = await digestDir(out);
  previousReports = await readable(out);
}, 300_000);
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

describe('ingest killed at random moments', () => {
  it(`leaves the previous dataset byte-identical and readable (${KILLS} kill points), and a rerun completes`, async () => {
    // How long a whole run and its write phase take here (on a copy of the previous dataset), so kill points spread over both.
    const realOut = out;
    out = join(root, 'calibrate');
    await cp(realOut, out, { recursive: true });
    const full = await runChild(Infinity);
    out = realOut;
    const writeMs = full.ms - (full.writeAt ?? 0);
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    const anyTime = fc.sample(fc.integer({ min: 100, max: full.ms }), { numRuns: Math.floor(KILLS / 3), seed });
    const inWrite = fc.sample(fc.integer({ min: 0, max: writeMs }), { numRuns: KILLS - anyTime.length, seed: seed + 1 });
    const points = [...anyTime.map((d) => [d, false] as const), ...inWrite.map((d) => [d, true] as const)];
    const rows: Record<string, unknown>[] = [];
    for (const [delay, fromWrite] of points) {
      const run = await runChild(delay, fromWrite);
      let outcome: string;
      const outExists = await stat(out).then(() => true, () => false);
      if (!outExists) {
        // Killed between the two renames of the commit: the next ingest (or write) puts the previous dataset back.
        await recoverInterrupted(out);
        outcome = 'restored by recovery';
      } else outcome = 'unchanged';
      const now = await digestDir(out);
      if (run.exit === 'exit 0' || JSON.stringify(now) !== JSON.stringify(before)) {
        // Finished before the kill landed: the new dataset, complete. Start the next kill from the old one again.
        expect(await readable(out)).toBe(previousReports + NEW_REPORTS);
        outcome = 'finished (new dataset complete)';
        await rm(out, { recursive: true });
        await ingest(['data/reports'], { outDir: out, progress: false, fresh: true });
        before = await digestDir(out);
      } else {
        expect(now).toEqual(before);
        expect(await readable(out)).toBe(previousReports);
      }
      rows.push({ 'kill at ms': fromWrite ? `write start + ${delay}` : delay, 'stage seen': run.stage, exit: run.exit, dataset: outcome });
    }
    console.log(`ingest of ${NEW_REPORTS} reports into the corpus dataset takes ${full.ms} ms here, the write ${writeMs} ms of it (seed ${seed}); kill points:`);
    console.table(rows);
    expect(rows.filter((r) => r.exit === 'SIGKILL').length).toBeGreaterThanOrEqual(Math.ceil(KILLS / 2));

    // The rerun completes the killed ingest and clears every temporary folder.
    const summary = await ingest([input], { outDir: out, progress: false });
    expect(summary.reports).toBe(previousReports + NEW_REPORTS);
    expect(await readable(out)).toBe(previousReports + NEW_REPORTS);
    expect((await readdir(root)).filter((n) => n.startsWith('.data.tmp-'))).toEqual([]);
  }, 600_000);
});
