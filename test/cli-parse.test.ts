/**
 * `npm run parse`: the output shape on real files, and clear answers for files that are
 * not reports (empty, binary, too large — the last with bounded memory).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFile, parseFiles } from '../src/cli/parse.ts';
import { figureKeysOf } from '../src/report/template.ts';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RECORD_FIELDS = ['source', 'sha256', 'agency', 'agency_kind', 'province', 'city', 'district', 'region_code', 'year', 'template', 'figures', 'complete', 'checks', 'warnings'];

describe('parseFile', () => {
  it('answers an empty file and a binary file with a clear error', async () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const binary = join(dir, 'scan.pdf');
    writeFileSync(binary, Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x0a, 0x00, 0xff, 0xfe, 0x00, 0x01]));
    expect(await parseFile(empty)).toEqual({ source: empty, error: 'empty file' });
    expect(await parseFile(binary)).toEqual({ source: binary, error: 'binary file (NUL bytes), not a text report' });
    expect(await parseFile(join(dir, 'missing.txt'))).toEqual({ source: join(dir, 'missing.txt'), error: 'cannot read file: ENOENT' });
  });

  it('refuses a 50 MB file without reading it (memory stays bounded)', async () => {
    const big = join(dir, 'big.txt');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024); // sparse: no 50 MB written to disk
    closeSync(fd);
    global.gc?.();
    const before = process.memoryUsage().rss;
    const outcome = await parseFile(big);
    const grown = process.memoryUsage().rss - before;
    expect(outcome).toEqual({ source: big, error: `file too large: ${50 * 1024 * 1024} bytes (limit ${20 * 1024 * 1024} bytes); not read` });
    expect(grown).toBeLessThan(10 * 1024 * 1024);
  });

  it('writes one JSON line per file, in order, with every key of the template', async () => {
    const lines: string[] = [];
    const parsed = await parseFiles(['data/reports/real/r007.txt', join(dir, 'missing.txt'), 'data/reports/real/r001.html'], (l) => lines.push(l));
    expect(parsed).toBe(2);
    const [a, b, c] = lines.map((l) => JSON.parse(l));
    expect(Object.keys(a)).toEqual(RECORD_FIELDS);
    expect(Object.keys(b)).toEqual(['source', 'error']);
    expect(c.source).toBe('data/reports/real/r001.html');
    expect(Object.keys(a.figures)).toEqual(figureKeysOf('2021'));
    expect(Object.keys(c.figures)).toEqual(figureKeysOf('2019'));
  });
});

describe('npm run parse', () => {
  const run = (...files: string[]) => spawnSync('npx', ['tsx', 'src/cli/parse.ts', ...files], { encoding: 'utf8', timeout: 60_000 });

  it('prints one JSON object per file, one per line, in the documented shape', () => {
    const out = run('data/reports/seed/gongnong-2022.txt', 'data/reports/real/r003.txt');
    expect(out.status).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [seed, r003] = lines.map((l) => JSON.parse(l));
    for (const r of [seed, r003]) {
      expect(Object.keys(r)).toEqual(RECORD_FIELDS);
      expect(Object.keys(r.complete)).toEqual(['table2', 'table3', 'table4']);
      expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect([seed.agency, seed.year, seed.template, seed.region_code, seed.figures.licensing, seed.figures['granted.natural_person']])
      .toEqual(['鹤岗市工农区人民政府', 2022, '2021', '230403', 1162, 0]);
    expect([r003.year, r003.figures.licensing, r003.figures['other_total.total'], r003.figures.suit_after_review_total]).toEqual([2024, 9487, 0, 3]);
    expect(r003.checks).toEqual([]);
  });

  it('exits non-zero only when no file parsed', () => {
    const empty = join(dir, 'empty2.txt');
    writeFileSync(empty, '');
    const out = run(empty);
    expect(out.status).not.toBe(0);
    expect(JSON.parse(out.stdout.trim())).toEqual({ source: empty, error: 'empty file' });
  });
});
