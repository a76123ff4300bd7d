/**
 * The dashboard in real Chromium on the bundled dataset: every view's charts settle and
 * draw exactly what the same SQL gives in Node on the Parquet files; filters live in the
 * URL (reload, fresh page, back/forward); no request leaves the origin; broken data gives
 * an alert naming the file; no console errors anywhere.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chartsOf, isEmptyResult } from '../../src/charts/registry.ts';
import { VIEWS, type ViewId } from '../../src/data/state.ts';
import { reportCells, reportList, reportRow } from '../../src/data/sql/report.ts';
import { parseUrlState } from '../../src/data/state.ts';
import { columnOf } from '../../src/report/template.ts';
import { copyData, dataDir, launchBrowser, startSite, tableValues, timings, waitForCharts, type Browser, type Site } from './harness.ts';
import { diffRows, expectedChartRows, openParquet, rowsOf } from './reference.ts';

let site: Site;
let browser: Browser;
let conn: DuckDBConnection;
const measured: Record<string, unknown>[] = [];

beforeAll(async () => {
  site = await startSite();
  browser = await launchBrowser(site);
  conn = await openParquet(dataDir());
});
afterAll(async () => {
  if (measured.length) console.table(measured);
  await browser?.close();
  await site?.close();
});
afterEach(() => {
  // Taken out before asserting, so one test's failure does not fail the next ones.
  const external = browser.externalRequests.splice(0);
  const errors = browser.errors.splice(0);
  expect(external, 'requests outside the origin').toEqual([]);
  expect(errors, 'console errors / uncaught exceptions').toEqual([]);
});

/** Asserts every registry chart on the page draws the Node rows for the page's URL. */
async function expectChartsMatchNode(page: Page, view: ViewId): Promise<void> {
  const search = new URL(page.url()).search;
  const states = await waitForCharts(page);
  for (const def of chartsOf(view)) {
    const expected = await expectedChartRows(conn, def.id, search);
    const state = states[def.id];
    if (state === 'empty') {
      // Empty only when the data has nothing to draw.
      expect(isEmptyResult(def, expected), `${def.id} empty`).toBe(true);
      continue;
    }
    expect(state, def.id).toBe('ready');
    const actual = await tableValues(page, def.id);
    expect(diffRows(actual, expected), `${def.id} at ${search}`).toBeNull();
  }
}

describe('views on the bundled data', () => {
  for (const view of VIEWS) {
    it(`${view}: charts settle and equal the SQL run in Node`, async () => {
      const page = await browser.open(`/?view=${view}`);
      await expectChartsMatchNode(page, view);
      const tm = await timings(page);
      measured.push({ view, ...tm });
      await page.close();
    });
  }

  it('English: same values, English labels', async () => {
    const page = await browser.open('/?view=applications&lang=en');
    await expectChartsMatchNode(page, 'applications');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect(page.locator('[role=tab][aria-selected=true]').textContent()).resolves.toBe('Applications');
    await page.close();
  });

  it('report view lays out one report from atlas tables, with its source file', async () => {
    const list = await rowsOf(conn, reportList(parseUrlState('').state));
    const withCells = list.find((r) => Number(r.failed_checks) > 0) ?? list[0]!;
    const id = String(withCells.report_id);
    const page = await browser.open(`/?view=report&report=${encodeURIComponent(id)}`);
    await waitForCharts(page);
    expect(await page.getAttribute('[data-chart="report.tables"]', 'data-state')).toBe('ready');
    const [row] = await rowsOf(conn, reportRow(id));
    expect(await page.textContent('[data-source]')).toBe(String(row!.source));
    const cells = await rowsOf(conn, reportCells(id));
    const shown = await page.$$eval('[data-chart="report.tables"] td[data-cell]', (tds) => Object.fromEntries(tds.map((td) => [td.getAttribute('data-cell')!, JSON.parse(td.getAttribute('data-value')!)])));
    for (const c of cells) {
      const k = `${c.row}.${c.applicant}`;
      if (k in shown) expect(shown[k], k).toBe(c.count);
    }
    for (const key of ['licensing', 'penalty', 'review_total']) if (key in shown) expect(shown[key], key).toBe(row![columnOf(key)] ?? null);
    if (Number(withCells.failed_checks) > 0) expect(await page.locator('td.cell-failed').count()).toBeGreaterThan(0);
    await page.close();
  });
});

describe('URL state', () => {
  it('filters change the URL and the charts; a fresh page and back/forward restore them', async () => {
    const page = await browser.open('/?view=compare');
    await waitForCharts(page);
    const before = await tableValues(page, 'compare.rank');
    const province = await page.$eval('select[name=province]', (s) => (s as HTMLSelectElement).options[1]?.value ?? '');
    expect(province).not.toBe('');
    await page.selectOption('select[name=province]', province);
    await page.waitForFunction((p) => new URL(location.href).searchParams.get('province') === p, province);
    await page.selectOption('select[name=top]', '5');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('top') === '5');
    await expectChartsMatchNode(page, 'compare');
    const filteredUrl = page.url();
    const after = await tableValues(page, 'compare.rank');
    expect(after).not.toEqual(before);

    const fresh = await browser.context.newPage();
    await fresh.goto(filteredUrl);
    await waitForCharts(fresh);
    expect(await tableValues(fresh, 'compare.rank')).toEqual(after);
    expect(await fresh.$eval('select[name=province]', (s) => (s as HTMLSelectElement).value)).toBe(province);
    await fresh.close();

    await page.goBack(); // undo top=5
    await page.goBack(); // undo province
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('province'));
    await waitForCharts(page);
    expect(await tableValues(page, 'compare.rank')).toEqual(before);
    await page.goForward();
    await page.waitForFunction((p) => new URL(location.href).searchParams.get('province') === p, province);
    await waitForCharts(page);
    expect(await page.$eval('select[name=province]', (s) => (s as HTMLSelectElement).value)).toBe(province);
    await page.close();
  });

  it('view tabs and the language switch are in the URL', async () => {
    const page = await browser.open('/');
    await waitForCharts(page);
    await page.click('[role=tab][data-view=review]');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('view') === 'review');
    await page.click('.lang-switch');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('lang') === 'en');
    await expectChartsMatchNode(page, 'review');
    await page.reload();
    await waitForCharts(page);
    await expect(page.locator('[role=tab][aria-selected=true]').textContent()).resolves.toBe('Review & litigation');
    await page.close();
  });

  it('invalid parameters are ignored with a visible notice, not an error page', async () => {
    const page = await browser.open('/?view=nope&from=abc&figure=%3Cscript%3E&top=7&year=2021');
    await waitForCharts(page);
    const notice = await page.textContent('[role=status]');
    expect(notice).toContain('view=nope');
    expect(notice).toContain('from=abc');
    expect(notice).toContain('figure=<script>');
    expect(notice).toContain('top=7');
    expect(await page.getAttribute('main', 'data-view')).toBe('overview');
    expect(new URL(page.url()).search).toBe('?year=2021');
    await page.close();
  });
});

describe('broken data', () => {
  async function alertFor(mutate: (dir: string) => void): Promise<string> {
    const copy = copyData();
    mutate(copy.dir);
    const s = await startSite({ dataDir: copy.dir });
    const b = await launchBrowser(s, { allowConsoleErrors: /Failed to load resource/ });
    try {
      const page = await b.open('/');
      const alert = page.locator('[role=alert]');
      await alert.waitFor({ timeout: 60_000 });
      const text = (await alert.textContent()) ?? '';
      expect(b.externalRequests).toEqual([]);
      expect(b.errors).toEqual([]);
      return text;
    } finally {
      await b.close();
      await s.close();
      copy.cleanup();
    }
  }

  it('a corrupt DuckDB file gives an alert naming it', async () => {
    const text = await alertFor((dir) => {
      const f = join(dir, 'atlas.duckdb');
      const bytes = readFileSync(f);
      bytes.fill(0x5a, 0, Math.min(bytes.length, 64 * 1024));
      writeFileSync(f, bytes);
    });
    expect(text).toContain('atlas.duckdb');
  });

  it('a missing DuckDB file gives an alert naming it', async () => {
    const text = await alertFor((dir) => rmSync(join(dir, 'atlas.duckdb')));
    expect(text).toContain('atlas.duckdb');
  });

  it('an unknown schema version gives an alert naming manifest.json', async () => {
    const text = await alertFor((dir) => {
      const f = join(dir, 'manifest.json');
      writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(f, 'utf8')), schema_version: 999 }));
    });
    expect(text).toContain('manifest.json');
    expect(text).toContain('999');
  });

  it('a corrupt manifest gives an alert naming it', async () => {
    const text = await alertFor((dir) => writeFileSync(join(dir, 'manifest.json'), '{"schema_version": 1, "files": ['));
    expect(text).toContain('manifest.json');
  });
});

describe('navigation', () => {
  it('a failed check row opens its report, with the failing cells marked', async () => {
    const page = await browser.open('/?view=quality');
    await waitForCharts(page);
    const rows = page.locator('[data-chart="quality.failures"] tbody tr');
    const n = Number((await rowsOf(conn, 'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM checks'))[0]!.n);
    expect(await rows.count()).toBe(Math.min(2000, n));
    if (n === 0) return; // nothing to open in this dataset
    await rows.first().click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('view') === 'report');
    await waitForCharts(page);
    expect(new URL(page.url()).searchParams.get('report')).toBeTruthy();
    expect(await page.locator('td.cell-failed').count()).toBeGreaterThan(0);
    await page.close();
  });
});
