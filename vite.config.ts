import { existsSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { dataMiddleware } from './src/cli/serve-static.ts';

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

export default defineConfig({
  plugins: [react(), dataServer()],
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  build: {
    chunkSizeWarningLimit: 2000,
    // The embed page (/embed/, one chart, no dashboard chrome) is a second HTML entry.
    rollupOptions: { input: { main: 'index.html', embed: 'embed/index.html' } },
  },
});
