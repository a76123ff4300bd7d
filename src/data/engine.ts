/**
 * The browser's data engine: DuckDB-WASM (single-threaded `eh` bundle) in a Web Worker,
 * served from the app's own origin, reading the bundled `atlas.duckdb` with HTTP range
 * reads. Start it as early as possible; every query of the app goes through `runQuery`.
 */
import type * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { DATABASE_TABLES, SCHEMA_VERSION, applicationCellsSql, type Manifest } from './schema.ts';
import { firstViewRows, firstViewRowsNow, startFirstView } from './first-view.ts';
import { aggregateWarmupSql } from './sql/rollup.ts';

/** Why the data could not be loaded, naming the file at fault. */
export type DataErrorKind = 'missing' | 'corrupt' | 'schema' | 'columns';

/** A data loading failure the UI shows as an alert naming the file. */
export class DataError extends Error {
  constructor(readonly kind: DataErrorKind, readonly file: string, readonly detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'DataError';
  }
}

export type Row = Record<string, unknown>;

export interface Engine {
  manifest: Manifest;
  /** Runs SQL and returns plain rows (numbers, strings, booleans, null). */
  query: (sql: string) => Promise<Row[]>;
  db: duckdb.AsyncDuckDB;
  conn: duckdb.AsyncDuckDBConnection;
}

/** Start-up timings (ms since navigation start), read by benches and tests. */
export const timings: Record<string, number> = {};
function mark(name: string): void {
  timings[name] = Math.round(performance.now());
}

/** Base URL of the bundled dataset (`<app>/data/`). */
export function dataBaseUrl(): string {
  return new URL('data/', document.baseURI).href;
}

/** How long the data server may take to answer for manifest.json before the app says so. */
export const MANIFEST_TIMEOUT_MS = 20_000;

/** Fetches and validates manifest.json: known schema version, every field the app reads, a DuckDB file listed. */
export async function loadManifest(base = dataBaseUrl(), timeoutMs = MANIFEST_TIMEOUT_MS): Promise<Manifest> {
  const file = 'manifest.json';
  let res: Response;
  try {
    res = await fetch(new URL(file, base), { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const timedOut = e instanceof DOMException && e.name === 'TimeoutError';
    throw new DataError('missing', file, timedOut ? `no answer from the server after ${timeoutMs / 1000} s` : String(e));
  }
  if (!res.ok) throw new DataError('missing', file, `HTTP ${res.status}`);
  let m: Manifest;
  try { m = (await res.json()) as Manifest; } catch { throw new DataError('corrupt', file, 'not valid JSON'); }
  if (!m || typeof m !== 'object' || !Array.isArray(m.files)) throw new DataError('corrupt', file, 'no file list');
  if (m.schema_version !== SCHEMA_VERSION) {
    throw new DataError('schema', file, `schema_version ${String(m.schema_version)} (this app reads ${SCHEMA_VERSION})`);
  }
  const problem = manifestProblem(m);
  if (problem) throw new DataError('corrupt', file, problem);
  return m;
}

/** What is wrong with a manifest's fields (the app renders them), or null. */
function manifestProblem(m: Manifest): string | null {
  if (typeof m.built_at !== 'string') return 'field built_at missing or not text';
  if (typeof m.reports !== 'number' || !Number.isFinite(m.reports)) return 'field reports missing or not a number';
  if (!Array.isArray(m.years) || !m.years.every((y) => Number.isInteger(y))) return 'field years missing or not a list of years';
  if (typeof m.synthetic !== 'boolean') return 'field synthetic missing or not true/false';
  const bad = m.files.findIndex((f) => !f || typeof f !== 'object' || typeof f.path !== 'string' || f.path === '' || typeof f.format !== 'string');
  if (bad >= 0) return `files[${bad}] has no path or format`;
  // Paths stay inside the data folder: no scheme, no absolute path, no `..` (nothing is fetched from elsewhere).
  const outside = m.files.find((f) => /^[a-z][a-z0-9+.-]*:|^[\\/]|(^|[\\/])\.\.([\\/]|$)/i.test(f.path));
  if (outside) return `file path "${outside.path.slice(0, 80)}" points outside the data folder`;
  if (!m.files.some((f) => f.format === 'duckdb')) return 'lists no DuckDB file';
  return null;
}

function toPlain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object' && 'toArray' in v && typeof (v as { toArray: unknown }).toArray === 'function') {
    return Array.from((v as { toArray: () => ArrayLike<unknown> }).toArray(), toPlain);
  }
  return v;
}

async function instantiate(): Promise<{ db: duckdb.AsyncDuckDB; conn: duckdb.AsyncDuckDBConnection }> {
  // Loaded here, not at start-up: DuckDB's JS (and Arrow) stay out of the first paint.
  const duckdb = await import('@duckdb/duckdb-wasm');
  const worker = new Worker(workerUrl);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(wasmUrl);
  mark('wasmReady');
  await db.open({ path: ':memory:', filesystem: { forceFullHTTPReads: false, allowFullHTTPReads: false, reliableHeadRequests: true } });
  const conn = await db.connect();
  return { db, conn };
}

async function attach(conn: duckdb.AsyncDuckDBConnection, manifest: Manifest, base: string): Promise<void> {
  const entry = manifest.files.find((f) => f.format === 'duckdb')!;
  const url = new URL(entry.path, base).href;
  try {
    await conn.query(`ATTACH '${url.replace(/'/g, "''")}' AS src (READ_ONLY)`);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new DataError(/404|not found|no such file|HTTP/i.test(msg) && !/corrupt|magic|not a valid/i.test(msg) ? 'missing' : 'corrupt', entry.path, msg);
  }
  let cols: Row[];
  try {
    const res = await conn.query(`SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = 'src'`);
    cols = res.toArray().map((r) => r.toJSON() as Row);
  } catch (e) {
    throw new DataError('corrupt', entry.path, e instanceof Error ? e.message : String(e));
  }
  const missing: string[] = [];
  for (const [table, columns] of Object.entries(DATABASE_TABLES) as [string, readonly (readonly [string, string])[]][]) {
    const have = new Set(cols.filter((c) => c.table_name === table).map((c) => c.column_name));
    if (have.size === 0) { missing.push(table); continue; }
    for (const [c] of columns) if (!have.has(c)) missing.push(`${table}.${c}`);
  }
  if (missing.length) throw new DataError('columns', entry.path, missing.slice(0, 8).join(', ') + (missing.length > 8 ? ` (+${missing.length - 8})` : ''));
  // The long table-3 cells, as SQL and the Report view know them, unpivoted from the wide table.
  await conn.query(`CREATE OR REPLACE VIEW memory.main.application_cells AS ${applicationCellsSql('src.main.report_cells')}`);
  // The app's SQL names the file's tables directly: a search path, not a view per table
  // (binding a `SELECT *` view of a 130-column table cost 1–4 ms of every query).
  await conn.query(`SET search_path = 'src.main,memory.main'`);
}

let started: Promise<Engine> | null = null;
let engineReady = false;
let wantEngine: () => void = () => undefined;
const engineWanted = new Promise<void>((ok) => { wantEngine = ok; });
/** Longest wait for the first chart before the engine starts anyway. */
const ENGINE_DEFER_MAX_MS = 1500;

/** Tells the engine the first chart is on screen: its start-up may take the CPU now. */
export function firstChartDrawn(): void {
  wantEngine();
}

/** Longest wait for the rollup warm-up before the engine says it is ready anyway (slow server). */
const WARMUP_MAX_MS = 3_000;

/** Starts (once) the worker, the manifest fetch and the attach; resolves when queries can run. */
export function startEngine(): Promise<Engine> {
  if (started) return started;
  mark('engineStart');
  const base = dataBaseUrl();
  const manifestP = loadManifest(base);
  // The first view (rows of the default Overview) arrives long before the engine can answer;
  // when there is one, compiling the 33 MB wasm waits until the first chart is drawn or a
  // query needs the engine (on 2 cores it would otherwise slow the first paint down).
  const firstViewP = startFirstView(base, manifestP).catch(() => null);
  const dbP = firstViewP.then(async (fv) => {
    if (fv) await Promise.race([engineWanted, new Promise((ok) => setTimeout(ok, ENGINE_DEFER_MAX_MS))]);
    return instantiate();
  });
  started = (async () => {
    // Surface a manifest problem even while the wasm is still loading.
    const manifest = await manifestP;
    const { db, conn } = await dbP;
    await attach(conn, manifest, base);
    // Read every block of the rollup and peers once (≈ 8 MB at 1M reports): the first filter change of
    // each view then finds its aggregates in DuckDB's buffer instead of waiting for HTTP range
    // reads of 3–5 MB. The first view is served meanwhile. A read error here means the file
    // is damaged (e.g. cut short): say so now, as the first view would otherwise hide it.
    const warm = (async () => { for (const sql of aggregateWarmupSql()) await conn.query(sql); })().then(() => { mark('rollupWarm'); return null; }, (e: unknown) => e);
    const failed = await Promise.race([warm, new Promise<null>((ok) => setTimeout(() => ok(null), WARMUP_MAX_MS))]);
    if (failed !== null) {
      const entry = manifest.files.find((f) => f.format === 'duckdb')!;
      throw new DataError('corrupt', entry.path, failed instanceof Error ? failed.message : String(failed));
    }
    mark('engineReady');
    engineReady = true;
    const query = async (sql: string): Promise<Row[]> => {
      const res = await conn.query(sql);
      const names = res.schema.fields.map((f) => f.name);
      return res.toArray().map((r) => {
        const o = r.toJSON() as Row;
        const out: Row = {};
        for (const n of names) out[n] = toPlain(o[n]);
        return out;
      });
    };
    return { manifest, query, db, conn };
  })();
  // Avoid an unhandled rejection before a component awaits it.
  started.catch(() => undefined);
  dbP.catch(() => undefined);
  return started;
}

/** How long one query may take before the UI shows an error instead of waiting forever. */
export const QUERY_TIMEOUT_MS = 90_000;

/**
 * Rows for `sql` available without waiting, from the first view once it has loaded (a
 * chart's initial data, so the first render draws them); undefined otherwise.
 */
export function rowsAtHand(sql: string): Row[] | undefined {
  const rows = firstViewRowsNow(sql);
  if (rows) mark('firstViewServed');
  return rows;
}

/** Runs one SQL string on the engine (the app's single query path); rejects after QUERY_TIMEOUT_MS. */
export async function runQuery(sql: string): Promise<Row[]> {
  const starting = startEngine();
  if (!engineReady) {
    const early = await firstViewRows(sql);
    if (early) {
      mark('firstViewServed');
      return early;
    }
    wantEngine();
  }
  const engine = await starting;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`query timed out after ${QUERY_TIMEOUT_MS / 1000} s`)), QUERY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([cachedQuery(engine, sql), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How many query results (by SQL text) the engine keeps; the data never changes while the page is open. */
const RESULT_CACHE_SIZE = 300;
const results = new Map<string, Promise<Row[]>>();

/**
 * One engine query per SQL text: charts running the same SQL share one query (also while it
 * runs), and a filter state seen before is answered without the engine. Failures are not kept.
 */
function cachedQuery(engine: Engine, sql: string): Promise<Row[]> {
  const hit = results.get(sql);
  if (hit) {
    results.delete(sql);
    results.set(sql, hit);
    return hit;
  }
  const rows = engine.query(sql);
  results.set(sql, rows);
  rows.catch(() => { if (results.get(sql) === rows) results.delete(sql); });
  if (results.size > RESULT_CACHE_SIZE) results.delete(results.keys().next().value!);
  return rows;
}
