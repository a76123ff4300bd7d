/**
 * Files that are not reports, through the real commands: a random web page (Chinese and
 * English), a CSV, a PDF, a PNG, a zip, a 50 MB file of real report text, one just under
 * the 20 MB limit. Each gets a clear message; memory stays bounded (max RSS of the child
 * process, printed). test/cli-parse.test.ts covers empty/binary/sparse 50 MB in-process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/report/parse.ts';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SEED = readFileSync('data/reports/seed/gongnong-2022.txt', 'utf8');
const MB = 1024 * 1024;

/** Runs a CLI under /usr/bin/time; returns stdout, exit status and the child's max RSS in MB. */
function run(args: string[]): { stdout: string; status: number | null; rssMb: number } {
  const out = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, '--import', 'tsx', ...args], { encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * MB });
  const m = /maxrss=(\d+)/.exec(out.stderr);
  if (!m) throw new Error(`no RSS reported: ${out.stderr}`);
  return { stdout: out.stdout, status: out.status, rssMb: Math.round(Number(m[1]) / 1024) };
}

const FILES: Record<string, string | Uint8Array> = {
  'news.html': `<!doctype html><html><head><title>新闻中心</title><script>var x = "<table>";</script></head><body><div class="nav"><a href="/">首页</a></div><h1>区政府召开常务会议</h1><p>会议研究了2023年重点工作，强调要做好政务公开。</p><table><tr><td>联系电话</td><td>0468-1234567</td></tr></table></body></html>`,
  'english.html': '<html><body><h1>Welcome</h1><p>Nothing to see here, 2023.</p><table><tr><td>1</td><td>2</td></tr></table></body></html>',
  'figures.csv': '地区,年份,行政许可,行政处罚\n工农区,2022,1162,313\n向阳区,2022,980,120\n',
  'scan.pdf': new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 99 /Filter /FlateDecode >>\nstream\n'), ...Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)]),
  'photo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...Array.from({ length: 512 }, (_, i) => (i * 31) % 256)]),
  'archive.zip': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, ...Array.from({ length: 512 }, (_, i) => (i * 131 + 7) % 256)]),
  'spaces.txt': ' \t\n\r\n   \u3000\n',
  'bom-only.txt': new Uint8Array([0xef, 0xbb, 0xbf]),
  'control.txt': new Uint8Array(Array.from({ length: 2048 }, (_, i) => [1, 2, 3, 0x1b, 0x7f, 0x41][i % 6]!)),
};

const EXPECTED: Record<string, RegExp> = {
  'news.html': /no disclosure-template tables found/,
  'english.html': /not a report: no Chinese text/,
  'figures.csv': /no figures: template row labels found but no value/,
  'scan.pdf': /binary file|not text/,
  'photo.png': /binary file/,
  'archive.zip': /binary file/,
  'spaces.txt': /empty file/,
  'bom-only.txt': /empty file/,
  'control.txt': /binary file \(control bytes\)/,
  'huge-50mb.txt': /file too large: \d+ bytes \(limit 20971520 bytes\); not read/,
};

beforeAll(() => {
  for (const [name, content] of Object.entries(FILES)) writeFileSync(join(dir, name), content);
  // 50 MB of real report text (written out, not sparse), and one copy just under the 20 MB limit.
  const repeatTo = (bytes: number) => SEED.repeat(Math.ceil(bytes / Buffer.byteLength(SEED)));
  writeFileSync(join(dir, 'huge-50mb.txt'), repeatTo(50 * MB));
  writeFileSync(join(dir, 'near-limit.txt'), SEED.repeat(Math.floor(19.5 * MB / Buffer.byteLength(SEED))));
});

describe('npm run parse on files that are not reports', () => {
  it('answers each with a clear message, in bounded memory (max RSS printed)', () => {
    const names = Object.keys(EXPECTED);
    const baseline = run(['src/cli/parse.ts', 'data/reports/seed/gongnong-2022.txt']);
    const bad = run(['src/cli/parse.ts', ...names.map((n) => join(dir, n))]);
    expect(bad.status, 'nothing parsed → non-zero exit').not.toBe(0);
    const lines = bad.stdout.trim().split('\n').map((l) => JSON.parse(l) as { source: string; error: string });
    expect(lines.map((l) => l.source)).toEqual(names.map((n) => join(dir, n)));
    for (const [i, name] of names.entries()) expect(lines[i]!.error, name).toMatch(EXPECTED[name]!);
    console.log(`parse CLI max RSS: one real report ${baseline.rssMb} MB; the ${names.length} bad files incl. 50 MB of text ${bad.rssMb} MB`);
    expect(bad.rssMb - baseline.rssMb).toBeLessThan(40);
  });

  it('reads a report just under the 20 MB limit (the seed repeated) in bounded time and memory', () => {
    const t0 = performance.now();
    const near = run(['src/cli/parse.ts', join(dir, 'near-limit.txt')]);
    const ms = Math.round(performance.now() - t0);
    const [r] = near.stdout.trim().split('\n').map((l) => JSON.parse(l) as { figures?: Record<string, number | null>; error?: string });
    expect(r!.error).toBeUndefined();
    expect(r!.figures!.licensing).toBe(1162);
    console.log(`parse CLI on 19.5 MB of report text: ${ms} ms wall, max RSS ${near.rssMb} MB`);
    expect(near.rssMb).toBeLessThan(1024);
  });

  it('refuses 50 MB handed to the parser in memory without decoding it', () => {
    const bytes = new Uint8Array(50 * MB).fill(0x31);
    const t0 = process.cpuUsage();
    expect(parseReport({ source: 'mem', bytes, sha256: 'x' })).toEqual({ source: 'mem', error: `file too large (${50 * MB} bytes; limit ${20 * MB})` });
    const used = process.cpuUsage(t0);
    expect((used.user + used.system) / 1000).toBeLessThan(50);
  });
});

describe('npm run ingest on a folder of bad files and one report', () => {
  it('stores the report, names every bad file with its reason, in bounded memory', () => {
    const input = join(dir, 'mixed');
    mkdirSync(input);
    for (const name of Object.keys(EXPECTED)) copyFileSync(join(dir, name), join(input, name.replace(/\.(csv|pdf|png|zip)$/, '.$1.txt')));
    copyFileSync('data/reports/seed/gongnong-2022.txt', join(input, 'good.txt'));
    const res = run(['src/cli/ingest.ts', input, '--out', join(dir, 'out'), '--workers', '0']);
    expect(res.status, res.stdout).toBe(0);
    expect(res.stdout).toMatch(/parsed: 1 .*failed: 10/);
    for (const name of Object.keys(EXPECTED)) expect(res.stdout, name).toMatch(new RegExp(`failed .*${name.replace('.', '\\.')}.*: \\S`));
    expect(res.stdout).toMatch(/huge-50mb\.txt: file is 50\.0 MB, over the 20 MB limit/);
    console.log(`ingest CLI max RSS with the 50 MB file and 9 other bad files: ${res.rssMb} MB`);
    expect(res.rssMb).toBeLessThan(600);
  });
});
