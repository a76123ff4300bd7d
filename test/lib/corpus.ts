import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateKey } from '../../src/report/template.ts';

/** One line of a corpus folder's `expected.jsonl`: the figures read from a report by hand. */
export interface Expected {
  file: string;
  tier?: string;
  year: number;
  template: TemplateKey;
  agency?: string;
  province?: string;
  city?: string;
  district?: string;
  figures: Record<string, number | null>;
}

/** The hand-read expectations of a corpus folder (e.g. `data/reports/real`), one per report. */
export function readExpected(dir: string): Expected[] {
  return readFileSync(join(dir, 'expected.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Expected);
}
