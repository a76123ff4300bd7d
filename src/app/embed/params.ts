/**
 * The embed page's URL: which chart, display options (theme, language, title) and the
 * same filter parameters as the full view. Pure; anything unknown or malformed is
 * dropped with a warning for the console, never turned into an error page.
 */
import { parseUrlState, type UrlState } from '../../data/state.ts';

export const EMBED_THEMES = ['light', 'dark'] as const;
export type EmbedTheme = (typeof EMBED_THEMES)[number];

/** What the embed page shows, read from its query string. */
export interface EmbedParams {
  /** Chart id from the registry; null when missing or unknown. */
  chart: string | null;
  theme: EmbedTheme;
  /** Show the chart's title line (`title=1`, the default) or not (`title=0`). */
  title: boolean;
  /** Language, filters and view params, as the full view reads them. */
  state: UrlState;
  /** One line per ignored parameter, for `console.warn`. */
  warnings: string[];
}

/** Reads an embed query string; `chartIds` are the ids the registry knows. */
export function parseEmbedParams(search: string, chartIds: ReadonlySet<string>): EmbedParams {
  const q = new URLSearchParams(search);
  const { state, invalid } = parseUrlState(search);
  const warnings = invalid.map(({ name, value }) => `gongkai embed: ignored parameter ${name}=${JSON.stringify(value)}`);
  const warn = (name: string, value: string, allowed: string) =>
    warnings.push(`gongkai embed: ignored parameter ${name}=${JSON.stringify(value)} (expected ${allowed})`);

  let chart: string | null = q.get('chart');
  if (chart === null || chart === '') {
    warnings.push('gongkai embed: missing parameter chart');
    chart = null;
  } else if (!chartIds.has(chart)) {
    warn('chart', chart, `one of ${[...chartIds].join(', ')}`);
    chart = null;
  }

  let theme: EmbedTheme = 'light';
  const t = q.get('theme');
  if (t !== null) {
    if ((EMBED_THEMES as readonly string[]).includes(t)) theme = t as EmbedTheme;
    else warn('theme', t, 'light or dark');
  }

  let title = true;
  const ti = q.get('title');
  if (ti !== null) {
    if (ti === '0' || ti === '1') title = ti === '1';
    else warn('title', ti, '0 or 1');
  }
  return { chart, theme, title, state, warnings };
}
