/**
 * Broken or slow data in real Chromium, beyond test/e2e/dashboard.test.ts (corrupt and
 * missing atlas.duckdb, unknown schema version, corrupt manifest): a 404 manifest, a
 * manifest missing fields or pointing off-site, a DuckDB file missing a column or cut in
 * half, a corrupt Parquet file, a corrupt or hostile first-view.json, a slow and a silent server. Each gives one role="alert"
 * naming what is wrong — or works, when nothing the app reads is broken — while the
 * filters, the language switch and the view tabs keep working; no request leaves the origin.
 */
import { createServer } from 'node:http';
import { existsSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { createStaticServer } from '../../src/cli/serve-static.ts';
import { MANIFEST_TIMEOUT_MS } from '../../src/data/engine.ts';
import { copyData, E2E_DIST, launchBrowser, waitForCharts, type Site } from './harness.ts';

/** Serves the built app over a data folder, holding back responses whose path matches `delay`. */
async function startDelayedSite(dataDir: string, delay?: { path: RegExp; ms: number }): Promise<Site> {
  const inner = createStaticServer(E2E_DIST, { dataDir });
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const server = createServer((req, res) => {
    if (delay && delay.path.test(req.url ?? '')) {
      const t = setTimeout(() => { timers.delete(t); inner.emit('request', req, res); }, delay.ms);
      timers.add(t);
    } else inner.emit('request', req, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return {
    origin: `http://127.0.0.1:${port}`, root: E2E_DIST,
    close: () => new Promise<void>((ok) => { timers.forEach(clearTimeout); server.closeAllConnections(); server.close(() => ok()); }),
  };
}

/** The tabs, the language switch and a filter still work on a page (with or without data). */
async function expectControlsWork(page: Page): Promise<void> {
  await page.click('[role=tab][data-view=compare]');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('view') === 'compare');
  expect(await page.getAttribute('[role=tab][data-view=compare]', 'aria-selected')).toBe('true');
  await page.selectOption('select[name=kind]', 'department');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('kind') === 'department');
  await page.click('.lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  expect(await page.textContent('[role=tab][data-view=compare]')).toBe('Compare');
}

interface Outcome { alerts: string[]; page: Page; close: () => Promise<void>; external: string[]; errors: string[] }

/** Opens the app over a tampered copy of the data; waits for an alert (or the charts, when `expectAlert` is false). */
async function openOver(mutate: (dir: string) => void | Promise<void>, opts: { delay?: { path: RegExp; ms: number }; expectAlert?: boolean; timeout?: number } = {}): Promise<Outcome> {
  const copy = copyData();
  await mutate(copy.dir);
  const site = await startDelayedSite(copy.dir, opts.delay);
  const b = await launchBrowser(site, { allowConsoleErrors: /Failed to load resource|HTTP|range|Range/ });
  const page = await b.open('/');
  if (opts.expectAlert === false) await waitForCharts(page, opts.timeout);
  else await page.locator('.data-alert[role=alert]').waitFor({ timeout: opts.timeout ?? 90_000 });
  const alerts = await page.$$eval('[role=alert]', (els) => els.map((e) => e.textContent ?? ''));
  return {
    alerts, page, external: b.externalRequests, errors: b.errors,
    close: async () => { await b.close(); await site.close(); copy.cleanup(); },
  };
}

/** One alert naming `file` and `detail`, controls working, nothing off-origin. */
async function expectOneAlert(o: Outcome, file: string, detail: RegExp): Promise<void> {
  try {
    expect(o.alerts).toHaveLength(1);
    expect(o.alerts[0]).toContain(`data/${file}`);
    expect(o.alerts[0]).toMatch(detail);
    await expectControlsWork(o.page);
    // Still one alert, now in English, after switching views and language.
    const after = await o.page.$$eval('[role=alert]', (els) => els.map((e) => e.textContent ?? ''));
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/could not be loaded/);
    expect(o.external, 'requests outside the origin').toEqual([]);
    expect(o.errors.filter((e) => e.startsWith('uncaught')), 'uncaught exceptions').toEqual([]);
  } finally {
    await o.close();
  }
}

const editManifest = (dir: string, edit: (m: Record<string, unknown>) => void) => {
  const f = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
  edit(m);
  writeFileSync(f, JSON.stringify(m));
};

describe('broken data: one alert naming the problem, the rest of the app works', () => {
  it('manifest.json missing (404)', async () => {
    await expectOneAlert(await openOver((dir) => rmSync(join(dir, 'manifest.json'))), 'manifest.json', /HTTP 404/);
  });

  it('manifest.json without built_at (the footer read it and the page went blank)', async () => {
    await expectOneAlert(await openOver((dir) => editManifest(dir, (m) => { delete m.built_at; })), 'manifest.json', /built_at/);
  });

  it('manifest.json with years that are not a list', async () => {
    await expectOneAlert(await openOver((dir) => editManifest(dir, (m) => { m.years = '2021'; })), 'manifest.json', /years/);
  });

  it('manifest.json pointing the DuckDB file at another site: refused, nothing fetched from it', async () => {
    const o = await openOver((dir) => editManifest(dir, (m) => {
      m.files = (m.files as { format: string; path: string }[]).map((f) => (f.format === 'duckdb' ? { ...f, path: 'https://evil.example/atlas.duckdb' } : f));
    }));
    await expectOneAlert(o, 'manifest.json', /points outside the data folder/);
  });

  it('atlas.duckdb missing a column of reports', async () => {
    const o = await openOver(async (dir) => {
      const db = await DuckDBInstance.create(join(dir, 'atlas.duckdb'));
      const conn = await db.connect();
      await conn.run('ALTER TABLE reports DROP COLUMN licensing');
      await conn.run('CHECKPOINT');
      conn.closeSync();
      db.closeSync();
      rmSync(join(dir, 'atlas.duckdb.wal'), { force: true });
    });
    await expectOneAlert(o, 'atlas.duckdb', /reports\.licensing/);
  });

  it('atlas.duckdb cut in half', async () => {
    const o = await openOver((dir) => {
      const f = join(dir, 'atlas.duckdb');
      truncateSync(f, Math.floor(statSync(f).size / 2));
    });
    await expectOneAlert(o, 'atlas.duckdb', /\S/);
  });

  it('manifest.json never answered: an alert after the timeout, not an endless spinner', async () => {
    const o = await openOver(() => undefined, { delay: { path: /manifest\.json/, ms: MANIFEST_TIMEOUT_MS + 60_000 }, timeout: MANIFEST_TIMEOUT_MS + 60_000 });
    await expectOneAlert(o, 'manifest.json', new RegExp(`no answer from the server after ${MANIFEST_TIMEOUT_MS / 1000} s`));
  }, 240_000);
});

describe('data the app does not read, and a slow server', () => {
  it('a corrupt reports.parquet (download only) does not stop the app', async () => {
    const o = await openOver((dir) => writeFileSync(join(dir, 'reports.parquet'), 'not parquet'), { expectAlert: false });
    try {
      expect(o.alerts).toEqual([]);
      expect(o.external).toEqual([]);
    } finally { await o.close(); }
  });

  it('a corrupt first-view.json: the app answers from DuckDB instead', async () => {
    const o = await openOver((dir) => writeFileSync(join(dir, 'first-view.json'), '{"built_at": '), { expectAlert: false });
    try {
      expect(o.alerts).toEqual([]);
      expect(o.external).toEqual([]);
      expect(o.errors).toEqual([]);
    } finally { await o.close(); }
  });

  it('a first-view.json whose every value is markup: no element injected, no crash', async () => {
    const o = await openOver((dir) => {
      const f = join(dir, 'first-view.json');
      if (!existsSync(f)) return;
      const fv = JSON.parse(readFileSync(f, 'utf8')) as { queries: Record<string, Record<string, unknown>[]> };
      for (const rows of Object.values(fv.queries)) {
        for (const r of rows) for (const k of Object.keys(r)) r[k] = '<img src=x onerror="window.__pwned=1">';
      }
      writeFileSync(f, JSON.stringify(fv));
    }, { expectAlert: false });
    try {
      const injected = await o.page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
        elements: document.querySelectorAll('img[src="x"], [onerror]').length,
      }));
      expect(injected).toEqual({ pwned: null, elements: 0 });
      expect(o.errors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
      expect(o.external).toEqual([]);
      expect(await o.page.locator('[role=tablist]').count()).toBe(1);
    } finally { await o.close(); }
  });

  it('a slow manifest and DuckDB file (3 s each): loading status, controls usable meanwhile, then the charts', async () => {
    const copy = copyData();
    const site = await startDelayedSite(copy.dir, { path: /^\/data\//, ms: 3000 });
    const b = await launchBrowser(site);
    try {
      const page = await b.open('/');
      await page.waitForSelector('.engine-loading[role=status]');
      await page.click('[role=tab][data-view=review]');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('view') === 'review');
      const states = await waitForCharts(page, 180_000);
      expect(Object.values(states).every((s) => s === 'ready' || s === 'empty')).toBe(true);
      expect(await page.locator('[role=alert]').count()).toBe(0);
      expect(b.externalRequests).toEqual([]);
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
      await site.close();
      copy.cleanup();
    }
  }, 240_000);
});
