/** Formatting and escaping shared by option builders and data tables. */
import type { Lang } from '../data/state.ts';

/** Escapes text for the HTML that ECharts tooltips render. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export type ValueFormat = 'int' | 'decimal' | 'percent' | 'text' | 'year';

/** A value as shown in tooltips, KPI cards and data tables; blank (—) for null. */
export function formatValue(v: unknown, format: ValueFormat, lang: Lang): string {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '—';
  if (format === 'text' || format === 'year' || typeof v !== 'number') return String(v);
  const locale = lang === 'zh' ? 'zh-CN' : 'en-US';
  if (format === 'percent') return `${(v * 100).toLocaleString(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 })}%`;
  if (format === 'int') return v.toLocaleString(locale, { maximumFractionDigits: 0 });
  return v.toLocaleString(locale, { maximumFractionDigits: 2 });
}
