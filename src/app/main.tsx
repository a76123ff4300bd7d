/**
 * Entry point: start the data engine (manifest and first view), then mount the app.
 * Everything the first paint needs is imported statically, so the HTML preloads it all at
 * once (no second round of script requests after this one runs); ECharts is not among it
 * (see EChart.tsx and the ECharts preload in vite.config.ts).
 */
import { startEngine } from '../data/engine.ts';
import './perf.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './App.tsx';
import './styles.css';

startEngine();

const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
