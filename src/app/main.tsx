/**
 * Entry point: start the data engine (manifest and first view), then mount the app.
 * Everything the first paint needs is imported statically, so the HTML preloads it all at
 * once (no second round of script requests after this one runs). ECharts is not among it
 * and not preloaded: it loads when the first ECharts card mounts (EChart.tsx). Preloaded,
 * its 634 kB were fetched and compiled during start-up and delayed the first card (cold
 * loads at 1M, alternated: median 1,003 ms with the preload, 838 ms without; every chart
 * drawn 1,464 / 1,434 ms).
 */
import { startEngine } from '../data/engine.ts';
import { firstViewSettled } from '../data/first-view.ts';
import { parseUrlState } from '../data/state.ts';
import { prepareNumberFormats } from '../charts/format.ts';
import './perf.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './App.tsx';
import './styles.css';

startEngine();

/**
 * Longest wait for the first view before the app renders without it (its cards then show
 * `loading` until it arrives). It is preloaded with the scripts and usually here already;
 * rendering with it saves a whole render and layout of loading cards before the first chart.
 */
const FIRST_VIEW_WAIT_MS = 400;

const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });
const waiting = firstViewSettled(FIRST_VIEW_WAIT_MS);
// Meanwhile (usually idle time, the first view still on its way): the KPI cards' number formats.
prepareNumberFormats(parseUrlState(location.search).state.lang);
void waiting.then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
});
