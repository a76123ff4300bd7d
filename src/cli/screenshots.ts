/**
 * Writes a PNG of every view in Chinese and English to screenshots/ (or the directory
 * given as the first argument): builds the app, serves it, drives Chromium.
 * Usage: npm run screenshots [-- <outDir>]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWS } from '../data/state.ts';
import { buildApp, launchBrowser, startSite, timings, waitForCharts } from '../../test/e2e/harness.ts';

const out = process.argv[2] ?? 'screenshots';
mkdirSync(out, { recursive: true });
await buildApp();
const site = await startSite();
const browser = await launchBrowser(site, { viewport: { width: 1360, height: 900 } });
const rows: Record<string, unknown>[] = [];
try {
  for (const lang of ['zh', 'en'] as const) {
    for (const view of VIEWS) {
      const page = await browser.open(`/?view=${view}${lang === 'en' ? '&lang=en' : ''}`);
      const states = await waitForCharts(page);
      await page.waitForTimeout(600); // let ECharts finish its entry animation
      const file = join(out, `${view}-${lang}.png`);
      await page.screenshot({ path: file, fullPage: true });
      rows.push({ file, ...Object.fromEntries(Object.entries(states).map(([k, v]) => [k.split('.')[1], v])), ...(await timings(page)) });
      await page.close();
    }
  }
} finally {
  await browser.close();
  await site.close();
}
console.table(rows.map(({ file, engineReady, firstChart }) => ({ file, engineReady, firstChart })));
if (browser.externalRequests.length || browser.errors.length) {
  console.error('off-origin requests:', browser.externalRequests, 'errors:', browser.errors);
  process.exitCode = 1;
}
