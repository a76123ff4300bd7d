/**
 * Property-based fuzzing of the parser over mutated real reports (test/fuzz/mutate.ts):
 * no exception escapes, no case takes over 1 s of CPU, every outcome is a valid record or
 * a failure with a message. `npm test` runs 10,000 cases; `npm run test:fuzz` reads
 * FUZZ_RUNS (100,000). FUZZ_SEED replays a run.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/report/parse.ts';
import { caseArb, caseBytes, corpusFiles, ENCODINGS, TEXT_MUTATION_KINDS, type Case } from './mutate.ts';
import { outcomeProblems } from './validate.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = process.env.FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED);
/** CPU time one case may take (user + system, so machine load does not count). */
const CPU_LIMIT_MS = 1000;

const files = corpusFiles();
const stats = { cases: 0, records: 0, failures: 0, maxCpuMs: 0, maxCpuCase: '', maxBytes: 0, errors: new Map<string, number>() };

/** Parses bytes, measuring CPU; returns the problems with the outcome (thrown errors included). */
function check(bytes: Uint8Array, source: string): { problems: string[]; cpuMs: number } {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const t0 = process.cpuUsage();
  let problems: string[];
  try {
    const outcome = parseReport({ source, bytes, sha256 });
    problems = outcomeProblems(outcome, source);
    if ('error' in outcome) {
      stats.failures++;
      const kind = outcome.error.replace(/\d+/g, 'N').slice(0, 60);
      stats.errors.set(kind, (stats.errors.get(kind) ?? 0) + 1);
    } else stats.records++;
  } catch (error) {
    problems = [`threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}`];
  }
  const used = process.cpuUsage(t0);
  const cpuMs = (used.user + used.system) / 1000;
  stats.cases++;
  stats.maxBytes = Math.max(stats.maxBytes, bytes.length);
  if (cpuMs > stats.maxCpuMs) { stats.maxCpuMs = cpuMs; stats.maxCpuCase = source; }
  if (cpuMs > CPU_LIMIT_MS) problems.push(`took ${cpuMs.toFixed(0)} ms of CPU`);
  return { problems, cpuMs };
}

const describeCase = (c: Case) => `${files[c.file]!.name} [${c.text.map((m) => m.kind).join(',')}] ${c.encoding}${c.bytes.length ? ` +${c.bytes.map((b) => b.kind).join(',')}` : ''}`;

afterAll(() => {
  const top = [...stats.errors].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log([
    `parser fuzz: ${stats.cases} cases (seed ${SEED}), ${stats.records} records, ${stats.failures} failures with a message`,
    `  max CPU per case ${stats.maxCpuMs.toFixed(1)} ms (${stats.maxCpuCase}); largest input ${stats.maxBytes} bytes`,
    `  mutation kinds: ${TEXT_MUTATION_KINDS.join(', ')}; encodings: ${ENCODINGS.join(', ')}; byte mutations: random-bytes, cut-bytes`,
    ...top.map(([e, n]) => `  ${String(n).padStart(6)} × ${e}`),
  ].join('\n'));
});

describe('parser under mutated real reports', () => {
  it(`no throw, no case over ${CPU_LIMIT_MS} ms CPU, every outcome valid (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(caseArb(files.length), (c) => {
        const { problems } = check(caseBytes(files, c), describeCase(c));
        if (problems.length) throw new Error(problems.join('\n'));
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(stats.records).toBeGreaterThan(0);
    expect(stats.failures).toBeGreaterThan(0);
  }, Math.max(120_000, RUNS * 30));

  it('every unmutated corpus file is a valid record', () => {
    for (const f of files) expect(check(new TextEncoder().encode(f.text), f.name).problems, f.name).toEqual([]);
  });

  it('deep nesting (10,000 <div>/<table>/<td>) and broken markup around a real HTML report', () => {
    const html = files.find((f) => f.name.endsWith('.html'))!.text;
    const inputs: [string, string][] = [
      ['10k div', `${'<div>'.repeat(10_000)}${html}${'</div>'.repeat(10_000)}`],
      ['10k table', `${'<table><tr><td>'.repeat(10_000)}${html}`],
      ['10k td unclosed', `<table>${'<td>'.repeat(10_000)}${html}`],
      ['100k div', `${'<div>'.repeat(100_000)}${html}`],
      ['tags only', '<table>'.repeat(200_000)],
      ['unclosed comment', `${html.slice(0, html.length / 2)}<!--${html.slice(html.length / 2)}`],
      ['unclosed script', `<script>${html}`],
      ['attributes galore', html.replace(/<td/g, `<td ${'x="1" '.repeat(200)}`)],
      ['every < dropped', html.replace(/</g, '')],
      ['every > dropped', html.replace(/>/g, '')],
    ];
    for (const [name, text] of inputs) {
      const { problems } = check(new TextEncoder().encode(text), name);
      expect(problems, name).toEqual([]);
    }
  });
});
