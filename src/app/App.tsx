/** The dashboard: header, filter bar, view tabs and the current view, all driven by the URL. */
import { useCallback, useEffect } from 'react';
import { useEngine } from '../data/queries.ts';
import { VIEWS, type Filters, type UrlState, type ViewParams } from '../data/state.ts';
import { DataAlert } from './DataAlert.tsx';
import { FilterBar } from './FilterBar.tsx';
import { colon, t } from './i18n.ts';
import { useUrlState } from './url-state.ts';
import { View } from './views/Views.tsx';
import { ChartActionsContext } from './chart-actions.tsx';
import { exportActions } from './export/ChartExportActions.tsx';
import { ViewExport } from './export/ViewExport.tsx';

/** The whole app. */
export function App() {
  const { state, setState, invalid, dismiss } = useUrlState();
  const engine = useEngine();
  const { lang } = state;
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = `${t(lang, 'appName')} · ${t(lang, `view.${state.view}`)}`;
  }, [lang, state.view]);
  const update = useCallback((patch: Partial<UrlState>) => setState({ ...state, ...patch }), [state, setState]);
  const setFilters = useCallback((filters: Filters) => update({ filters }), [update]);
  const setParams = useCallback((p: Partial<ViewParams>) => update({ params: { ...state.params, ...p } }), [update, state.params]);
  const years = engine.data?.manifest.years ?? [];
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1>{t(lang, 'appName')}{lang === 'zh' ? <span className="brand-en"> Gongkai Atlas</span> : null}</h1>
          <p>{t(lang, 'appSubtitle')}</p>
        </div>
        <button type="button" className="lang-switch" lang={lang === 'zh' ? 'en' : 'zh'} onClick={() => update({ lang: lang === 'zh' ? 'en' : 'zh' })}>
          {t(lang, 'otherLang')}
        </button>
      </header>
      {invalid.length ? (
        <div className="notice" role="status">
          {t(lang, 'notice.invalid')}
          {invalid.map((p) => `${p.name}=${p.value}`).join(', ')}
          <button type="button" className="link-button" onClick={dismiss}>{t(lang, 'notice.dismiss')}</button>
        </div>
      ) : null}
      {/* A data failure is one alert; filters, tabs and the language switch stay usable around it. */}
      {engine.isError ? <DataAlert error={engine.error} lang={lang} /> : null}
      <>
          <FilterBar filters={state.filters} lang={lang} years={years} onChange={setFilters} />
          <nav className="tabs" role="tablist" aria-label={lang === 'zh' ? '视图' : 'Views'}>
            {VIEWS.map((v) => (
              <button key={v} type="button" role="tab" data-view={v} aria-selected={state.view === v} className={state.view === v ? 'tab on' : 'tab'} onClick={() => update({ view: v })}>
                {t(lang, `view.${v}`)}
              </button>
            ))}
          </nav>
          <main role="tabpanel" data-view={state.view}>
            {engine.isPending ? <div className="engine-loading" role="status">{t(lang, 'state.engine')}</div> : null}
            {engine.data ? <ViewExport state={state} /> : null}
            {engine.isError ? null : (
              <ChartActionsContext.Provider value={exportActions}>
                <View state={state} years={years} setParams={setParams} openReport={(report) => update({ view: 'report', params: { ...state.params, report } })} />
              </ChartActionsContext.Provider>
            )}
          </main>
          {engine.data ? (
            <footer className="app-footer">
              {t(lang, 'footer.data')}{colon(lang)}{engine.data.manifest.reports} {t(lang, 'footer.reports')}
              {engine.data.manifest.synthetic ? t(lang, 'footer.synthetic') : ''} · {t(lang, 'footer.built')} {engine.data.manifest.built_at.slice(0, 10)} ·{' '}
              {engine.data.manifest.files.filter((f) => f.format === 'parquet').map((f, i) => (
                <span key={f.path}>{i ? ' · ' : ''}<a href={`data/${f.path}`} download>{f.path}</a></span>
              ))}
            </footer>
          ) : null}
      </>
    </div>
  );
}
