/**
 * The first view: the rows of every query the default Overview runs (charts, KPI cards,
 * filter choices), computed at ingest with the same SQL builders and stored in a small
 * JSON file next to the manifest. The data layer answers those exact SQL strings from it
 * while DuckDB-WASM is still starting (≈ 2–3 s), so the first charts paint without waiting;
 * chart components never know where their rows came from.
 */
import { chartsOf } from '../charts/registry.ts';
import { regionTree, yearBounds } from './sql/options.ts';
import { DEFAULT_PARAMS, EMPTY_FILTERS, type QueryState } from './state.ts';

type Row = Record<string, unknown>;

/** File name of the first view inside the data folder. */
export const FIRST_VIEW_FILE = 'first-view.json';

/** Contents of first-view.json: rows per SQL string, tied to one dataset build. */
export interface FirstView {
  /** The manifest's `built_at`: a first view from another build is ignored. */
  built_at: string;
  queries: Record<string, Row[]>;
}

/** The SQL strings the default Overview (default filters, default params) runs, in order. */
export function firstViewQueries(): string[] {
  const state: QueryState = { filters: EMPTY_FILTERS, params: DEFAULT_PARAMS };
  return [...chartsOf('overview').map((c) => c.sql(state)), regionTree(), yearBounds()];
}

let loaded: Promise<FirstView | null> | null = null;
/** The first view once loaded (null before, or when there is none). */
let current: FirstView | null = null;

/** Starts (once) fetching the first view for a manifest; resolves null when absent or from another build. */
export function startFirstView(base: string, manifest: Promise<{ built_at: string }>): Promise<FirstView | null> {
  loaded ??= (async () => {
    try {
      const [res, m] = await Promise.all([fetch(new URL(FIRST_VIEW_FILE, base)), manifest]);
      if (!res.ok) return null;
      const fv = (await res.json()) as FirstView;
      current = fv && fv.built_at === m.built_at && fv.queries && typeof fv.queries === 'object' ? fv : null;
      return current;
    } catch {
      return null;
    }
  })();
  return loaded;
}

/** The first view's rows for an exact SQL string, or null (not started, absent, or not a first-view query). */
export async function firstViewRows(sql: string): Promise<Row[] | null> {
  if (!loaded) return null;
  const fv = await loaded;
  const rows = fv?.queries[sql];
  return Array.isArray(rows) ? rows : null;
}

/**
 * The first view's rows for an exact SQL string if it has already loaded, else undefined:
 * charts take them as their initial data, so the first render already shows them.
 */
export function firstViewRowsNow(sql: string): Row[] | undefined {
  const rows = current?.queries[sql];
  return Array.isArray(rows) ? rows : undefined;
}

/** Resolves once the first view has loaded (or failed to), or after `maxMs`, whichever is first. */
export function firstViewSettled(maxMs: number): Promise<void> {
  return Promise.race([(loaded ?? Promise.resolve(null)).then(() => undefined, () => undefined), new Promise<void>((ok) => setTimeout(ok, maxMs))]);
}
