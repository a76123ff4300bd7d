/**
 * The embed page in real Chromium: a host page on another origin (another port) embeds
 * two charts with the snippet the app hands out; each chart gets ready, each frame takes
 * the height its page posts (no inner scroll bars), and the values equal the full view's.
 */
import { createServer, type Server } from 'node:http';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedSnippet } from '../../src/app/embed/snippet.ts';
import { launchBrowser, startSite, tableValues, waitForCharts, type Browser, type Site } from './harness.ts';
import { writeFixtureDataset } from './export-fixture.ts';

const ZJ = encodeURIComponent('浙江省');
const EMBEDS = [
  { chart: 'overview.trend', search: `?province=${ZJ}&from=2021` },
  { chart: 'applications.outcomes', search: '?view=applications&kind=department&lang=en&theme=dark&title=0&bogus=%3Cb%3Ex%3C%2Fb%3E' },
];

let dataDir: string;
let site: Site;
let browser: Browser;
let host: Server;
let hostOrigin: string;
const warnings: string[] = [];

/** The host page: both snippets, plus a log of every message it receives. */
function hostPage(appOrigin: string): string {
  const snippets = EMBEDS.map((e) => embedSnippet({ origin: appOrigin, chart: e.chart, search: e.search, title: e.chart, height: 150 }));
  return `<!doctype html><html><head><meta charset="utf-8"><title>host</title></head><body style="margin:0">
<script>window.__msgs = []; addEventListener('message', function (e) { window.__msgs.push({ origin: e.origin, data: e.data }); });</script>
<h1>Host article</h1>
${snippets.join('\n<p>Between the charts.</p>\n')}
</body></html>`;
}

beforeAll(async () => {
  dataDir = await writeFixtureDataset();
  site = await startSite({ dataDir });
  browser = await launchBrowser(site);
  host = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(hostPage(site.origin));
  });
  await new Promise<void>((ok) => host.listen(0, '127.0.0.1', ok));
  const addr = host.address();
  hostOrigin = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  // The harness aborts requests off the app's origin; the host page is the one exception.
  await browser.context.route(`${hostOrigin}/**`, (route) => route.continue());
  browser.context.on('page', (p) => p.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); }));
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await new Promise((ok) => host?.close(ok));
  await rm(join(dataDir, '..'), { recursive: true, force: true });
});

/** A chart's data-table values inside a frame. */
function frameValues(frame: Frame, chart: string): Promise<Record<string, unknown>[]> {
  return frame.evaluate((id) => [...document.querySelectorAll(`[data-chart="${id}"] table.data-table tbody tr`)].map((tr) =>
    Object.fromEntries([...tr.querySelectorAll('td[data-key]')].map((td) => [td.getAttribute('data-key')!, JSON.parse(td.getAttribute('data-value')!)]))), chart);
}

describe('embed on another origin', () => {
  let page: Page;
  let frames: Frame[];

  beforeAll(async () => {
    page = await browser.context.newPage();
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await page.goto(`${hostOrigin}/article`);
    await page.waitForFunction((n) => document.querySelectorAll('iframe[data-gongkai-chart]').length === n, EMBEDS.length);
    frames = [];
    for (const e of EMBEDS) {
      const handle = await page.$(`iframe[data-gongkai-chart="${e.chart}"]`);
      const frame = await handle!.contentFrame();
      await frame!.waitForSelector(`[data-chart="${e.chart}"][data-state="ready"]`, { timeout: 90_000 });
      frames.push(frame!);
    }
  });

  it('each chart is ready and each frame takes the height its page posts, without scroll bars', async () => {
    await page.waitForFunction((charts) => {
      const msgs = (window as unknown as { __msgs: { data: { type: string; chart: string; height: number } }[] }).__msgs;
      return charts.every((c) => {
        const last = msgs.filter((m) => m.data?.type === 'gongkai:resize' && m.data.chart === c).at(-1);
        const f = document.querySelector<HTMLIFrameElement>(`iframe[data-gongkai-chart="${c}"]`)!;
        return last !== undefined && Math.abs(f.getBoundingClientRect().height - last.data.height) < 1 && last.data.height > 150;
      });
    }, EMBEDS.map((e) => e.chart), { timeout: 30_000 });
    const msgs = await page.evaluate(() => (window as unknown as { __msgs: { origin: string; data: unknown }[] }).__msgs);
    expect(msgs.every((m) => m.origin === site.origin)).toBe(true);
    for (const frame of frames) {
      const [scrollHeight, clientHeight, scrollWidth, clientWidth] = await frame.evaluate(() => {
        const d = document.documentElement;
        return [d.scrollHeight, d.clientHeight, d.scrollWidth, d.clientWidth];
      });
      expect(scrollHeight).toBeLessThanOrEqual(clientHeight);
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    }
  });

  it('draws the same values as the full view with the same filters', async () => {
    const full = await browser.open('/?view=applications&kind=department');
    await waitForCharts(full);
    expect(await frameValues(frames[1]!, 'applications.outcomes')).toEqual(await tableValues(full, 'applications.outcomes'));
    await full.goto(`${site.origin}/?province=${ZJ}&from=2021`);
    await waitForCharts(full);
    const values = await frameValues(frames[0]!, 'overview.trend');
    expect(values.length).toBe(2);
    expect(values).toEqual(await tableValues(full, 'overview.trend'));
    await full.close();
  });

  it('applies theme, language and title options, shows a source line and a link back', async () => {
    const [light, dark] = frames as [Frame, Frame];
    expect(await light.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await dark.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await dark.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 255, 255)');
    expect(await light.locator('.card-title').isVisible()).toBe(true);
    expect(await dark.locator('.card-title').isVisible()).toBe(false);
    expect(await dark.locator('.embed-source').textContent()).toMatch(/^Source:/);
    expect(await light.locator('.embed-source').textContent()).toMatch(/^数据来源/);
    const back = await light.locator('a.embed-link').getAttribute('href');
    expect(back).toBe(`${site.origin}/?province=${ZJ}&from=2021`);
    expect(await dark.locator('a.embed-link').getAttribute('href')).toBe(`${site.origin}/?view=applications&lang=en&kind=department`);
  });

  it('ignores the unknown parameter with a console warning and renders none of it', async () => {
    expect(warnings.some((w) => /ignored parameter bogus=/.test(w))).toBe(true);
    expect(await frames[1]!.evaluate(() => document.querySelector('b') === null && !document.body.innerHTML.includes('<b>x'))).toBe(true);
    expect(browser.errors).toEqual([]);
  });
});

describe('the /embed URL', () => {
  it('works without a trailing slash and sends no frame-blocking or isolation headers', async () => {
    const res = await fetch(`${site.origin}/embed?chart=overview.trend`);
    expect(res.status).toBe(200);
    for (const h of ['x-frame-options', 'cross-origin-opener-policy', 'cross-origin-embedder-policy', 'content-security-policy']) {
      expect(res.headers.get(h)).toBeNull();
    }
    const page = await browser.open('/embed?chart=overview.trend');
    await page.waitForSelector('[data-embed="overview.trend"] [data-chart="overview.trend"][data-state="ready"]', { timeout: 90_000 });
    await page.close();
  });

  it('a missing chart is a plain message with a link, never an error page', async () => {
    const page = await browser.open('/embed/?chart=nope&theme=neon');
    await page.waitForSelector('[data-embed="none"]');
    expect(warnings.some((w) => /chart="nope"/.test(w))).toBe(true);
    expect(warnings.some((w) => /theme="neon"/.test(w))).toBe(true);
    expect(browser.errors).toEqual([]);
    await page.close();
  });
});
