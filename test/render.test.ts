/**
 * The renderer: every layout × template written out and read back by the parser gives
 * the same figures (every key, nulls included), for the seed report and varied records.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAYOUTS, renderReport, type Layout } from '../src/report/render.ts';
import { parseReport } from '../src/report/parse.ts';
import { isFailure, type Figures, type ReportRecord } from '../src/report/record.ts';
import { APPLICANT_COLUMN_KEYS, OTHER_PARTS, TEMPLATES, figureKeysOf, FIGURE_BY_KEY, type TemplateKey } from '../src/report/template.ts';

const seedExpected = JSON.parse(readFileSync('data/reports/seed/expected.jsonl', 'utf8').split('\n')[0]!) as {
  agency: string; province: string; city: string; district: string; year: number; template: TemplateKey; figures: Figures;
};

function baseRecord(template: TemplateKey, year: number, figures: Figures, agency = seedExpected.agency): ReportRecord {
  return {
    source: 'render', sha256: 'render', agency, agency_kind: 'government',
    province: seedExpected.province, city: seedExpected.city, district: seedExpected.district, region_code: null,
    year, template, figures, complete: { table2: true, table3: true, table4: true }, checks: [], warnings: [],
  };
}

/** Template 2021 states `other_total` as the sum of its three rows (null if one is not reported). */
function withOtherTotal(template: TemplateKey, figures: Figures): Figures {
  if (template !== '2021') return figures;
  const out = { ...figures };
  for (const c of APPLICANT_COLUMN_KEYS) {
    const parts = OTHER_PARTS.map((p) => out[`${p}.${c}`] ?? null);
    out[`other_total.${c}`] = parts.every((v) => v !== null) ? parts.reduce((a, b) => a! + b!, 0) : null;
  }
  return out;
}

/** Deterministic varied figures: small and large counts, decimals for money, some nulls. */
function variedFigures(template: TemplateKey, seed: number, nullEvery: number): Figures {
  let x = seed;
  const next = (): number => {
    x = (x + 0x6d2b79f5) | 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const figures: Figures = {};
  figureKeysOf(template).forEach((key, i) => {
    const unit = FIGURE_BY_KEY.get(key)!.unit;
    const r = next();
    if (nullEvery > 0 && i % nullEvery === nullEvery - 1) figures[key] = null;
    else if (unit === '10k_yuan') figures[key] = (r % 100000) / 10;
    else if (unit === 'yuan') figures[key] = r % 5000000;
    else if (unit === 'delta') figures[key] = (r % 21) - 10;
    else figures[key] = r % (i % 5 === 0 ? 20000 : 60);
  });
  return withOtherTotal(template, figures);
}

const seedRecord = baseRecord(seedExpected.template, seedExpected.year, withOtherTotal(seedExpected.template, {
  ...Object.fromEntries(figureKeysOf(seedExpected.template).map((k) => [k, null])),
  ...seedExpected.figures,
}));

const records: { name: string; record: ReportRecord }[] = [
  { name: 'seed', record: seedRecord },
  ...TEMPLATES.flatMap((template) => [
    { name: `varied ${template}, no nulls`, record: baseRecord(template, template === '2019' ? 2020 : 2023, variedFigures(template, 7, 0), '杭州市西湖区市场监督管理局') },
    { name: `varied ${template}, nulls`, record: baseRecord(template, template === '2019' ? 2019 : 2021, variedFigures(template, 11, 5), '成都市武侯区人民政府') },
    { name: `varied ${template}, half null`, record: baseRecord(template, template === '2019' ? 2020 : 2024, variedFigures(template, 13, 2), '沭阳县发展和改革局') },
  ]),
];

function roundTrip(record: ReportRecord, layout: Layout, metadata: boolean): ReportRecord {
  const text = renderReport(record, layout, { metadata });
  const source = `render.${layout === 'html' ? 'html' : 'txt'}`;
  const outcome = parseReport({ source, bytes: new TextEncoder().encode(text), sha256: 'x' });
  if (isFailure(outcome)) throw new Error(`${layout}: ${outcome.error}`);
  return outcome;
}

describe('renderReport → parseReport', () => {
  for (const { name, record } of records) {
    for (const layout of LAYOUTS) {
      it(`${name} (template ${record.template}) in layout ${layout}`, () => {
        const back = roundTrip(record, layout, layout === 'pipe');
        expect([back.agency, back.year, back.template]).toEqual([record.agency, record.year, record.template]);
        const mismatches = figureKeysOf(record.template!).filter((k) => (back.figures[k] ?? null) !== (record.figures[k] ?? null))
          .map((k) => `${k}: wrote ${record.figures[k]}, read ${back.figures[k]}`);
        expect(mismatches).toEqual([]);
      });
    }
  }
});

describe('renderReport layouts', () => {
  const record = records.find((r) => r.name === 'varied 2019, nulls')!.record;
  it('writes the metadata header only when asked', () => {
    expect(renderReport(record, 'tab', { metadata: true })).toMatch(/^agency: 成都市武侯区人民政府\n[\s\S]*\ntemplate: 2019\n---\n/);
    expect(renderReport(record, 'tab')).not.toContain('---');
  });
  it('prints title and statistics period from the record', () => {
    for (const layout of LAYOUTS) {
      const text = renderReport(record, layout);
      expect(text).toContain('2019年度政府信息公开工作报告');
      expect(text).toContain('统计期限为2019年1月1日至2019年12月31日');
    }
  });
  it('html uses rowspan/colspan and &nbsp; for nulls', () => {
    const html = renderReport(record, 'html');
    expect(html.match(/<table/g)?.length).toBe(3);
    expect(html).toContain('rowspan="3"');
    expect(html).toContain('colspan="10"');
    expect(html).toContain('<p>&nbsp;</p>');
  });
  it('pdf has page headers and stacked one-character headers', () => {
    const text = renderReport(record, 'pdf');
    expect(text).toMatch(/^- 2 -$/m);
    expect(text).toMatch(/^结 结 其 尚 总/m);
    expect(text).toMatch(/^三\n、\n本\n/m);
  });
  it('prints only the rows of the record template', () => {
    expect(renderReport(records.find((r) => r.name === 'varied 2021, nulls')!.record, 'tab')).not.toContain('政府集中采购');
    expect(renderReport(record, 'tab')).toContain('政府集中采购');
    expect(renderReport(record, 'tab')).not.toContain('逾期不补正');
  });
});
