/** Entry of the embed page (embed/index.html): one chart, no dashboard chrome. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { EmbedApp, preloadEmbed } from './embed/EmbedApp.tsx';
import { loadECharts } from './EChart.tsx';
import './styles.css';
import './embed/embed.css';

preloadEmbed();
// The embedded chart is (almost always) an ECharts chart, and its theme is applied to the
// instance as soon as the card is ready: have ECharts loaded before the first render.
await loadECharts().catch(() => undefined);
const queryClient = new QueryClient();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <EmbedApp search={window.location.search} />
    </QueryClientProvider>
  </StrictMode>,
);
