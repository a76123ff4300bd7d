/**
 * The dashboard state that lives in the URL: view, language, filters and view params.
 * Pure: parse a query string into state (collecting what was invalid) and back.
 */
import { AGENCY_KINDS, type AgencyKind } from '../report/record.ts';
import { TEMPLATES, type TemplateKey } from '../report/template.ts';
import { REPORT_FIGURES } from './schema.ts';

export const VIEWS = ['overview', 'compare', 'applications', 'review', 'report', 'quality'] as const;
export type ViewId = (typeof VIEWS)[number];
export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Filters shared by every view; null = not filtered. */
export interface Filters {
  province: string | null;
  city: string | null;
  district: string | null;
  kind: AgencyKind | null;
  /** Agency name search (substring, case-insensitive). */
  q: string | null;
  from: number | null;
  to: number | null;
  template: TemplateKey | null;
}

/** Parameters of particular views (compare figure/year/top N, report id). */
export interface ViewParams {
  /** Canonical key of the compared figure. */
  figure: string;
  /** Compare year; null = latest year under the filters. */
  year: number | null;
  top: number;
  by: 'district' | 'agency';
  report: string | null;
}

export interface UrlState {
  view: ViewId;
  lang: Lang;
  filters: Filters;
  params: ViewParams;
}

/** What the SQL builders see: filters plus view params. */
export type QueryState = Pick<UrlState, 'filters' | 'params'>;

export const EMPTY_FILTERS: Filters = { province: null, city: null, district: null, kind: null, q: null, from: null, to: null, template: null };
export const DEFAULT_PARAMS: ViewParams = { figure: 'licensing', year: null, top: 10, by: 'district', report: null };
export const DEFAULT_STATE: UrlState = { view: 'overview', lang: 'zh', filters: EMPTY_FILTERS, params: DEFAULT_PARAMS };

/** Figures that can be compared: the columns of `reports`. */
export const COMPARABLE_FIGURES: ReadonlySet<string> = new Set(REPORT_FIGURES.map((f) => f.key));
export const TOP_CHOICES = [5, 10, 20, 30] as const;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
const MAX_TEXT = 100;
/** Longest parameter name or value shown in the invalid-parameter notice, and how many are listed. */
const MAX_SHOWN = 40;
const MAX_INVALID = 20;

/** The result of reading a query string: the state, and the parameters that were ignored. */
export interface ParsedState {
  state: UrlState;
  invalid: { name: string; value: string }[];
}

/** Reads URL query parameters into state; invalid values are dropped and reported. */
export function parseUrlState(search: string): ParsedState {
  const q = new URLSearchParams(search);
  const invalid: { name: string; value: string }[] = [];
  // Reported as given but clamped: a 100 KB value must not become a 100 KB notice.
  const clamp = (v: string) => (v.length > MAX_SHOWN ? `${v.slice(0, MAX_SHOWN)}…` : v);
  const bad = (name: string, value: string) => { if (invalid.length < MAX_INVALID) invalid.push({ name: clamp(name), value: clamp(value) }); };
  const text = (name: string): string | null => {
    const v = q.get(name);
    if (v === null || v.trim() === '') return null;
    if (v.length > MAX_TEXT) { bad(name, v); return null; }
    // Control characters (NUL ends the SQL text handed to DuckDB-WASM) are never part of a name.
    if (/[\u0000-\u001f\u007f]/.test(v)) { bad(name, v); return null; }
    return v.trim();
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | null => {
    const v = q.get(name);
    if (v === null || v === '') return null;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    bad(name, v);
    return null;
  };
  const year = (name: string): number | null => {
    const v = q.get(name);
    if (v === null || v === '') return null;
    const n = Number(v);
    if (/^\d{4}$/.test(v) && n >= MIN_YEAR && n <= MAX_YEAR) return n;
    bad(name, v);
    return null;
  };
  const filters: Filters = {
    province: text('province'), city: text('city'), district: text('district'),
    kind: oneOf('kind', AGENCY_KINDS), q: text('q'), from: year('from'), to: year('to'), template: oneOf('template', TEMPLATES),
  };
  if (filters.from !== null && filters.to !== null && filters.from > filters.to) {
    bad('to', String(filters.to));
    filters.to = null;
  }
  const params: ViewParams = { ...DEFAULT_PARAMS };
  const figure = q.get('figure');
  if (figure) { if (COMPARABLE_FIGURES.has(figure)) params.figure = figure; else bad('figure', figure); }
  params.year = year('year');
  const top = q.get('top');
  if (top) { const n = Number(top); if ((TOP_CHOICES as readonly number[]).includes(n)) params.top = n; else bad('top', top); }
  params.by = oneOf('by', ['district', 'agency'] as const) ?? 'district';
  params.report = text('report');
  const state: UrlState = {
    view: oneOf('view', VIEWS) ?? 'overview',
    lang: oneOf('lang', LANGS) ?? 'zh',
    filters, params,
  };
  const known = new Set(['view', 'lang', 'province', 'city', 'district', 'kind', 'q', 'from', 'to', 'template', 'figure', 'year', 'top', 'by', 'report', 'chart', 'theme', 'title']);
  for (const [k, v] of q) if (!known.has(k)) bad(k, v);
  return { state, invalid };
}

/** Writes state as a query string (defaults omitted, stable order); inverse of parseUrlState. */
export function toSearch(state: UrlState, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (state.view !== DEFAULT_STATE.view) q.set('view', state.view);
  if (state.lang !== DEFAULT_STATE.lang) q.set('lang', state.lang);
  const f = state.filters;
  for (const k of ['province', 'city', 'district', 'kind', 'q', 'from', 'to', 'template'] as const) {
    const v = f[k];
    if (v !== null && v !== '') q.set(k, String(v));
  }
  const p = state.params;
  if (p.figure !== DEFAULT_PARAMS.figure) q.set('figure', p.figure);
  if (p.year !== null) q.set('year', String(p.year));
  if (p.top !== DEFAULT_PARAMS.top) q.set('top', String(p.top));
  if (p.by !== DEFAULT_PARAMS.by) q.set('by', p.by);
  if (p.report) q.set('report', p.report);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
