/**
 * A small static file server that DuckDB-WASM can read over HTTP: exact Content-Length,
 * 206/416 for Range requests, real 404s, no compression. Used by the Vite dev/preview
 * middleware for /data/* and by the e2e harness to serve dist/.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.parquet': 'application/vnd.apache.parquet',
  '.duckdb': 'application/octet-stream', '.csv': 'text/csv; charset=utf-8', '.map': 'application/json',
};

/** Resolves a URL path inside root, or null when it escapes root. */
function fileUnder(root: string, urlPath: string): string | null {
  let decoded: string;
  try { decoded = decodeURIComponent(urlPath); } catch { return null; }
  const base = resolve(root);
  const full = normalize(join(base, decoded));
  return full === base || full.startsWith(base + sep) ? full : null;
}

/**
 * Serves one file from root for the request path; returns false when there is no such
 * file (the caller decides: 404 or fall through). Honours Range with 206/416.
 */
export function sendFile(req: IncomingMessage, res: ServerResponse, root: string, urlPath: string): boolean {
  const file = fileUnder(root, urlPath);
  if (!file) return false;
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return false;
    size = st.size;
  } catch { return false; }
  res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
  res.setHeader('Accept-Ranges', 'bytes');
  // Hashed build assets never change (lets Chromium cache the compiled wasm); data is revalidated.
  res.setHeader('Cache-Control', /(^|\/)assets\//.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache');
  const range = req.headers.range;
  let start = 0;
  let end = size - 1;
  if (range) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    if (m && (m[1] || m[2])) {
      if (m[1]) { start = Number(m[1]); end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1; }
      else { start = Math.max(0, size - Number(m[2])); }
    } else start = size; // unparseable: unsatisfiable
    if (start >= size || start > end) {
      res.statusCode = 416;
      res.setHeader('Content-Range', `bytes */${size}`);
      res.setHeader('Content-Length', '0');
      res.end();
      return true;
    }
    res.statusCode = 206;
    res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  } else res.statusCode = 200;
  res.setHeader('Content-Length', String(end - start + 1));
  if (req.method === 'HEAD' || size === 0) { res.end(); return true; }
  createReadStream(file, { start, end }).pipe(res);
  return true;
}

/** Sends a plain 404. */
export function notFound(res: ServerResponse): void {
  res.statusCode = 404;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end('Not found');
}

/** Connect-style middleware for Vite: serves `/data/*` from dataDir, real 404 when missing. */
export function dataMiddleware(dataDir: string) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith('/data/')) return next();
    if (!sendFile(req, res, dataDir, path.slice('/data/'.length))) notFound(res);
  };
}

/**
 * Serves a built site (dist/): files as they are, /data/* with real 404s (from dataDir
 * when given), any other missing path → index.html (single-page app routes such as /embed).
 */
export function createStaticServer(root: string, opts: { dataDir?: string } = {}): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (opts.dataDir && path.startsWith('/data/')) {
      if (!sendFile(req, res, opts.dataDir, path.slice('/data/'.length))) notFound(res);
      return;
    }
    if (path !== '/' && sendFile(req, res, root, path)) return;
    // Directory index: /embed and /embed/ → embed/index.html (the embed page).
    if (path !== '/' && sendFile(req, res, root, `${path.replace(/\/+$/, '')}/index.html`)) return;
    if (path.startsWith('/data/') || path.startsWith('/assets/')) return notFound(res);
    if (!sendFile(req, res, root, 'index.html')) notFound(res);
  });
}

/** Starts a static server on 127.0.0.1 (port 0 = any free port) and returns its origin. */
export async function serveStatic(root: string, port = 0, opts: { dataDir?: string } = {}): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createStaticServer(root, opts);
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  const addr = server.address();
  const p = typeof addr === 'object' && addr ? addr.port : port;
  return {
    origin: `http://127.0.0.1:${p}`,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] ?? 'dist';
  const { origin } = await serveStatic(root, Number(process.argv[3] ?? 4173));
  console.log(`serving ${root} at ${origin}`);
}
