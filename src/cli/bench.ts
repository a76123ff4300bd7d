/**
 * `npm run bench -- --reports N [--json FILE] [--runs R] [--seed S] [--build]`: the app at
 * national scale in headless Chromium. Builds (or reuses) a synthetic dataset of N reports
 * in .cache/synthetic-N, serves the production build (dist/, built when missing or with
 * --build) with the dataset at /data/, and measures on fresh browser profiles (cold cache):
 *
 * - first_chart_ms: navigation start → first chart card with data-state=ready (median of R loads)
 * - all_charts_ms: navigation start → every chart of the Overview ready (median)
 * - first_view_bytes: response bytes under /data/ finished before the first chart (median)
 * - interaction_ms: p50/p95 over filter changes across views, change → every chart ready;
 *   also split into filter_change_ms (the view stays) and view_switch_ms (a change that
 *   also opens another view, whose charts are created); cached_change_ms: the same changes
 *   replayed once every state is cached (no query: the redraw alone)
 * - export_100k_ms: click "export view CSV" → download, under a filter of about 100k reports
 * - dataset_bytes: every published file of the dataset (and the browser part apart)
 * - tab_memory_mb: RSS of the tab's renderer process from /proc (it holds the DuckDB worker
 *   and its wasm memory), after the interactions; js_heap_mb: CDP Performance.getMetrics
 *   JSHeapUsedSize of the page (main thread only).
 *
 * Prints a table; not part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Page } from 'playwright-core';
import { SCHEMA_VERSION, type Manifest } from '../data/schema.ts';
import { launchBrowser, type Browser, type Site } from '../../test/e2e/harness.ts';
import { serveStatic } from './serve-static.ts';

const USAGE = 'usage: npm run bench -- --reports N [--json FILE] [--runs R] [--seed S] [--build] [--changes K]';

interface Args { reports: number; json: string | null; runs: number; seed: number; build: boolean; changes: number }

function readArgs(): Args {
  const { values: v } = parseArgs({
    options: {
      reports: { type: 'string' }, json: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' },
      build: { type: 'boolean' }, changes: { type: 'string' },
    },
  });
  const int = (name: string, raw: string | undefined, def: number, min: number): number => {
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) { console.error(`bench: --${name} must be a whole number ≥ ${min}, got ${JSON.stringify(raw)}\n${USAGE}`); process.exit(2); }
    return n;
  };
  if (v.reports === undefined) { console.error(`bench: --reports is required\n${USAGE}`); process.exit(2); }
  return {
    reports: int('reports', v.reports, 0, 1), json: v.json ?? null, runs: int('runs', v.runs, 3, 1),
    seed: int('seed', v.seed, 1, 0), build: v.build ?? false, changes: int('changes', v.changes, 32, 1),
  };
}

/** The dataset directory for N reports, generated when missing or of another schema version. */
function ensureDataset(n: number, seed: number): string {
  const dir = resolve('.cache', seed === 1 ? `synthetic-${n}` : `synthetic-${n}-s${seed}`);
  const manifestPath = join(dir, 'manifest.json');
  const ok = existsSync(manifestPath) && (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest).schema_version === SCHEMA_VERSION;
  if (!ok) {
    console.log(`bench: generating ${n} reports into ${dir} …`);
    const r = spawnSync('npx', ['tsx', 'src/cli/gen.ts', '--reports', String(n), '--seed', String(seed), '--out', dir], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`generator failed (exit ${r.status})`);
  }
  return dir;
}

/** Builds the app into dist/ (vite build) unless a build is there already. */
async function ensureBuild(force: boolean): Promise<string> {
  const dist = resolve('dist');
  if (force || !existsSync(join(dist, 'index.html'))) {
    const { build } = await import('vite');
    await build({ logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });
  }
  return dist;
}

/** Bytes of the dataset's published files, all and the part the browser reads. */
function datasetBytes(dir: string): { all: number; browser: number; download: number; files: Record<string, number> } {
  const files: Record<string, number> = {};
  for (const name of readdirSync(dir)) if (!name.startsWith('.')) files[name] = statSync(join(dir, name)).size;
  const browser = ['atlas.duckdb', 'manifest.json', 'first-view.json'].reduce((s, f) => s + (files[f] ?? 0), 0);
  const download = Object.entries(files).filter(([f]) => f.endsWith('.parquet')).reduce((s, [, b]) => s + b, 0);
  return { all: Object.values(files).reduce((a, b) => a + b, 0), browser, download, files };
}

/** What the bench changes: filter values present in the dataset, and a filter of about 100k reports. */
interface Plan { provinces: { province: string; city: string | null }[]; years: number[]; exportFilter: string; exportRows: number }

async function planFor(dir: string, n: number): Promise<Plan> {
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  const file = `read_parquet('${join(dir, 'reports.parquet').replace(/'/g, "''")}')`;
  const rows = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS();
  const prov = await rows(`SELECT province, arg_max(city, n) AS city FROM (SELECT province, city, COUNT(*) AS n FROM ${file} WHERE province IS NOT NULL AND city IS NOT NULL GROUP BY ALL) GROUP BY province ORDER BY SUM(n) DESC LIMIT 6`);
  const years = (await rows(`SELECT DISTINCT year FROM ${file} WHERE year IS NOT NULL ORDER BY year`)).map((r) => Number(r.year));
  // The export filter: all reports when there are at most 100k, else the year range or province closest to 100k.
  const target = Math.min(100_000, n);
  const cands: { q: string; where: string }[] = [{ q: '', where: 'TRUE' }];
  for (const [i, a] of years.entries()) for (const b of years.slice(i)) cands.push({ q: `from=${a}&to=${b}`, where: `year BETWEEN ${a} AND ${b}` });
  for (const p of prov) cands.push({ q: `province=${encodeURIComponent(String(p.province))}`, where: `province = '${String(p.province).replace(/'/g, "''")}'` });
  let best = { q: '', rows: n };
  for (const cand of cands) {
    const [r] = await rows(`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM ${file} WHERE ${cand.where}`);
    const m = Number(r!.n);
    if (Math.abs(m - target) < Math.abs(best.rows - target)) best = { q: cand.q, rows: m };
  }
  c.closeSync();
  inst.closeSync();
  return { provinces: prov.map((p) => ({ province: String(p.province), city: p.city === null ? null : String(p.city) })), years, exportFilter: best.q, exportRows: best.rows };
}

/** Installs (before any script) a recorder of when the first chart and all charts became ready. */
const READY_RECORDER = `(() => {
  const b = window.__benchLoad = { first: null, all: null };
  const check = () => {
    const cards = [...document.querySelectorAll('[data-chart]')];
    if (b.first === null && cards.some((c) => c.getAttribute('data-state') === 'ready')) b.first = performance.now();
    if (b.all === null && cards.length > 0 && cards.every((c) => c.getAttribute('data-state') !== 'loading')) b.all = performance.now();
    if (b.all === null) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})()`;

interface LoadResult { first_chart_ms: number; all_charts_ms: number; first_view_bytes: number; data_bytes_at_all: number; states: Record<string, string> }

/** One cold load of the default Overview in a fresh profile; the browser stays open for more. */
async function coldLoad(site: Site): Promise<{ browser: Browser; page: Page; load: LoadResult }> {
  // Requests are watched, not intercepted: interception holds each one until this process answers.
  const browser = await launchBrowser(site, { intercept: false });
  await browser.context.addInitScript(READY_RECORDER);
  const finished: { url: string; end: number; bytes: number }[] = [];
  browser.context.on('requestfinished', (req) => {
    if (!new URL(req.url()).pathname.startsWith('/data/')) return;
    const t = req.timing();
    req.sizes().then((s) => finished.push({ url: req.url(), end: t.startTime + t.responseEnd, bytes: s.responseBodySize }), () => undefined);
  });
  const page = await browser.open('/');
  await page.waitForFunction('window.__benchLoad && window.__benchLoad.all !== null', undefined, { timeout: 300_000 });
  const r = await page.evaluate('({ first: window.__benchLoad.first, all: window.__benchLoad.all, origin: performance.timeOrigin, states: Object.fromEntries([...document.querySelectorAll("[data-chart]")].map((c) => [c.getAttribute("data-chart"), c.getAttribute("data-state")])) })') as { first: number; all: number; origin: number; states: Record<string, string> };
  await new Promise((ok) => setTimeout(ok, 200));
  const firstAt = r.origin + r.first;
  const allAt = r.origin + r.all;
  const sum = (until: number) => finished.filter((f) => f.end <= until).reduce((s, f) => s + f.bytes, 0);
  return { browser, page, load: { first_chart_ms: Math.round(r.first), all_charts_ms: Math.round(r.all), first_view_bytes: sum(firstAt), data_bytes_at_all: sum(allAt), states: r.states } };
}

/**
 * Applies a URL state as the app's back/forward does (pushState + popstate) and resolves with
 * the ms until every chart of the view is ready (a cached state settles in a frame or two).
 */
async function change(page: Page, search: string): Promise<number> {
  return page.evaluate(`new Promise((done) => {
    const t0 = performance.now();
    history.pushState(null, '', location.pathname + ${JSON.stringify(search)});
    dispatchEvent(new PopStateEvent('popstate'));
    let frames = 0, sawLoading = false;
    const tick = () => {
      frames++;
      const cards = [...document.querySelectorAll('[data-chart]')];
      const loading = cards.some((c) => c.getAttribute('data-state') === 'loading');
      sawLoading ||= loading;
      if (cards.length > 0 && !loading && (sawLoading || frames >= 2)) done(performance.now() - t0);
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`) as Promise<number>;
}

/** The filter states the interaction bench walks through, per view; `view` marks the changes that also switch the view. */
function changeList(plan: Plan, count: number): { search: string; view: boolean }[] {
  const views = ['overview', 'applications', 'review', 'compare'];
  const ys = plan.years;
  const perView: string[] = [];
  for (const [i, p] of plan.provinces.entries()) {
    const prov = `province=${encodeURIComponent(p.province)}`;
    perView.push(prov);
    if (p.city) perView.push(`${prov}&city=${encodeURIComponent(p.city)}`);
    perView.push(`${prov}&kind=${i % 2 ? 'department' : 'government'}`);
    perView.push(`from=${ys[i % ys.length]}&to=${ys[ys.length - 1]}`);
    perView.push(`kind=${i % 2 ? 'street-town' : 'department'}`);
    perView.push('');
  }
  const out: { search: string; view: boolean }[] = [];
  for (let i = 0; out.length < count; i++) {
    const view = views[Math.floor(i / 8) % views.length]!;
    const f = perView[i % perView.length]!;
    const q = [view === 'overview' ? '' : `view=${view}`, f].filter(Boolean).join('&');
    // The page opens on the Overview: its first change keeps the view.
    out.push({ search: q ? `?${q}` : '', view: i > 0 && i % 8 === 0 });
  }
  return out;
}

/** RSS (MB) of the largest renderer process among this process's descendants (the tab). */
function rendererRssMb(): number {
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return { pid: Number(pid), ppid, renderer: cmd.includes('--type=renderer'), kb: rss ? Number(rss[1]) : 0 };
    } catch { return null; }
  }).filter((p): p is NonNullable<typeof p> => p !== null);
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const mine = (p: { ppid: number }): boolean => {
    for (let q = p.ppid, i = 0; q > 1 && i < 20; q = byPid.get(q)?.ppid ?? 0, i++) if (q === process.pid) return true;
    return false;
  };
  return Math.max(0, ...procs.filter((p) => p.renderer && mine(p)).map((p) => p.kb)) / 1024;
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]!; };
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!; };
const spread = (xs: number[]) => ({ p50: Math.round(pct(xs, 0.5)), p95: Math.round(pct(xs, 0.95)), max: Math.round(Math.max(...xs)), n: xs.length });

async function main(): Promise<void> {
  const args = readArgs();
  const dir = ensureDataset(args.reports, args.seed);
  const dist = await ensureBuild(args.build);
  const plan = await planFor(dir, args.reports);
  const server = await serveStatic(dist, 0, { dataDir: dir });
  const site: Site = { origin: server.origin, root: dist, close: server.close };
  const loads: LoadResult[] = [];
  let last: { browser: Browser; page: Page } | null = null;
  try {
    for (let i = 0; i < args.runs; i++) {
      const r = await coldLoad(site);
      loads.push(r.load);
      console.log(`load ${i + 1}: first chart ${r.load.first_chart_ms} ms, all charts ${r.load.all_charts_ms} ms, data before first chart ${r.load.first_view_bytes} B`);
      if (i < args.runs - 1) {
        await r.browser.close();
        if (r.browser.externalRequests.length > 0) throw new Error(`bench: the app requested other origins: ${r.browser.externalRequests.join(', ')}`);
      } else last = r;
    }
    const { browser, page } = last!;
    const bad = Object.entries(loads[loads.length - 1]!.states).filter(([, s]) => s !== 'ready');
    if (bad.length) console.warn(`bench: charts not ready after load: ${bad.map(([id, s]) => `${id}=${s}`).join(', ')}`);
    // Wait for the engine, so interactions measure queries and not the start-up.
    await page.waitForFunction('window.__gongkaiTimings && window.__gongkaiTimings.engineReady !== undefined', undefined, { timeout: 300_000 });
    const times: number[] = [];
    const sameView: number[] = [];
    const switches: number[] = [];
    for (const { search, view } of changeList(plan, args.changes)) {
      const ms = await change(page, search);
      times.push(ms);
      (view ? switches : sameView).push(ms);
    }
    // The same changes again: every filter state is now cached, so no query runs and what is
    // left is React and ECharts redrawing the view (the floor a filter change cannot go under).
    const cached: number[] = [];
    for (const { search } of changeList(plan, args.changes)) cached.push(await change(page, search));
    // Export: the view CSV under a filter of about 100k reports.
    await change(page, plan.exportFilter ? `?${plan.exportFilter}` : '');
    const t0 = Date.now();
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.click('[data-export="view-csv"]')]);
    await dl.path();
    const exportMs = Date.now() - t0;
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const heap = metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    const rss = rendererRssMb();
    const startup = await page.evaluate('({ ...window.__gongkaiTimings })') as Record<string, number>;
    await browser.close();
    if (browser.externalRequests.length > 0) throw new Error(`bench: the app requested other origins: ${browser.externalRequests.join(', ')}`);
    const bytes = datasetBytes(dir);
    const result = {
      reports: args.reports,
      first_chart_ms: median(loads.map((l) => l.first_chart_ms)),
      all_charts_ms: median(loads.map((l) => l.all_charts_ms)),
      first_view_bytes: median(loads.map((l) => l.first_view_bytes)),
      interaction_ms: spread(times),
      // The same changes split: filters changed within a view, and changes that also switch the view (new charts created).
      filter_change_ms: spread(sameView),
      view_switch_ms: spread(switches),
      cached_change_ms: spread(cached),
      export_100k_ms: exportMs,
      export_rows: plan.exportRows,
      export_filter: plan.exportFilter || '(none)',
      dataset_bytes: bytes.all,
      dataset_browser_bytes: bytes.browser,
      dataset_download_bytes: bytes.download,
      dataset_files: bytes.files,
      tab_memory_mb: Math.round(rss),
      js_heap_mb: Math.round(heap / 1048576),
      memory_method: 'tab_memory_mb: VmRSS of the renderer process (/proc); js_heap_mb: CDP Performance.getMetrics JSHeapUsedSize (main thread)',
      runs: loads,
      interaction_samples_ms: times.map(Math.round),
      cached_samples_ms: cached.map(Math.round),
      engine_timings_ms: startup,
      machine: machineInfo(),
    };
    printTable(result);
    if (args.json) writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await site.close();
  }
}

/** CPU, cores, memory, Node and Chromium versions. */
function machineInfo(): Record<string, string> {
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  const mem = /MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1];
  const chromium = spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim();
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return { cpu, cores: String(readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? 0), memory_gb: mem ? (Number(mem) / 1048576).toFixed(1) : '?', node: process.version, chromium, load_average: load, date: new Date().toISOString() };
}

function printTable(r: { reports: number; first_chart_ms: number; all_charts_ms: number; first_view_bytes: number; interaction_ms: { p50: number; p95: number }; filter_change_ms: { p50: number; p95: number; n: number }; view_switch_ms: { p50: number; p95: number; n: number }; cached_change_ms: { p50: number; p95: number }; export_100k_ms: number; export_rows: number; dataset_bytes: number; dataset_browser_bytes: number; tab_memory_mb: number; js_heap_mb: number }): void {
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  const rows: [string, string, string][] = [
    ['first_chart_ms', `${r.first_chart_ms} ms`, '≤ 1000 ms'],
    ['all_charts_ms', `${r.all_charts_ms} ms`, ''],
    ['interaction_ms p50 / p95', `${r.interaction_ms.p50} / ${r.interaction_ms.p95} ms`, 'p95 ≤ 100 ms'],
    [`… filters changed within a view (${r.filter_change_ms.n})`, `${r.filter_change_ms.p50} / ${r.filter_change_ms.p95} ms`, ''],
    [`… changes that also switch the view (${r.view_switch_ms.n})`, `${r.view_switch_ms.p50} / ${r.view_switch_ms.p95} ms`, ''],
    ['… the same changes again, all cached (redraw only)', `${r.cached_change_ms.p50} / ${r.cached_change_ms.p95} ms`, ''],
    [`export_100k_ms (${r.export_rows} rows)`, `${r.export_100k_ms} ms`, '≤ 1500 ms'],
    ['dataset_bytes (browser part)', `${mb(r.dataset_bytes)} (${mb(r.dataset_browser_bytes)})`, '≤ 25 MB'],
    ['first_view_bytes', `${(r.first_view_bytes / 1e3).toFixed(1)} kB`, '≤ 3 MB'],
    ['tab_memory_mb (JS heap)', `${r.tab_memory_mb} MB (${r.js_heap_mb} MB)`, '≤ 1024 MB'],
  ];
  console.log(`\n${r.reports} reports`);
  console.log('| measure | value | target |\n| --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exitCode = 1;
});
