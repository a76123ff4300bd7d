import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { dataMiddleware } from './src/cli/serve-static.ts';
import { t } from './src/app/i18n.ts';

/**
 * The dataset directory served at /data: public/data when it holds a manifest, else the
 * throwaway dev dataset (.cache/dev-data); GONGKAI_DATA_DIR overrides both.
 */
function dataDir(): string {
  if (process.env.GONGKAI_DATA_DIR) return process.env.GONGKAI_DATA_DIR;
  return existsSync('public/data/manifest.json') || !existsSync('.cache/dev-data/manifest.json') ? 'public/data' : '.cache/dev-data';
}

/** Serves /data/* with exact Content-Length, 206/416 Range answers and real 404s (dev and preview). */
function dataServer(): Plugin {
  return {
    name: 'gongkai-data-server',
    configureServer(server) { server.middlewares.use(dataMiddleware(dataDir())); },
    configurePreviewServer(server) { server.middlewares.use(dataMiddleware('dist/data')); },
  };
}

/** `/embed` → `/embed/` in dev and preview: the embed page is a directory index, as on any static host. */
function embedRoute(): Plugin {
  const redirect = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const [path, query] = (req.url ?? '').split('?', 2);
    if (path !== '/embed') return next();
    res.statusCode = 302;
    res.setHeader('Location', `/embed/${query ? `?${query}` : ''}`);
    res.end();
  };
  return {
    name: 'gongkai-embed-route',
    configureServer(server) { server.middlewares.use(redirect); },
    configurePreviewServer(server) { server.middlewares.use(redirect); },
  };
}

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The dashboard's header as static HTML in place of `<!--app-shell-->` (React replaces it).
 * Besides showing the page at once, it makes the browser match and load the CJK fonts
 * (≈ 0.2–0.5 s of style and layout on a cold start) while the scripts are still downloading,
 * instead of in the middle of the first React render.
 */
function appShell(): Plugin {
  const shell = '<div class="app"><header class="app-header"><div class="brand">'
    + `<h1>${escapeHtml(t('zh', 'appName'))}<span class="brand-en"> ${escapeHtml(t('en', 'appName'))}</span></h1>`
    + `<p>${escapeHtml(t('zh', 'appSubtitle'))}</p></div></header></div>`;
  return { name: 'gongkai-app-shell', transformIndexHtml: (html) => html.replace('<!--app-shell-->', shell) };
}

export default defineConfig({
  plugins: [react(), dataServer(), embedRoute(), appShell()],
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  build: {
    chunkSizeWarningLimit: 2000,
    // The embed page (/embed/, one chart, no dashboard chrome) is a second HTML entry.
    rollupOptions: { input: { main: 'index.html', embed: 'embed/index.html' } },
  },
});
