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
import { DuckDBInstance, LIST, VARCHAR, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { ReportRecord } from '../../report/record.ts';
import { TABLE3_ROWS, APPLICANT_COLUMN_KEYS, columnOf } from '../../report/template.ts';
import { rollupSelectSql } from '../sql/rollup.ts';
import { firstViewQueries, type FirstView } from '../first-view.ts';
import { REPORT_COLUMNS, SCHEMA_VERSION, applicationCellsSql, createTableSql, type DatasetTable, type Manifest, type ManifestFile } from '../schema.ts';
import { STAGING_CHECK_COLUMNS, STAGING_FIGURE_COLUMNS, STAGING_META_COLUMNS, reportId, stagingChecks, stagingFigures, stagingMeta } from './rows.ts';

/** File names of the dataset inside the output directory. */
export const DATASET_FILES = {
  reports: 'reports.parquet',
  application_cells: 'application_cells.parquet',
  checks: 'checks.parquet',
  rollup: 'rollup.parquet',
  database: 'atlas.duckdb',
  firstView: 'first-view.json',
  manifest: 'manifest.json',
} as const;

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
const SORT_KEYS = 'year, province, city, district, agency, report_id';

const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** Appends rows value by value through the appender (no intermediate JS chunk). */
class RowAppender {
  private readonly writers: ((v: unknown) => void)[];

  constructor(private readonly appender: DuckDBAppender, sqlTypes: readonly string[]) {
    const a = appender;
    const listType = LIST(VARCHAR);
    this.writers = sqlTypes.map((t): ((v: unknown) => void) => {
      switch (t) {
        case 'BIGINT': return (v) => a.appendBigInt(BigInt(v as number));
        case 'INTEGER': return (v) => a.appendInteger(v as number);
        case 'DOUBLE': return (v) => a.appendDouble(v as number);
        case 'BOOLEAN': return (v) => a.appendBoolean(v as boolean);
        case 'VARCHAR': return (v) => a.appendVarchar(v as string);
        case 'VARCHAR[]': return (v) => a.appendList(v as string[], listType);
        default: throw new Error(`dataset writer: no appender for column type ${t}`);
      }
    });
  }

  push(values: readonly unknown[]): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) this.appender.appendNull();
      else this.writers[i]!(v);
    }
    this.appender.endRow();
  }

  close(): void {
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
  onProgress?: (records: number) => void,
): Promise<number> {
  const stagingCols = [...STAGING_META_COLUMNS, ...STAGING_FIGURE_COLUMNS.map(([c, t]) => [c, t] as const)];
  await connection.run(`CREATE TABLE staging (${stagingCols.map(([c, t]) => `${q(c)} ${t}`).join(', ')})`);
  await connection.run(`CREATE TABLE staging_checks (${STAGING_CHECK_COLUMNS.map(([c, t]) => `${q(c)} ${t}`).join(', ')})`);
  const reports = new RowAppender(await connection.createAppender('staging'), stagingCols.map(([, t]) => t));
  const checks = new RowAppender(await connection.createAppender('staging_checks'), STAGING_CHECK_COLUMNS.map(([, t]) => t));
  let seq = 0;
  for await (const record of asAsync(records)) {
    const id = reportId(record);
    reports.push([...stagingMeta(record, id, seq), ...stagingFigures(record)]);
    for (const row of stagingChecks(record, id, seq)) checks.push(row);
    seq++;
    if (seq % PROGRESS_EVERY === 0) onProgress?.(seq);
  }
  reports.close();
  checks.close();
  onProgress?.(seq);
  return seq;
}

/** SQL creating the sorted published tables in schema `db` from the staging tables. */
function buildTablesSql(db: string): string[] {
  const reportCols = REPORT_COLUMNS.map(([c]) => q(c)).join(', ');
  const cellCols = TABLE3_ROWS.flatMap((r) => APPLICANT_COLUMN_KEYS.map((a) => q(columnOf(`${r.row}.${a}`))));
  return [
    // One row per report id (last appended wins), stored in the published sort order.
    `CREATE TABLE pick AS SELECT seq, row_number() OVER (ORDER BY ${SORT_KEYS}) AS pos
       FROM (SELECT seq, report_id, year, province, city, district, agency FROM staging
             QUALIFY row_number() OVER (PARTITION BY report_id ORDER BY seq DESC) = 1)`,
    `CREATE TABLE kept AS SELECT s.*, p.pos FROM staging s JOIN pick p USING (seq) ORDER BY p.pos`,
    `${createTableSql('reports', `${db}.reports`)}`,
    `INSERT INTO ${db}.reports SELECT ${reportCols} FROM kept ORDER BY pos`,
    // UNPIVOT keeps the scan order of kept and the printed column order (insertion order is
    // preserved), so the long table comes out sorted without sorting millions of cells.
    // Table-3 cells stay wide in the database (the browser's application_cells is a view
    // over them); the long form is only written to the Parquet download (see writeDataset).
    `${createTableSql('report_cells', `${db}.report_cells`)}`,
    `INSERT INTO ${db}.report_cells SELECT report_id, year, ${cellCols.join(', ')} FROM kept ORDER BY pos`,
    `${createTableSql('rollup', `${db}.rollup`)}`,
    `INSERT INTO ${db}.rollup ${rollupSelectSql('kept')}`,
    `${createTableSql('checks', `${db}.checks`)}`,
    `INSERT INTO ${db}.checks
       SELECT c.report_id, c.year, c.check_id, c."column", c.expected, c.actual
       FROM staging_checks c JOIN kept k ON k.report_id = c.report_id AND k.seq = c.seq
       ORDER BY k.pos, c.check_id, c."column"`,
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
  const ours = new Set<string>(Object.values(DATASET_FILES));
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
    const appended = await stageRecords(connection, records, options.onProgress);
    await options.onStage?.('staged');

    const dbPath = join(tmpDir, DATASET_FILES.database);
    await connection.run(`ATTACH ${sqlString(dbPath)} AS atlas`);
    for (const sql of buildTablesSql('atlas')) await connection.run(sql);
    await options.onStage?.('database');

    const tables: DatasetTable[] = ['reports', 'application_cells', 'checks', 'rollup'];
    const files: ManifestFile[] = [];
    for (const table of tables) {
      const path = join(tmpDir, DATASET_FILES[table]);
      // UNPIVOT keeps the scan order of report_cells (sorted like reports) and the printed column order.
      const source = table === 'application_cells' ? `(${applicationCellsSql('atlas.report_cells')})` : `atlas.${table}`;
      await connection.run(`COPY ${source} TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`);
      const rows = table === 'application_cells' ? await countRows(connection, `read_parquet(${sqlString(path)})`) : await countRows(connection, `atlas.${table}`);
      files.push({ path: DATASET_FILES[table], table, format: 'parquet', rows, bytes: 0 });
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
