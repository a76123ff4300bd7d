/**
 * Writes the published dataset (Parquet per table, a DuckDB file with the same tables,
 * and manifest.json) from a stream of ReportRecords.
 *
 * Records are appended one by one through a DuckDB appender into a disk-backed staging database,
 * so a million records never sit in JS memory at once. Tables are then derived in SQL:
 * duplicates by report id resolved "last appended wins", rows sorted by year, province,
 * city, district, agency (zone maps prune over HTTP), table 3 unpivoted into the long
 * `application_cells` table. Everything is written into a temporary directory next to
 * the output and renamed into place at the end: an interrupted write leaves the previous
 * dataset untouched.
 */
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { BOOLEAN, DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER, VARCHAR, type DuckDBAppender, type DuckDBConnection, type DuckDBType, type DuckDBValue, type DuckDBVector } from '@duckdb/node-api';
import type { ReportRecord } from '../../report/record.ts';
import { columnOf } from '../../report/template.ts';
import { peersSelectSql, rollupSelectSql } from '../sql/rollup.ts';
import { firstViewQueries, type FirstView } from '../first-view.ts';
import { DATASET_TABLES, PROVENANCE_COLUMNS, REPORT_CELL_COLUMNS, REPORT_COLUMNS, REPORT_ORDER, SCHEMA_VERSION, createTableSql, type DatasetTable, type Manifest, type ManifestFile } from '../schema.ts';
import { STAGING_CHECK_COLUMNS, STAGING_FIGURE_COLUMNS, STAGING_META_COLUMNS, reportId, stagedListSql, stagingChecks, stagingFigures, stagingMeta } from './rows.ts';

/** File names of the dataset inside the output directory. */
export const DATASET_FILES = {
  reports: 'reports.parquet',
  report_cells: 'report_cells.parquet',
  checks: 'checks.parquet',
  rollup: 'rollup.parquet',
  peers: 'peers.parquet',
  provenance: 'provenance.parquet',
  database: 'atlas.duckdb',
  firstView: 'first-view.json',
  manifest: 'manifest.json',
} as const;

/** Files of earlier dataset layouts: dropped, not carried over, when a dataset is replaced. */
const RETIRED_FILES = ['application_cells.parquet'];

/** Storage format of atlas.duckdb: the newest the browser's DuckDB-WASM reads (see the notes on v1.5.0). */
const DATABASE_STORAGE_VERSION = 'v1.4.0';

/** Stages of a write, reported to `onStage` (tests use it to interrupt a write). */
export type WriteStage = 'staged' | 'database' | 'parquet' | 'manifest' | 'commit';

export interface WriteDatasetOptions {
  /** Output directory: its dataset files are replaced atomically; other files in it are kept. */
  outDir: string;
  /** True when the records are generated rather than parsed. */
  synthetic?: boolean;
  /** Build time written to the manifest (default: now). */
  builtAt?: string;
  /** Called after each stage; a throw aborts the write and leaves `outDir` as it was. */
  onStage?: (stage: WriteStage) => void | Promise<void>;
  /** Called every 2,048 records (and at the end) with the number of records appended so far. */
  onProgress?: (records: number) => void;
  /**
   * DuckDB threads for the write (default 1: ingest is sized for one core; at 20k
   * reports on the shared 2-core machine two threads took 2.2× the CPU time of one in
   * the SQL phases and were no faster by the clock).
   */
  threads?: number;
  /**
   * Recompute check C5 (carry-over across years) over the reports written, in SQL: C5
   * results the records carry are dropped and each kept report is compared with the
   * same agency's report of the year before, as `checkCarryOver` does. Ingest sets it;
   * generated records carry their own C5 results.
   */
  carryOver?: boolean;
}

export interface WriteDatasetResult {
  manifest: Manifest;
  /** Records appended (before duplicates by report id were resolved). */
  appended: number;
  /** Total bytes of the dataset files. */
  bytes: number;
}

/** Records between progress callbacks. */
const PROGRESS_EVERY = 2048;
const SORT_KEYS = REPORT_ORDER.join(', ');

const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** Rows per DataChunk: DuckDB's vector size. */
const CHUNK_ROWS = 2048;

/** The node-api type of a staging column. */
function chunkType(sqlType: string): DuckDBType {
  switch (sqlType) {
    case 'INTEGER': return INTEGER;
    case 'DOUBLE': return DOUBLE;
    case 'BOOLEAN': return BOOLEAN;
    case 'VARCHAR': return VARCHAR;
    default: throw new Error(`dataset writer: no staging type for column type ${sqlType}`);
  }
}

/**
 * Appends rows column-wise: values go into the JS-side vectors of a DataChunk (typed
 * arrays for numbers) and a full chunk of 2,048 rows is handed to DuckDB in one call.
 * Per-value appender calls cost ~0.4 µs each across the native boundary, and a report
 * has ~240 values.
 */
class ChunkAppender {
  private readonly types: DuckDBType[];
  private chunk: DuckDBDataChunk | null = null;
  private vectors: DuckDBVector[] = [];
  private rows = 0;

  constructor(private readonly appender: DuckDBAppender, private readonly columns: readonly (readonly [string, string])[]) {
    this.types = columns.map(([, t]) => chunkType(t));
  }

  /** Appends one row, its values given in consecutive parts (no concatenated copy); `what` names the record in an error. */
  push(parts: readonly (readonly unknown[])[], what: () => string): void {
    if (!this.chunk) {
      // One chunk and its JS-side vectors serve every batch: creating them costs a copy of each vector.
      this.chunk = DuckDBDataChunk.create(this.types, CHUNK_ROWS);
      this.vectors = this.types.map((_, i) => this.chunk!.getColumnVector(i));
    }
    const row = this.rows;
    let column = 0;
    for (const values of parts) {
      for (let i = 0; i < values.length; i++, column++) {
        try {
          (this.vectors[column] as DuckDBVector<DuckDBValue>).setItem(row, (values[i] ?? null) as DuckDBValue);
        } catch (error) {
          throw new Error(`${what()}: column ${this.columns[column]![0]} (${this.columns[column]![1]}) cannot hold ${JSON.stringify(values[i])}: ${(error as Error).message}`);
        }
      }
    }
    if (++this.rows === CHUNK_ROWS) this.flush();
  }

  /** Hands the rows so far to DuckDB (every value of a full chunk is overwritten before the next flush). */
  private flush(): void {
    const chunk = this.chunk;
    if (!chunk || this.rows === 0) return;
    for (const v of this.vectors) v.flush();
    if (this.rows < CHUNK_ROWS) {
      // Only the last batch is short; resizing drops the JS-side vectors, so the chunk is not reused after it.
      chunk.rowCount = this.rows;
      this.chunk = null;
    }
    this.appender.appendDataChunk(chunk);
    this.rows = 0;
  }

  close(): void {
    this.flush();
    this.appender.closeSync();
  }
}

async function* asAsync<T>(items: Iterable<T> | AsyncIterable<T>): AsyncIterable<T> {
  yield* items;
}

/** Appends every record to the staging tables; returns the number appended. */
async function stageRecords(
  connection: DuckDBConnection,
  records: Iterable<ReportRecord> | AsyncIterable<ReportRecord>,
  { onProgress, carryOver }: Pick<WriteDatasetOptions, 'onProgress' | 'carryOver'>,
): Promise<number> {
  const stagingCols = [...STAGING_META_COLUMNS, ...STAGING_FIGURE_COLUMNS.map(([c, t]) => [c, t] as const)];
  await connection.run(`CREATE TABLE staging (${stagingCols.map(([c, t]) => `${q(c)} ${t}`).join(', ')})`);
  await connection.run(`CREATE TABLE staging_checks (${STAGING_CHECK_COLUMNS.map(([c, t]) => `${q(c)} ${t}`).join(', ')})`);
  const reports = new ChunkAppender(await connection.createAppender('staging'), stagingCols);
  const checks = new ChunkAppender(await connection.createAppender('staging_checks'), STAGING_CHECK_COLUMNS);
  let seq = 0;
  for await (const staged of asAsync(records)) {
    const record = carryOver && staged.checks.some((c) => c.check === 'C5') ? { ...staged, checks: staged.checks.filter((c) => c.check !== 'C5') } : staged;
    const id = reportId(record);
    const what = (): string => `record ${seq + 1} (${record.source})`;
    reports.push([stagingMeta(record, id, seq), stagingFigures(record)], what);
    for (const row of stagingChecks(record, id, seq)) checks.push([row], what);
    seq++;
    if (seq % PROGRESS_EVERY === 0) onProgress?.(seq);
  }
  reports.close();
  checks.close();
  onProgress?.(seq);
  return seq;
}

/** SQL picking one staged row per report id (last appended wins), numbered in the published sort order. */
const PICK_SQL = `CREATE TABLE pick AS SELECT seq, row_number() OVER (ORDER BY ${SORT_KEYS}) AS pos
  FROM (SELECT seq, report_id, year, province, city, district, agency FROM staging
        QUALIFY row_number() OVER (PARTITION BY report_id ORDER BY seq DESC) = 1)`;

/**
 * SQL adding check C5 to the picked reports, as `checkCarryOver` (src/report/checks.ts)
 * computes it: an agency (region code + agency name, the source standing in for a missing
 * name) lines up with its report of the year before (the last appended if several), and
 * a carried-over total differing from last year's carried-forward total fails (both
 * printed). The failure is staged as a check row and counted in `failed_checks`.
 */
function carryOverSql(): string[] {
  const forward = q(columnOf('carried_forward.total'));
  const over = q(columnOf('carried_over.total'));
  return [
    `CREATE TEMP TABLE carry_over AS
       WITH kept AS (
         SELECT seq, report_id, year, coalesce(region_code, '') || '|' || coalesce(agency, source) AS who, ${forward} AS forward, ${over} AS over
         FROM staging JOIN pick USING (seq) WHERE year IS NOT NULL),
       last_of_year AS (SELECT who, year, forward FROM kept QUALIFY row_number() OVER (PARTITION BY who, year ORDER BY seq DESC) = 1)
       SELECT k.seq, k.report_id, k.year, 'C5' AS check_id, 'total' AS "column", p.forward AS expected, k.over AS actual
       FROM kept k JOIN last_of_year p ON p.who = k.who AND p.year = k.year - 1
       WHERE p.forward IS NOT NULL AND k.over IS NOT NULL AND p.forward <> k.over`,
    'INSERT INTO staging_checks SELECT * FROM carry_over',
    'UPDATE staging SET failed_checks = failed_checks + 1 WHERE seq IN (SELECT seq FROM carry_over)',
  ];
}

/** SQL creating the sorted published tables in schema `db` from the staging tables (and `pick`). */
function buildTablesSql(db: string): string[] {
  const staged = (c: string): string => (c === 'warnings' ? `${stagedListSql(c)} AS warnings` : q(c));
  const cellCols = REPORT_CELL_COLUMNS.map(([c]) => q(c)).join(', ');
  // Each table reads only its columns of the staging table, in the published order: no
  // sorted copy of the whole wide staging table (that copy cost as much as the tables).
  const sorted = (cols: string): string => `SELECT ${cols} FROM staging JOIN pick USING (seq) ORDER BY pos`;
  return [
    createTableSql('reports', `${db}.reports`),
    `INSERT INTO ${db}.reports ${sorted(REPORT_COLUMNS.map(([c]) => staged(c)).join(', '))}`,
    // Table-3 cells stay wide (the browser's application_cells is a view over them).
    createTableSql('report_cells', `${db}.report_cells`),
    `INSERT INTO ${db}.report_cells ${sorted(cellCols)}`,
    createTableSql('rollup', `${db}.rollup`),
    `INSERT INTO ${db}.rollup ${rollupSelectSql('(SELECT * FROM staging JOIN pick USING (seq))')}`,
    createTableSql('peers', `${db}.peers`),
    `INSERT INTO ${db}.peers ${peersSelectSql(`${db}.reports`)}`,
    createTableSql('checks', `${db}.checks`),
    `INSERT INTO ${db}.checks
       SELECT c.report_id, c.year, c.check_id, c."column", c.expected, c.actual
       FROM staging_checks c JOIN pick p USING (seq)
       ORDER BY p.pos, c.check_id, c."column"`,
    // Provenance goes to its own Parquet file only (see PROVENANCE_COLUMNS); staged here.
    `CREATE TABLE provenance AS ${sorted(PROVENANCE_COLUMNS.map(([c]) => q(c)).join(', '))}`,
  ];
}

/** Runs the default Overview's queries on the finished tables (attached as `atlas`) and writes their rows as the first view. */
async function writeFirstView(connection: DuckDBConnection, path: string, builtAt: string): Promise<void> {
  for (const table of ['reports', 'checks', 'rollup'] as const) await connection.run(`CREATE OR REPLACE VIEW ${table} AS SELECT * FROM atlas.${table}`);
  const queries: FirstView['queries'] = {};
  for (const sql of firstViewQueries()) {
    const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
    queries[sql] = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  }
  const view: FirstView = { built_at: builtAt, queries };
  await writeFile(path, JSON.stringify(view));
}

async function countRows(connection: DuckDBConnection, table: string): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT CAST(count(*) AS INTEGER) FROM ${table}`);
  return Number(reader.getColumns()[0]![0]);
}

/** Moves files that are not the writer's from the previous output folder into the new one. */
async function carryOverOtherFiles(from: string, to: string): Promise<void> {
  const ours = new Set<string>([...Object.values(DATASET_FILES), ...RETIRED_FILES]);
  for (const name of await readdir(from).catch(() => [] as string[])) {
    if (ours.has(name)) continue;
    await rename(join(from, name), join(to, name)).catch(() => undefined);
  }
}

/**
 * Moves `tmpDir` into place as `outDir`: the old folder is renamed aside, the new one
 * renamed in, then files in the old folder that are not the writer's are carried over.
 * A crash between the two renames is repaired by the next write (see recoverInterrupted).
 */
async function commitDir(tmpDir: string, outDir: string): Promise<void> {
  const hasOld = await stat(outDir).then((s) => s.isDirectory(), () => false);
  if (!hasOld) {
    await rename(tmpDir, outDir);
    return;
  }
  const trash = `${tmpDir}.old`;
  await rename(outDir, trash);
  await rename(tmpDir, outDir);
  await carryOverOtherFiles(trash, outDir);
  await rm(trash, { recursive: true, force: true });
}

/**
 * Cleans up after writes to `outDir` whose process is gone (killed mid-write): their
 * temporary folders are removed, and a previous dataset renamed aside is put back if the
 * new one never made it into place (or its other files carried over if it did).
 */
export async function recoverInterrupted(outDir: string): Promise<void> {
  const parent = dirname(outDir);
  const prefix = `.${basename(outDir)}.tmp-`;
  const names = (await readdir(parent).catch(() => [] as string[])).filter((n) => n.startsWith(prefix) && !processAlive(n.slice(prefix.length)));
  for (const name of names.filter((n) => n.endsWith('.old'))) {
    const old = join(parent, name);
    const outExists = await stat(outDir).then(() => true, () => false);
    if (!outExists) {
      await rename(old, outDir);
    } else {
      await carryOverOtherFiles(old, outDir);
      await rm(old, { recursive: true, force: true });
    }
  }
  for (const name of names.filter((n) => !n.endsWith('.old'))) await rm(join(parent, name), { recursive: true, force: true });
}

/** False when the process id leading `tag` (`<pid>-…`) no longer runs. */
function processAlive(tag: string): boolean {
  const pid = Number(tag.split('-')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Writes the dataset for `records` into `options.outDir`: reports, application_cells and
 * checks as zstd Parquet, the same tables in `atlas.duckdb`, and `manifest.json`.
 * Records sharing a report id (agency + year) keep the last one appended.
 */
export async function writeDataset(
  records: Iterable<ReportRecord> | AsyncIterable<ReportRecord>,
  options: WriteDatasetOptions,
): Promise<WriteDatasetResult> {
  const outDir = resolve(options.outDir);
  const parent = dirname(outDir);
  await mkdir(parent, { recursive: true });
  await recoverInterrupted(outDir);
  const tmpDir = join(parent, `.${basename(outDir)}.tmp-${process.pid}-${Date.now().toString(36)}`);
  await mkdir(tmpDir);
  const stagingPath = join(tmpDir, '.staging.duckdb');
  const instance = await DuckDBInstance.create(stagingPath);
  const connection = await instance.connect();
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    connection.closeSync();
    instance.closeSync();
  };
  try {
    await connection.run(`SET temp_directory = ${sqlString(join(tmpDir, '.spill'))}`);
    await connection.run('SET preserve_insertion_order = true');
    await connection.run(`SET threads = ${Math.max(1, Math.floor(options.threads ?? 1))}`);
    const appended = await stageRecords(connection, records, options);
    await options.onStage?.('staged');

    const dbPath = join(tmpDir, DATASET_FILES.database);
    // v1.4.0 is the newest storage format DuckDB-WASM 1.32 (DuckDB 1.4.3) reads, and 5% smaller than the default.
    await connection.run(`ATTACH ${sqlString(dbPath)} AS atlas (STORAGE_VERSION '${DATABASE_STORAGE_VERSION}')`);
    await connection.run(PICK_SQL);
    if (options.carryOver) for (const sql of carryOverSql()) await connection.run(sql);
    for (const sql of buildTablesSql('atlas')) await connection.run(sql);
    await options.onStage?.('database');

    const files: ManifestFile[] = [];
    for (const table of Object.keys(DATASET_TABLES) as DatasetTable[]) {
      const path = join(tmpDir, DATASET_FILES[table]);
      const source = table === 'provenance' ? table : `atlas.${table}`;
      await connection.run(`COPY ${source} TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`);
      files.push({ path: DATASET_FILES[table], table, format: 'parquet', rows: await countRows(connection, source), bytes: 0 });
    }
    await options.onStage?.('parquet');

    const reportCount = files[0]!.rows;
    const builtAt = options.builtAt ?? new Date().toISOString();
    await writeFirstView(connection, join(tmpDir, DATASET_FILES.firstView), builtAt);
    const yearsReader = await connection.runAndReadAll(
      'SELECT DISTINCT year FROM atlas.reports WHERE year IS NOT NULL ORDER BY year',
    );
    const years = yearsReader.getColumns()[0]!.map(Number);
    await connection.run('CHECKPOINT atlas');
    await connection.run('DETACH atlas');
    // The staging database is deleted next: writing it back on close would be wasted work.
    await connection.run('PRAGMA disable_checkpoint_on_shutdown');
    close();
    await rm(stagingPath, { force: true });
    await rm(`${stagingPath}.wal`, { force: true });
    await rm(join(tmpDir, '.spill'), { recursive: true, force: true });

    files.push({ path: DATASET_FILES.database, table: 'database', format: 'duckdb', rows: reportCount, bytes: 0 });
    files.push({ path: DATASET_FILES.firstView, table: 'first_view', format: 'json', rows: firstViewQueries().length, bytes: 0 });
    for (const f of files) f.bytes = (await stat(join(tmpDir, f.path))).size;
    const manifest: Manifest = {
      schema_version: SCHEMA_VERSION,
      built_at: builtAt,
      synthetic: options.synthetic ?? false,
      reports: reportCount,
      years,
      files,
    };
    await writeFile(join(tmpDir, DATASET_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    await options.onStage?.('manifest');

    await options.onStage?.('commit');
    await commitDir(tmpDir, outDir);
    return { manifest, appended, bytes: files.reduce((s, f) => s + f.bytes, 0) };
  } catch (error) {
    close();
    await rm(tmpDir, { recursive: true, force: true });
    throw error;
  }
}
