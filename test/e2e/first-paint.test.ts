/**
 * First paint of the Overview in real Chromium: the HTML already shows the app's header
 * (before any script runs), the first cards are ready from the first view before DuckDB is,
 * and a chart card says `ready` only once its chart is drawn (ECharts loads lazily).
 */
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/app/i18n.ts';
import { launchBrowser, startSite, timings, waitForCharts, type Browser, type Site } from './harness.ts';
import { writeFixtureDataset } from './export-fixture.ts';

/**
 * Records every state a card shows, from the moment it is inserted: which state, whether
 * its chart was drawn and whether DuckDB was ready.
 */
const READY_LOG = `(() => {
  const log = window.__readyLog = [];
  const note = (card) => log.push({
    chart: card.getAttribute('data-chart'),
    state: card.getAttribute('data-state'),
    echart: !!card.querySelector('.echart'),
    canvas: !!card.querySelector('.echart canvas'),
    engineReady: (window.__gongkaiTimings || {}).engineReady !== undefined,
  });
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') {
        if (r.target instanceof Element && r.target.getAttribute('data-state') !== r.oldValue) note(r.target);
        continue;
      }
      for (const n of r.addedNodes) {
        if (!(n instanceof Element)) continue;
        if (n.matches('[data-chart]')) note(n);
        n.querySelectorAll('[data-chart]').forEach(note);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'], attributeOldValue: true });
})()`;

interface ReadyEntry { chart: string; state: string; echart: boolean; canvas: boolean; engineReady: boolean }

let dataDir: string;
let site: Site;
let browser: Browser;

beforeAll(async () => {
  dataDir = await writeFixtureDataset();
  site = await startSite({ dataDir });
  browser = await launchBrowser(site);
  await browser.context.addInitScript(READY_LOG);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (dataDir) await rm(dirname(dataDir), { recursive: true, force: true });
});

describe('first paint', () => {
  it('the HTML shows the app header before any script runs', async () => {
    const html = await (await fetch(`${site.origin}/`)).text();
    const root = html.slice(html.indexOf('<div id="root">'));
    expect(root).toContain(`<h1>${t('zh', 'appName')}`);
    expect(root).toContain(t('zh', 'appSubtitle'));
  });

  it('Overview cards are ready from the first view before DuckDB, and chart cards only once drawn', async () => {
    const page = await browser.open('/');
    const states = await waitForCharts(page);
    expect(Object.values(states).every((s) => s === 'ready')).toBe(true);
    const all = await page.evaluate('window.__readyLog') as ReadyEntry[];
    const log = all.filter((e) => e.state === 'ready');
    const startup = await timings(page);
    expect(log.map((e) => e.chart).sort()).toEqual(Object.keys(states).sort());
    // Served from first-view.json: ready while the engine is still starting.
    expect(startup.firstViewServed).toBeDefined();
    expect(log.filter((e) => e.engineReady)).toEqual([]);
    // The app renders once the first view is in: cards without ECharts (the KPI cards) are
    // ready in the first render, never shown loading.
    const plain = [...new Set(all.filter((e) => !e.echart).map((e) => e.chart))];
    expect(plain.length).toBeGreaterThan(0);
    for (const chart of plain) expect(all.find((e) => e.chart === chart)!.state, chart).toBe('ready');
    // An ECharts card turns ready with its canvas already drawn.
    const charts = log.filter((e) => e.echart);
    expect(charts.length).toBeGreaterThan(0);
    expect(charts.filter((e) => !e.canvas)).toEqual([]);
    expect(browser.errors).toEqual([]);
  }, 120_000);
});
