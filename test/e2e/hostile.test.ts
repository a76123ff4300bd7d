/**
 * Hostile input in real Chromium: agency and district names carrying markup (a dataset
 * written with the project's writer into a temp dir) show as text in every view, the
 * rankings and the tooltips; hostile, malformed, unknown and 100 KB URL parameters are
 * ignored or clamped with a visible notice; nothing from the URL or the data becomes HTML
 * (no injected element, no dialog); no request leaves the origin.
 * Broken data is in test/e2e/hostile-data.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/report/parse.ts';
import { isFailure, type ReportRecord } from '../../src/report/record.ts';
import { writeDataset } from '../../src/data/node/dataset-writer.ts';
import { reportId } from '../../src/data/node/rows.ts';
import { E2E_DIST, launchBrowser, startSite, waitForCharts, type Browser, type Site } from './harness.ts';

/** Markup an attacker could put in a published report's title (and so in the agency name). */
const HOSTILE = {
  img: '<img src=x onerror="window.__pwned=1;alert(1)">测试局',
  script: '<script>window.__pwned=2;alert(2)</script>人民政府',
  svg: '"><svg onload="window.__pwned=3">街道办事处',
  js: 'javascript:alert(1)//管理委员会',
} as const;
const HOSTILE_DISTRICT = '<b onmouseover=alert(3)>坏区</b>';

let root: string;
let site: Site;
let browser: Browser;
const dialogs: string[] = [];

/** Records: the seed report under hostile agency names, in a hostile district, over two years. */
function hostileRecords(): ReportRecord[] {
  const bytes = new Uint8Array(readFileSync('data/reports/seed/gongnong-2022.txt'));
  const seed = parseReport({ source: 'seed', bytes, sha256: 'x' });
  if (isFailure(seed)) throw new Error(seed.error);
  const out: ReportRecord[] = [];
  let n = 0;
  for (const year of [2021, 2022]) {
    for (const [i, agency] of [...Object.values(HOSTILE), seed.agency!].entries()) {
      n++;
      out.push({
        ...seed, source: `hostile/${year}-${i}.txt`, sha256: String(n).padStart(64, '0'), agency, year,
        district: i % 2 ? HOSTILE_DISTRICT : seed.district, region_code: i % 2 ? null : seed.region_code,
        figures: { ...seed.figures, licensing: 100 * (i + 1) + year - 2000, penalty: 10 * (i + 1) },
        checks: i === 0 ? [{ check: 'C1', column: 'total', expected: 1, actual: 2 }] : [],
        warnings: [`${HOSTILE.img} warning`],
      });
    }
  }
  return out;
}

/** What markup from the URL or the data could have done to the page. */
async function injected(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
    elements: [...document.querySelectorAll('img[src="x"], [onerror], [onload], [onmouseover], script:not([src]):not([type="module"])')]
      .map((e) => e.outerHTML.slice(0, 80)),
    jsLinks: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!).filter((h) => /^\s*javascript:/i.test(h)),
  }));
}
const CLEAN = { pwned: null, elements: [], jsLinks: [] };

async function chartStates(page: Page): Promise<Record<string, string>> {
  return waitForCharts(page);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gongkai-hostile-'));
  await writeDataset(hostileRecords(), { outDir: join(root, 'data'), builtAt: '2026-01-01T00:00:00.000Z', synthetic: true });
  site = await startSite({ dataDir: join(root, 'data') });
  browser = await launchBrowser(site);
  const watch = (p: Page) => p.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  browser.context.pages().forEach(watch);
  browser.context.on('page', watch);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  const external = browser.externalRequests.splice(0);
  const errors = browser.errors.splice(0);
  const fired = dialogs.splice(0);
  expect(external, 'requests outside the origin').toEqual([]);
  expect(errors, 'console errors / uncaught exceptions').toEqual([]);
  expect(fired, 'dialogs').toEqual([]);
});

describe('markup in the data shows as text', () => {
  let page: Page;
  /** Moves the app to another URL state without a reload (history + popstate), then waits for its charts. */
  async function go(search: string): Promise<Record<string, string>> {
    page ??= await browser.open('/');
    await page.evaluate((s) => { history.pushState(null, '', `/${s}`); dispatchEvent(new PopStateEvent('popstate')); }, search);
    await page.waitForFunction((s) => location.search === s, search);
    return chartStates(page);
  }
  afterAll(async () => { await page?.close(); });

  const views = ['?view=overview', '?view=compare&by=agency', '?view=compare&by=district', '?view=quality', '?view=applications', '?view=review'];
  for (const search of views) {
    it(`${search}: charts settle, no element injected`, async () => {
      const states = await go(search);
      expect(Object.entries(states).filter(([, s]) => s === 'error')).toEqual([]);
      expect(await injected(page)).toEqual(CLEAN);
      if (search.includes('by=agency')) {
        // The ranking's table lists the names exactly, as text.
        const names = await page.$$eval('[data-chart="compare.rank"] td[data-key]', (tds) => tds.map((td) => td.textContent));
        for (const name of Object.values(HOSTILE)) expect(names).toContain(name);
      }
      if (search.includes('by=district')) expect(await page.textContent('[data-chart="compare.rank"]')).toContain(HOSTILE_DISTRICT);
      if (search.includes('quality')) expect(await page.textContent('[data-chart="quality.failures"]')).toContain(HOSTILE.img);
    });
  }

  for (const [kind, agency] of Object.entries(HOSTILE)) {
    it(`report view of the ${kind} agency shows its name as text`, async () => {
      await go(`?view=report&report=${reportId({ agency, year: 2022, source: '' })}`);
      expect(await page.getAttribute('[data-chart="report.tables"]', 'data-state')).toBe('ready');
      expect(await page.evaluate(() => document.body.innerText)).toContain(agency);
      expect(await injected(page)).toEqual(CLEAN);
    });
  }

  it('ranking tooltips show the names as text (hovering every bar)', async () => {
    await go('?view=compare&by=agency&top=30');
    const chart = page.locator('[data-chart="compare.rank"] .echart');
    const box = (await chart.boundingBox())!;
    const seen = new Set<string>();
    let markupInTooltip = 0;
    for (let y = box.y + 10; y < box.y + box.height - 10; y += 8) {
      await page.mouse.move(box.x + box.width / 2, y);
      await page.waitForTimeout(30);
      const tip = await page.evaluate(() => {
        const el = [...document.querySelectorAll('[data-chart="compare.rank"] .echart div')].find((d) => (d as HTMLElement).style.zIndex === '9999999' && (d as HTMLElement).style.display !== 'none');
        return el ? { text: el.textContent ?? '', markup: el.querySelectorAll('img, svg, script, b[onmouseover]').length } : null;
      });
      if (!tip) continue;
      markupInTooltip += tip.markup;
      for (const name of Object.values(HOSTILE)) if (tip.text.includes(name)) seen.add(name);
    }
    expect(markupInTooltip).toBe(0);
    expect([...seen].sort()).toEqual(Object.values(HOSTILE).sort());
    expect(await injected(page)).toEqual(CLEAN);
  });
});

describe('hostile URL parameters', () => {
  const PARAMS = ['view', 'lang', 'province', 'city', 'district', 'kind', 'q', 'from', 'to', 'template', 'figure', 'year', 'top', 'by', 'report', 'chart', 'theme', 'title', 'nonsense'];
  const VALUES: Record<string, string> = {
    img: '<img src=x onerror=alert(1)>',
    js: 'javascript:alert(1)',
    sql: "x' OR 1=1; DROP TABLE reports; --",
    unicode: '\u202e\u0000\ufffd\u200d𠀀\u0301\uffff"\'\\',
    // 19 parameters × 5 KB: a 100 KB query string (one 100 KB value is in the malformed-encoding case).
    long: 'A'.repeat(5 * 1024),
  };

  /**
   * Opens a URL, waits for the app, and checks what every such page must satisfy. URLs
   * over 8 KB are answered with the app's index.html in the browser: a real server (Node's
   * included, 431) refuses request lines that long, but a link can still carry them.
   */
  async function expectSafe(search: string): Promise<Page> {
    const page = await browser.context.newPage();
    if (search.length > 8000) {
      const html = readFileSync(join(E2E_DIST, 'index.html'), 'utf8');
      await page.route((url) => url.search.length > 8000, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    }
    await page.goto(`${site.origin}/${search}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[role=tablist]');
    const states = await chartStates(page);
    expect(Object.entries(states).filter(([, s]) => s === 'error'), 'no chart fails').toEqual([]);
    expect(await injected(page)).toEqual(CLEAN);
    expect(await page.locator('[role=alert]').count()).toBe(0);
    return page;
  }

  for (const [kind, value] of Object.entries(VALUES)) {
    it(`every parameter set to a ${kind} value: ignored or clamped, with a bounded notice`, async () => {
      const search = `?${PARAMS.map((p) => `${p}=${encodeURIComponent(value)}`).join('&')}`;
      const page = await expectSafe(search);
      const notice = (await page.textContent('[role=status]')) ?? '';
      expect(notice).toMatch(/view=/);
      expect(notice).toMatch(/nonsense=/);
      expect(notice.length, 'notice length').toBeLessThan(2500);
      // The address bar keeps only what was accepted (free-text filters up to 100 characters).
      expect(new URL(page.url()).search.length).toBeLessThan(2500);
      expect(await page.getAttribute('main', 'data-view')).toBe('overview');
      await page.close();
    });
  }

  it('malformed percent-encoding and a 100 KB parameter name', async () => {
    const page = await expectSafe(`?view=%E0%A4%A&q=%FF%FE%00&province=%&${'n'.repeat(100 * 1024)}=1&top=%2&city=${'城'.repeat(100 * 1024 / 9)}`);
    const notice = (await page.textContent('[role=status]')) ?? '';
    expect(notice.length).toBeLessThan(2500);
    expect(notice).toContain('…');
    expect(notice).toContain('city=城城');
    await page.close();
  });

  it('embed page with hostile chart, theme and title', async () => {
    const page = await browser.open(`/embed/?chart=${encodeURIComponent(VALUES.img!)}&theme=${encodeURIComponent(VALUES.js!)}&title=${encodeURIComponent(VALUES.img!)}&q=${encodeURIComponent(VALUES.img!)}`);
    await page.waitForLoadState('load');
    await page.waitForTimeout(500);
    expect(await injected(page)).toEqual(CLEAN);
    expect((await page.evaluate(() => document.body.innerText)).trim().length).toBeGreaterThan(0);
    await page.close();
    const ok = await browser.open(`/embed/?chart=compare.rank&by=agency&title=${encodeURIComponent(VALUES.img!)}`);
    await ok.waitForSelector('[data-chart="compare.rank"][data-state="ready"]', { timeout: 120_000 });
    expect(await injected(ok)).toEqual(CLEAN);
    expect(await ok.textContent('body')).toContain(HOSTILE.img);
    await ok.close();
  });
});
