/**
 * What an export holds, in words: the source line printed under chart images and embeds,
 * the filter lines of the 口径 note, and the file-name scope. Derived from the URL state
 * and the registries.
 */
import { KPI_FIELDS, type ChartDef, type DataColumn } from '../../charts/registry.ts';
import { AGENCY_KIND_LABELS } from '../../report/record.ts';
import { FIGURE_BY_KEY, TABLE_LABELS, type TableId } from '../../report/template.ts';
import { figureOfColumn } from '../../data/export-columns.ts';
import type { ExportScope } from '../../data/export-name.ts';
import type { Filters, Lang, QueryState, ViewId } from '../../data/state.ts';
import { tx } from './strings.ts';

const VIEW_TABLES: Record<ViewId, TableId[]> = {
  overview: ['table2', 'table3', 'table4'],
  compare: [],
  applications: ['table3'],
  review: ['table4'],
  report: ['table2', 'table3', 'table4'],
  quality: ['table3', 'table4'],
};

/** The template tables a chart's values come from (its figure columns, else its view's). */
export function chartTables(def: ChartDef, columns: readonly DataColumn[], state: QueryState): TableId[] {
  const found = new Set<TableId>();
  if (def.kind === 'kpi') for (const k of KPI_FIELDS) if (k.table) found.add(k.table);
  for (const c of columns) {
    const f = figureOfColumn(c.key);
    if (f) found.add(f.table);
  }
  if (def.view === 'compare') {
    const f = FIGURE_BY_KEY.get(state.params.figure);
    if (f) found.add(f.table);
  }
  if (found.size === 0) for (const t of VIEW_TABLES[def.view]) found.add(t);
  return [...found].sort();
}

/** The source line under a chart: the report tables it reads and the atlas name. */
export function sourceLine(tables: readonly TableId[], lang: Lang): string {
  const list = tables.map((t) => TABLE_LABELS[t].short[lang]).join(lang === 'zh' ? '、' : ', ');
  return `${tx(lang, 'source')}${list ? (lang === 'zh' ? `（${list}）` : ` (${list})`) : ''} · ${tx(lang, 'atlas')}`;
}

/** Filter lines for the 口径 note (empty when nothing is filtered). */
export function filterLines(filters: Filters, lang: Lang, extra: string[] = []): string[] {
  const sep = lang === 'zh' ? '：' : ': ';
  const lines: string[] = [];
  if (filters.from !== null || filters.to !== null) lines.push(`${tx(lang, 'filterYears')}${sep}${filters.from ?? '…'}–${filters.to ?? '…'}`);
  const region = [filters.province, filters.city, filters.district].filter(Boolean).join(' ');
  if (region) lines.push(`${tx(lang, 'filterRegion')}${sep}${region}`);
  if (filters.kind) lines.push(`${tx(lang, 'filterKind')}${sep}${AGENCY_KIND_LABELS[filters.kind][lang]}`);
  if (filters.q) lines.push(`${tx(lang, 'filterQ')}${sep}${filters.q}`);
  if (filters.template) lines.push(`${tx(lang, 'filterTemplate')}${sep}${filters.template}`);
  return [...lines, ...extra];
}

/** The file-name scope of an export under the filters (years from the filters, else the dataset's). */
export function exportScope(subject: string, filters: Filters, datasetYears: readonly number[], lang: Lang): ExportScope {
  const from = filters.from ?? (datasetYears.length ? Math.min(...datasetYears) : null);
  const to = filters.to ?? (datasetYears.length ? Math.max(...datasetYears) : null);
  return {
    subject,
    years: from !== null && to !== null ? [from, to] : null,
    province: filters.province,
    city: filters.city,
    district: filters.district,
    extra: [filters.kind ? AGENCY_KIND_LABELS[filters.kind][lang] : null, filters.template ? `${lang === 'zh' ? '模板' : 'template'}${filters.template}` : null, filters.q],
  };
}
