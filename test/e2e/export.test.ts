/**
 * Export in real Chromium on a fixture dataset (with a hostile agency name), served by
 * the e2e harness: view CSVs and zips match the same SQL run in Node on the Parquet
 * files; chart CSVs match the drawn values; PNG and SVG images have the chart's size.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnHeader } from '../../src/data/export-columns.ts';
import { exportQuery, type ExportSubject } from '../../src/data/export.ts';
import { parseUrlState } from '../../src/data/state.ts';
import { PNG_PIXEL_RATIO, SOURCE_BAND, TITLE_BAND } from '../../src/app/export/image.ts';
import { launchBrowser, startSite, tableValues, waitForCharts, type Browser, type Site } from './harness.ts';
import { HOSTILE_AGENCY, expectedRows, openDatasetParquet, sameNumber, writeFixtureDataset } from './export-fixture.ts';

let dataDir: string;
let site: Site;
let browser: Browser;
let conn: DuckDBConnection;
let page: Page;

beforeAll(async () => {
  dataDir = await writeFixtureDataset();
  conn = await openDatasetParquet(dataDir);
  site = await startSite({ dataDir });
  browser = await launchBrowser(site);
  page = await browser.open('/');
  await waitForCharts(page);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await rm(join(dataDir, '..'), { recursive: true, force: true });
});

/** Moves the app to another URL state without a reload (history + popstate), then waits for its charts. */
async function go(search: string): Promise<void> {
  await page.evaluate((s) => {
    history.pushState(null, '', `/${s}`);
    dispatchEvent(new PopStateEvent('popstate'));
  }, search);
  await page.waitForFunction((s) => location.search === s || (s === '' && location.search === ''), search);
  await waitForCharts(page);
}

/** Clicks a control and returns the downloaded file's name and bytes. */
async function download(page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(selector)]);
  return { name: dl.suggestedFilename(), bytes: await readFile((await dl.path())!) };
}

const utf8 = (b: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);

/** Asserts an exported CSV: BOM, CRLF records, RFC 4180, UI headers, exactly the Node rows. */
async function checkViewCsv(bytes: Uint8Array, subject: ExportSubject, search: string): Promise<string[][]> {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = utf8(bytes);
  expect(text.startsWith('\uFEFFsep=')).toBe(false);
  const { state } = parseUrlState(search);
  const q = exportQuery(subject, { filters: state.filters, params: state.params });
  const [header, ...rows] = parse(text, { bom: true, record_delimiter: '\r\n' }) as string[][];
  expect(header).toEqual(q.columns.map((c) => columnHeader(c, state.lang)));
  const expected = await expectedRows(conn, q.sql);
  expect(expected.length).toBeGreaterThan(0);
  expect(rows.map((r) => r.map(sameNumber))).toEqual(expected);
  return rows;
}

describe('view export', () => {
  const CASES: [ExportSubject, string][] = [
    ['overview', '?province=%E6%B5%99%E6%B1%9F%E7%9C%81&from=2021'],
    ['applications', '?view=applications&kind=department&to=2021'],
  ];
  for (const [subject, search] of CASES) {
    it(`${subject}: the CSV holds exactly the rows of the same SQL in Node`, async () => {
      await go(search);
      const { name, bytes } = await download(page, '[data-export="view-csv"]');
      expect(name).toMatch(new RegExp(`^gongkai_${subject}_20\\d\\d-20\\d\\d.*\\.csv$`));
      const rows = await checkViewCsv(bytes, subject, search);
      const agencies = rows.map((r) => r[1]);
      if (subject === 'overview') {
        expect(name).toBe('gongkai_overview_2021-2022_浙江省.csv');
        expect(agencies).toContain(`'${HOSTILE_AGENCY}`);
      }
      expect(agencies).not.toContain(HOSTILE_AGENCY);
      // Null figures are blank cells, never 0.
      expect(rows.some((r) => r.includes(''))).toBe(true);
    });
  }

  it('the zip holds the same CSV and a README 口径 note naming the template rows', async () => {
    const search = '?province=%E6%B5%99%E6%B1%9F%E7%9C%81&from=2021';
    await go(search);
    const { name, bytes } = await download(page, '[data-export="view-zip"]');
    expect(name).toBe('gongkai_overview_2021-2022_浙江省.zip');
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'gongkai_overview_2021-2022_浙江省.csv']);
    await checkViewCsv(files['gongkai_overview_2021-2022_浙江省.csv']!, 'overview', search);
    const readme = utf8(files['README.txt']!);
    expect(readme).toContain('第二十条第（五）项');
    expect(readme).toContain('表三');
    expect(readme).toContain('浙江省');
  });

  it('the whole dataset exports every report, with progress', async () => {
    await go('?province=%E6%B5%99%E6%B1%9F%E7%9C%81');
    const { name, bytes } = await download(page, '[data-export="dataset-csv"]');
    expect(name).toBe('gongkai_dataset_2020-2022.csv');
    const rows = await checkViewCsv(bytes, 'dataset', '');
    const total = Number((await conn.runAndReadAll('SELECT COUNT(*)::INTEGER FROM reports')).getRows()[0]![0]);
    expect(rows).toHaveLength(total);
    await page.waitForSelector('[data-export-status="done"]');
  });
});

describe('chart export', () => {
  beforeAll(async () => {
    await go('?province=%E6%B5%99%E6%B1%9F%E7%9C%81');
    expect((await waitForCharts(page))['overview.trend']).toBe('ready');
  });

  it('CSV: exactly the values the chart draws', async () => {
    const { name, bytes } = await download(page, '[data-chart="overview.trend"] [data-action="csv"]');
    expect(name).toBe('gongkai_overview.trend_2020-2022_浙江省.csv');
    const [header, ...rows] = parse(utf8(bytes), { bom: true }) as string[][];
    const drawn = await tableValues(page, 'overview.trend');
    const keys = Object.keys(drawn[0]!);
    expect(header!.map((h) => /\(([^)]+)\)$/.exec(h)?.[1] ?? h)).toEqual(keys);
    expect(rows).toEqual(drawn.map((r) => keys.map((k) => (r[k] === null ? '' : String(r[k])))));
  });

  it('PNG at 2x the chart size, SVG at the chart size, title and source included', async () => {
    const box = await page.locator('[data-chart="overview.trend"] .echart').boundingBox();
    const w = Math.round(box!.width);
    const h = Math.round(box!.height) + TITLE_BAND + SOURCE_BAND;
    const png = await download(page, '[data-chart="overview.trend"] [data-action="png"]');
    expect(png.name).toMatch(/\.png$/);
    expect([...png.bytes.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(png.bytes.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)]).toEqual([w * PNG_PIXEL_RATIO, h * PNG_PIXEL_RATIO]);
    expect(png.bytes.length).toBeGreaterThan(5000);

    const svg = await download(page, '[data-chart="overview.trend"] [data-action="svg"]');
    const text = svg.bytes.toString('utf8');
    const root = /<svg\b[^>]*>/.exec(text)![0];
    expect(root).toContain(`width="${w}"`);
    expect(root).toContain(`height="${h}"`);
    expect(text).toContain('<path');
    // Well-formed XML, and it draws: the browser decodes it as an image of the same size.
    expect(await page.evaluate((svgText) => new DOMParser().parseFromString(svgText, 'image/svg+xml').querySelector('parsererror')?.textContent ?? null, text)).toBeNull();
    expect(await page.evaluate(async (svgText) => {
      const img = new Image();
      img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, text)).toEqual([w, h]);
    const title = await page.locator('[data-chart="overview.trend"] .card-title').textContent();
    expect(text).toContain(`>${title}</text>`);
    expect(text).toContain('表二');
  });

  it('raised no console errors and no off-origin requests', () => {
    expect(browser.errors).toEqual([]);
    expect(browser.externalRequests).toEqual([]);
  });
});
