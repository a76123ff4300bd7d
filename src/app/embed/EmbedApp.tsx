/**
 * The chrome-less embed page: one registry chart for the URL's chart id and filters,
 * its title (unless `title=0`), a source line and a link back to the full view. Theme and
 * language come from the URL; nothing from the URL is rendered as HTML.
 */
import { useEffect, useMemo } from 'react';
import { CHART_BY_ID, CHARTS } from '../../charts/registry.ts';
import { startEngine } from '../../data/engine.ts';
import { toSearch } from '../../data/state.ts';
import { ChartActionsContext, type ChartActionInfo } from '../chart-actions.tsx';
import { RegistryChart } from '../RegistryChart.tsx';
import { chartTables, sourceLine } from '../export/describe.ts';
import { tx } from '../export/strings.ts';
import { parseEmbedParams, type EmbedTheme } from './params.ts';
import { postHeightToParent } from './resize.ts';

const CHART_IDS: ReadonlySet<string> = new Set(CHARTS.map((c) => c.id));

/** Applies the embed theme to the chart's ECharts instance (ECharts 6 `setTheme`); renders nothing. */
function ApplyTheme({ info, theme }: { info: ChartActionInfo; theme: EmbedTheme }) {
  useEffect(() => {
    if (theme === 'dark') info.getInstance()?.setTheme('dark');
  });
  return null;
}

/** The embed page for the current location. */
export function EmbedApp({ search }: { search: string }) {
  const params = useMemo(() => parseEmbedParams(search, CHART_IDS), [search]);
  const def = params.chart ? CHART_BY_ID.get(params.chart) : undefined;
  const lang = params.state.lang;
  const state = useMemo(() => (def ? { ...params.state, view: def.view } : params.state), [def, params.state]);

  useEffect(() => {
    for (const w of params.warnings) console.warn(w);
  }, [params.warnings]);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.documentElement.dataset.theme = params.theme;
    if (def) document.title = `${def.title({ lang, state })} · ${tx(lang, 'atlas')}`;
  }, [def, lang, params.theme, state]);
  useEffect(() => postHeightToParent(params.chart ?? ''), [params.chart]);

  const fullView = new URL(toSearch(state) || '.', document.baseURI).href;
  if (!def) {
    return (
      <main className={`embed embed-${params.theme}`} data-embed="none">
        <p>{tx(lang, 'noChart')} <a href={fullView} target="_blank" rel="noopener">{tx(lang, 'fullView')}</a></p>
      </main>
    );
  }
  const columns = def.columns({ lang, state });
  return (
    <main className={`embed embed-${params.theme}${params.title ? '' : ' embed-notitle'}`} data-embed={def.id}>
      <ChartActionsContext.Provider value={(info) => <ApplyTheme info={info} theme={params.theme} />}>
        <RegistryChart def={def} state={state} wide />
      </ChartActionsContext.Provider>
      <footer className="embed-footer">
        <span className="embed-source">{sourceLine(chartTables(def, columns, state), lang)}</span>
        <a className="embed-link" href={fullView} target="_blank" rel="noopener">{tx(lang, 'fullView')} ↗</a>
      </footer>
    </main>
  );
}

/** Starts the data engine before React renders, so the wasm loads while the page paints. */
export function preloadEmbed(): void {
  startEngine().catch(() => undefined);
}
