/**
 * File names for exports that say what the file holds: what (view or chart), which
 * years, which region, e.g. `gongkai_licensing_2019-2024_浙江省.csv`.
 */

/** What an exported file holds, as far as its name tells. */
export interface ExportScope {
  /** View or chart id, e.g. `licensing`, `overview`, `dataset`. */
  subject: string;
  /** First and last year; one year prints once. */
  years?: readonly [number, number] | null;
  province?: string | null;
  city?: string | null;
  district?: string | null;
  /** Further filters worth naming (agency kind, template, search term). */
  extra?: readonly (string | null | undefined)[];
}

export type ExportExtension = 'csv' | 'zip' | 'png' | 'svg';

/** Characters no common file system accepts, control characters and whitespace. */
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f\s]+/gu;

/** A name part with unsafe characters replaced by `-`, trimmed of dots and dashes, at most 40 characters. */
export function fileNamePart(text: string): string {
  return Array.from(text.replace(UNSAFE, '-').replace(/-{2,}/g, '-').replace(/^[-.]+|[-.]+$/g, ''))
    .slice(0, 40)
    .join('');
}

/** `2019-2024`, or `2022` when the range is one year; empty when no years are given. */
export function yearsPart(years: ExportScope['years']): string {
  if (!years) return '';
  const [from, to] = years[0] <= years[1] ? years : [years[1], years[0]];
  return from === to ? String(from) : `${from}-${to}`;
}

/** The file name of an export, e.g. `gongkai_licensing_2019-2024_浙江省杭州市.csv`. */
export function exportFileName(scope: ExportScope, ext: ExportExtension): string {
  const region = [scope.province, scope.city, scope.district].filter((p): p is string => !!p).join('');
  const parts = ['gongkai', scope.subject, yearsPart(scope.years), region, ...(scope.extra ?? [])]
    .map((p) => (p ? fileNamePart(p) : ''))
    .filter((p) => p !== '');
  return `${parts.join('_')}.${ext}`;
}
