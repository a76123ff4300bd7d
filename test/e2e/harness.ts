/**
 * End-to-end harness: builds the app once per test run, serves it from a Node static
 * server with correct Range/Content-Length/404 handling, and drives Debian Chromium via
 * playwright-core with every request outside the page's origin aborted and recorded.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { serveStatic } from '../../src/cli/serve-static.ts';

/** Where the e2e build goes (not dist/, so a running preview is not disturbed). */
export const E2E_DIST = resolve('.cache/e2e-dist');

/** The dataset the tests read: public/data when built, else the throwaway dev dataset. */
export function dataDir(): string {
  if (process.env.GONGKAI_DATA_DIR) return resolve(process.env.GONGKAI_DATA_DIR);
  return existsSync('public/data/manifest.json') ? resolve('public/data') : resolve('.cache/dev-data');
}

/** Builds the app into E2E_DIST (called once from the e2e globalSetup). */
export async function buildApp(): Promise<string> {
  const { build } = await import('vite');
  await build({ logLevel: 'warn', build: { outDir: E2E_DIST, emptyOutDir: true } });
  return E2E_DIST;
}

export interface Site {
  origin: string;
  /** Directory served as the site root. */
  root: string;
  close: () => Promise<void>;
}

/** Serves the built app; `dataDir` overrides what is served at /data/. */
export async function startSite(opts: { root?: string; dataDir?: string } = {}): Promise<Site> {
  const root = opts.root ?? E2E_DIST;
  if (!existsSync(join(root, 'index.html'))) throw new Error(`no build at ${root}: run the e2e globalSetup (buildApp) first`);
  const s = await serveStatic(root, 0, { dataDir: opts.dataDir ?? dataDir() });
  return { origin: s.origin, root, close: s.close };
}

/**
 * A copy of the data directory to tamper with (corrupt file, unknown schema version);
 * returns its path and a cleanup function.
 */
export function copyData(from = dataDir()): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-data-'));
  cpSync(from, dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--no-first-run',
];

export interface Browser {
  context: BrowserContext;
  /** Requests to another origin that were attempted (and aborted, unless launched with `intercept: false`). */
  externalRequests: string[];
  /** Console errors and uncaught exceptions from every page. */
  errors: string[];
  /** Opens a page on the site (path may include a query string) and waits for DOM ready. */
  open: (path?: string) => Promise<Page>;
  close: () => Promise<void>;
}

/**
 * Launches Chromium with a fresh profile, guarding every page against off-origin requests.
 * `intercept: false` (benchmarks) only records them: Playwright's request interception
 * holds every request until the driver process answers, 0.1–0.25 s each at page start on
 * the project machine, which timings must not include.
 */
export async function launchBrowser(site: Site, opts: { viewport?: { width: number; height: number }; allowConsoleErrors?: RegExp; intercept?: boolean } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'gongkai-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1280, height: 900 }, locale: 'zh-CN',
  });
  const externalRequests: string[] = [];
  const errors: string[] = [];
  const origin = new URL(site.origin).origin;
  const external = (url: string): boolean => !(url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin);
  if (opts.intercept === false) {
    context.on('request', (request) => { if (external(request.url())) externalRequests.push(request.url()); });
  } else {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (!external(url)) return route.continue();
      externalRequests.push(url);
      return route.abort('blockedbyclient');
    });
  }
  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() !== 'error' || opts.allowConsoleErrors?.test(m.text())) return;
      // DuckDB probes `<db>.wal` when attaching; the server's 404 is the right answer, not an app error.
      if (/Failed to load resource.*404/.test(m.text()) && /\.wal$/.test(m.location().url)) return;
      errors.push(`console: ${m.text()} (${m.location().url})`);
    });
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context, externalRequests, errors,
    open: async (path = '/') => {
      const page = context.pages().find((p) => p.url() === 'about:blank') ?? await context.newPage();
      await page.goto(site.origin + path, { waitUntil: 'domcontentloaded' });
      return page;
    },
    close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

export type ChartStateName = 'loading' | 'ready' | 'empty' | 'error';

/** Waits until every chart on the page has settled (no `loading`) and returns id → state. */
export async function waitForCharts(page: Page, timeout = 120_000): Promise<Record<string, ChartStateName>> {
  await page.waitForFunction(() => {
    const cards = [...document.querySelectorAll('[data-chart]')];
    return cards.length > 0 && cards.every((c) => c.getAttribute('data-state') !== 'loading');
  }, undefined, { timeout });
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-chart]')].map((c) => [c.getAttribute('data-chart')!, c.getAttribute('data-state')!]))) as Promise<Record<string, ChartStateName>>;
}

/** The values of a chart's data table: one object per row, column key → raw value (from `data-value`). */
export async function tableValues(page: Page, chartId: string): Promise<Record<string, unknown>[]> {
  return page.evaluate((id) => {
    const card = document.querySelector(`[data-chart="${id}"]`);
    if (!card) throw new Error(`no chart ${id}`);
    return [...card.querySelectorAll('table.data-table tbody tr')].map((tr) =>
      Object.fromEntries([...tr.querySelectorAll('td[data-key]')].map((td) => [td.getAttribute('data-key')!, JSON.parse(td.getAttribute('data-value')!)])));
  }, chartId);
}

/** Start-up timings the app records (`window.__gongkaiTimings`). */
export async function timings(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => ({ ...(window as unknown as { __gongkaiTimings?: Record<string, number> }).__gongkaiTimings }));
}
