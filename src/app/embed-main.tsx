/** Entry of the embed page (embed/index.html): one chart, no dashboard chrome. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { EmbedApp, preloadEmbed } from './embed/EmbedApp.tsx';
import './styles.css';
import './embed/embed.css';

preloadEmbed();
const queryClient = new QueryClient();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <EmbedApp search={window.location.search} />
    </QueryClientProvider>
  </StrictMode>,
);
