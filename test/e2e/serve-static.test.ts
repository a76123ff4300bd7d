/**
 * The static server the e2e harness, `npm start` and `vite preview` use for /data: exact
 * Content-Length, 206/416 for Range, real 404s (DuckDB's .wal probe), no path escape.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../src/cli/serve-static.ts';

let root: string;
let server: { origin: string; close: () => Promise<void> };
const body = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

/** Raw GET (no client-side path normalisation), returning status, headers and body. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const u = new URL(server.origin);
  return new Promise((ok, fail) => {
    const req = request({ host: u.hostname, port: u.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'gongkai-static-'));
  mkdirSync(join(root, 'site'));
  mkdirSync(join(root, 'data'));
  writeFileSync(join(root, 'site', 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'data', 'atlas.duckdb'), body);
  writeFileSync(join(root, 'secret.txt'), 'no');
  server = await serveStatic(join(root, 'site'), 0, { dataDir: join(root, 'data') });
});
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('serve-static', () => {
  it('answers a whole file with its exact length, uncompressed', async () => {
    const r = await get('/data/atlas.duckdb', { 'accept-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-length']).toBe('1000');
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.equals(body)).toBe(true);
  });

  it('answers ranges with 206 and the exact bytes', async () => {
    const r = await get('/data/atlas.duckdb', { range: 'bytes=10-19' });
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe('bytes 10-19/1000');
    expect(r.body.equals(body.subarray(10, 20))).toBe(true);
    const first = await get('/data/atlas.duckdb', { range: 'bytes=0-0' });
    expect([first.status, first.body.length]).toEqual([206, 1]);
    const tail = await get('/data/atlas.duckdb', { range: 'bytes=-5' });
    expect(tail.body.equals(body.subarray(995))).toBe(true);
    const open = await get('/data/atlas.duckdb', { range: 'bytes=990-' });
    expect(open.headers['content-range']).toBe('bytes 990-999/1000');
  });

  it('answers an unsatisfiable range with 416', async () => {
    const r = await get('/data/atlas.duckdb', { range: 'bytes=5000-' });
    expect(r.status).toBe(416);
    expect(r.headers['content-range']).toBe('bytes */1000');
  });

  it('answers missing data files with a real 404, app routes with index.html', async () => {
    expect((await get('/data/atlas.duckdb.wal')).status).toBe(404);
    const route = await get('/embed?chart=x');
    expect(route.status).toBe(200);
    expect(route.body.toString()).toContain('<title>app</title>');
  });

  it('never serves a file outside its roots', async () => {
    for (const p of ['/data/../secret.txt', '/data/%2e%2e/secret.txt', '/../secret.txt', '/%2e%2e/secret.txt']) {
      const r = await get(p);
      expect(r.body.toString(), p).not.toBe('no');
    }
  });
});
