/** Entry point: start the data engine before anything renders, then mount the app. */
import { startEngine } from '../data/engine.ts';
import './perf.ts';

startEngine();

const [{ StrictMode }, { createRoot }, { QueryClient, QueryClientProvider }, { App }] = await Promise.all([
  import('react'), import('react-dom/client'), import('@tanstack/react-query'), import('./App.tsx'), import('./styles.css'),
]);

const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
