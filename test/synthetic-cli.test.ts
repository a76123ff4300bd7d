import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReportText } from '../src/report/parse.ts';
import { isFailure, type ReportRecord } from '../src/report/record.ts';
import type { Manifest } from '../src/data/schema.ts';

const run = promisify(execFile);

/** Runs `npm run gen` with `args`; resolves with exit code and output, never rejects. */
async function gen(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/gen.ts', ...args], { maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const dirs: string[] = [];
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

describe('npm run gen', () => {
  it.each([
    [['--reports', 'abc'], /--reports must be a whole number ≥ 1, got "abc"/],
    [['--reports', '10', '--sample', '3'], /--sample needs --sample-out/],
    [['--reports', '99999999'], /--reports 99999999 exceeds/],
  ])('rejects %j with exit code 2 and a message naming the parameter', async (args, message) => {
    const { code, stderr } = await gen(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  }, 120_000);

  it('writes a synthetic dataset and sample reports the parser reads back', async () => {
    const work = await mkdtemp(join(tmpdir(), 'gen-'));
    dirs.push(work);
    const out = join(work, 'data');
    const samples = join(work, 'samples');
    const { code, stderr } = await gen(['--reports', '400', '--seed', '3', '--out', out, '--sample', '10', '--sample-out', samples]);
    expect(code, stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.synthetic).toBe(true);
    expect(manifest.reports).toBe(400);
    const files = (await readdir(samples)).filter((f) => f !== 'expected.jsonl').sort();
    expect(files).toHaveLength(10);
    const expected = (await readFile(join(samples, 'expected.jsonl'), 'utf8')).trim().split('\n')
      .map((l) => JSON.parse(l) as ReportRecord & { file: string });
    expect(expected.map((e) => e.file).sort()).toEqual(files);
    for (const e of expected) {
      const parsed = parseReportText(e.file, await readFile(join(samples, e.file), 'utf8'), 'test');
      if (isFailure(parsed)) throw new Error(`${e.file}: ${parsed.error}`);
      expect([parsed.agency, parsed.year, parsed.template], e.file).toEqual([e.agency, e.year, e.template]);
      expect(parsed.figures, e.file).toEqual(e.figures);
    }
  }, 180_000);
});
