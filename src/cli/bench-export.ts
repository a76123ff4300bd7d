/**
 * Bench of the CSV export in real Chromium: a dataset of N reports (the export test
 * fixture replicated, spread over six years), the "whole dataset" export clicked in the
 * app, timed to the download, with the progress updates seen and the longest main-thread
 * gap (frame to frame) while it ran. Prints a table.
 *
 *   npm run bench:export -- [reports=200000 …]
 */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { REPORT_ORDER, type Manifest } from '../data/schema.ts';
import { peersSelectSql, rollupSelectSql } from '../data/sql/rollup.ts';
import { E2E_DIST, buildApp, launchBrowser, startSite, waitForCharts } from '../../test/e2e/harness.ts';
import { writeFixtureDataset } from '../../test/e2e/export-fixture.ts';

/** Writes a dataset of `n` reports (fixture rows replicated over 2019–2024) next to the fixture. */
async function bigDataset(fixtureDir: string, n: number): Promise<string> {
  const out = join(fixtureDir, '..', `big-${n}`);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`ATTACH '${join(fixtureDir, 'atlas.duckdb')}' AS f`);
  await c.run(`ATTACH '${join(out, 'atlas.duckdb')}' AS o`);
  const base = Number((await c.runAndReadAll('SELECT COUNT(*) FROM f.reports')).getRows()[0]![0]);
  const copies = Math.ceil(n / base);
  await c.run(`CREATE TABLE o.reports AS
    SELECT * REPLACE (r.report_id || '-' || i AS report_id, CAST(2019 + i % 6 AS INTEGER) AS year)
    FROM f.reports r, range(${copies}) t(i)
    QUALIFY row_number() OVER () <= ${n}
    ORDER BY ${REPORT_ORDER.join(', ')}`);
  await c.run('CREATE TABLE o.report_cells AS SELECT * FROM f.report_cells');
  await c.run('CREATE TABLE o.checks AS SELECT * FROM f.checks');
  // The rollup of the replicated rows (each copy keeps its original's table-3 cells).
  await c.run(`CREATE TABLE o.rollup AS ${rollupSelectSql(`(SELECT r.*, c.* EXCLUDE (report_id, year) FROM o.reports r LEFT JOIN f.report_cells c ON c.report_id = split_part(r.report_id, '-', 1))`)}`);
  await c.run(`CREATE TABLE o.peers AS ${peersSelectSql('o.reports')}`);
  await c.run('DETACH o');
  c.closeSync();
  db.closeSync();
  const manifest = JSON.parse(await readFile(join(fixtureDir, 'manifest.json'), 'utf8')) as Manifest;
  manifest.reports = n;
  manifest.years = [2019, 2020, 2021, 2022, 2023, 2024];
  manifest.files = manifest.files.filter((f) => f.format === 'duckdb').map((f) => ({ ...f, rows: n }));
  await writeFile(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return out;
}

const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
if (!sizes.length) sizes.push(200_000);
if (!existsSync(join(E2E_DIST, 'embed', 'index.html')) || process.env.BENCH_BUILD) await buildApp();
const fixture = await writeFixtureDataset();
const rows: string[][] = [];
for (const n of sizes) {
  const dir = await bigDataset(fixture, n);
  const site = await startSite({ dataDir: dir });
  const browser = await launchBrowser(site, { intercept: false });
  const page = await browser.open('/');
  page.on('console', (m) => { if (m.text().startsWith('TIMING')) console.log(m.text()); });
  await waitForCharts(page, 300_000);
  // Record progress attributes and the longest gap between animation frames.
  // (A string, not a function: tsx would inject helpers the page does not have.)
  await page.evaluate(`(() => {
    const b = window.__bench = { progress: [], maxGap: 0, last: performance.now(), on: true, gaps: [], t0: performance.now() };
    const tick = () => {
      const now = performance.now();
      b.maxGap = Math.max(b.maxGap, now - b.last);
      if (now - b.last > 150) b.gaps.push([Math.round(b.last - b.t0), Math.round(now - b.last), b.progress[b.progress.length - 1]]);
      b.last = now;
      const p = document.querySelector('[data-export-progress]')?.getAttribute('data-export-progress');
      if (p && b.progress[b.progress.length - 1] !== p) b.progress.push(p);
      if (b.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const t0 = Date.now();
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.click('[data-export="dataset-csv"]')]);
  const path = await dl.path();
  const ms = Date.now() - t0;
  const bench = await page.evaluate('(() => { window.__bench.on = false; return window.__bench; })()') as { progress: string[]; maxGap: number };
  if (process.env.BENCH_GAPS) console.log('gaps [start ms, length ms, progress]', JSON.stringify((bench as unknown as { gaps: unknown }).gaps));
  const bytes = (await readFile(path!)).length;
  rows.push([String(n), `${(ms / 1000).toFixed(1)} s`, `${(bytes / 1e6).toFixed(1)} MB`, String(bench.progress.length), bench.progress.slice(-1)[0] ?? '', `${Math.round(bench.maxGap)} ms`]);
  await browser.close();
  await site.close();
  await copyFile(path!, '/dev/null').catch(() => undefined);
}
await rm(join(fixture, '..'), { recursive: true, force: true });
const head = ['reports', 'export to download', 'CSV size', 'progress updates', 'last progress', 'longest frame gap'];
console.log(`| ${head.join(' | ')} |\n| ${head.map(() => '---').join(' | ')} |`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
