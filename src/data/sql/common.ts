/**
 * Building blocks of the dashboard's SQL: literals, the filter WHERE clause and figure
 * columns. Every builder returns plain DuckDB SQL over the dataset tables as named in
 * schema.ts (`reports`, `application_cells`, `checks`), runnable in the browser and in Node.
 */
import { columnOf, FIGURE_BY_KEY } from '../../report/template.ts';
import type { Filters } from '../state.ts';

/** A SQL string literal (single quotes doubled; NUL dropped, as it would end the SQL text in DuckDB-WASM). */
export function lit(value: string): string {
  return `'${value.replace(/\u0000/g, '').replace(/'/g, "''")}'`;
}

/** A quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The quoted column of a figure key; throws on a key the registry does not know. */
export function figureColumn(key: string): string {
  if (!FIGURE_BY_KEY.has(key)) throw new Error(`unknown figure key: ${key}`);
  return ident(columnOf(key));
}

/** Conditions on `reports` (optionally aliased) for the filters; `TRUE` when none. */
export function filterConditions(f: Filters, alias = ''): string[] {
  const a = alias ? `${alias}.` : '';
  const c: string[] = [];
  if (f.province) c.push(`${a}province = ${lit(f.province)}`);
  if (f.city) c.push(`${a}city = ${lit(f.city)}`);
  if (f.district) c.push(`${a}district = ${lit(f.district)}`);
  if (f.kind) c.push(`${a}agency_kind = ${lit(f.kind)}`);
  if (f.template) c.push(`${a}template = ${lit(f.template)}`);
  if (f.from !== null) c.push(`${a}year >= ${Math.trunc(f.from)}`);
  if (f.to !== null) c.push(`${a}year <= ${Math.trunc(f.to)}`);
  if (f.q) c.push(`strpos(lower(${a}agency), lower(${lit(f.q)})) > 0`);
  return c;
}

/** `WHERE …` for the filters (with extra conditions), or '' when there is nothing to filter. */
export function whereOf(f: Filters, extra: string[] = [], alias = ''): string {
  const c = [...filterConditions(f, alias), ...extra];
  return c.length ? `WHERE ${c.join(' AND ')}` : '';
}

/** `report_id IN (…)` restricting a long table to reports matching the filters. */
export function reportsMatching(f: Filters): string {
  const c = filterConditions(f);
  return c.length ? `report_id IN (SELECT report_id FROM reports WHERE ${c.join(' AND ')})` : 'TRUE';
}

/** The year a single-year view shows: the chosen one, else the latest under the filters. */
export function resolvedYear(f: Filters, year: number | null): string {
  return year !== null ? String(Math.trunc(year)) : `(SELECT MAX(year) FROM ${useRollup(f) ? 'rollup' : 'reports'} ${whereOf(f)})`;
}

/** `SUM(col)` cast to DOUBLE (DuckDB sums integers as HUGEINT, which breaks JSON). */
export function sumOf(expr: string): string {
  return `CAST(SUM(${expr}) AS DOUBLE)`;
}

/** True when the rollup answers the filters exactly (every active filter is a rollup key, i.e. no agency search). */
export function useRollup(f: Filters): boolean {
  return f.q === null;
}

/** True when `peers` answers the filters exactly: its groups are year, province and agency kind, so no other filter may be set. */
export function usePeers(f: Filters): boolean {
  return f.q === null && f.city === null && f.district === null && f.template === null;
}

/** The table a per-year aggregate reads for the filters: `rollup` when it can, else `reports`. */
export function aggregateSource(f: Filters): 'rollup' | 'reports' {
  return useRollup(f) ? 'rollup' : 'reports';
}
