/**
 * A realistic synthetic national dataset of annual reports, for scale tests and
 * benchmarks: real regions, realistic bodies, skewed figures that satisfy the checks
 * except for a controlled share of injected errors. Pure and seeded: the same options
 * give the same records.
 */
import type { ReportRecord } from './record.ts';
import type { TemplateKey } from './template.ts';
import { checkCarryOver, checkReport } from './checks.ts';
import { nationalAgencies, type SyntheticAgency } from './synthetic-agencies.ts';
import { AgencyFigures, type Defect, type ReportPlan } from './synthetic-figures.ts';
import { Random, fakeSha256, mix32 } from './synthetic-random.ts';

export interface SyntheticOptions {
  /** Number of reports, exactly. */
  count: number;
  seed?: number;
  /** Report years (≥ 2019); default 2019–2025. */
  years?: readonly number[];
  /** Share of reports built with one C1–C4 error (default 0.03). */
  errorRate?: number;
  /** Share of reports that have last year's report and break C5 against it (default 0.02). */
  carryOverErrorRate?: number;
  /** Share of bodies that skip one year's report (default 0.01). */
  missingRate?: number;
  /** Share of reports cut short before table 4 (default 0.01). */
  truncatedRate?: number;
  /** Share of reports with one to three blank table-2 cells (default 0.04). */
  blankRate?: number;
}

/** Defaults of every optional setting. */
export const SYNTHETIC_DEFAULTS = {
  seed: 1,
  years: [2019, 2020, 2021, 2022, 2023, 2024, 2025],
  errorRate: 0.03,
  carryOverErrorRate: 0.02,
  missingRate: 0.01,
  truncatedRate: 0.01,
  blankRate: 0.04,
} as const;

const C1_TO_C4: readonly Defect[] = ['C1', 'C2', 'C3', 'C4'];

/** The template a body uses for a year: `2019` for 2019–2020, `2021` from 2021 on. */
export function templateForYear(year: number): TemplateKey {
  return year <= 2020 ? '2019' : '2021';
}

interface Settings extends Required<Omit<SyntheticOptions, 'years' | 'count'>> {
  count: number;
  years: number[];
}

function settings(options: SyntheticOptions): Settings {
  const s = { ...SYNTHETIC_DEFAULTS, ...options };
  if (!Number.isSafeInteger(s.count) || s.count < 0) throw new RangeError(`synthetic: count must be a whole number ≥ 0, got ${options.count}`);
  if (!Number.isSafeInteger(s.seed)) throw new RangeError(`synthetic: seed must be an integer, got ${options.seed}`);
  const years = [...new Set(s.years)].sort((a, b) => a - b);
  if (years.length === 0) throw new RangeError('synthetic: years must not be empty');
  for (const y of years) {
    if (!Number.isInteger(y) || y < 2019) throw new RangeError(`synthetic: years must be integers from 2019 on (the national template), got ${y}`);
  }
  for (const key of ['errorRate', 'carryOverErrorRate', 'missingRate', 'truncatedRate', 'blankRate'] as const) {
    const v = s[key];
    if (!(v >= 0 && v <= 1)) throw new RangeError(`synthetic: ${key} must be between 0 and 1, got ${v}`);
  }
  if (s.errorRate + s.carryOverErrorRate > 1) throw new RangeError('synthetic: errorRate + carryOverErrorRate must not exceed 1');
  return { ...s, years };
}

/** Bodies in coverage order, each with the index of the year it skips (-1 for none). */
function* plannedAgencies(seed: number, years: readonly number[], missingRate: number): Generator<{ agency: SyntheticAgency; skip: number }> {
  const structure = new Random(mix32(seed) ^ 0x51ed27);
  for (const agency of nationalAgencies(structure)) {
    const skip = structure.chance(missingRate) ? structure.int(0, years.length - 1) : -1;
    yield { agency, skip };
  }
}

const capacities = new Map<string, number>();

/** How many reports one national pass holds for these options (the upper bound of `count`). */
export function syntheticCapacity(options: Omit<SyntheticOptions, 'count'>): number {
  const s = settings({ ...options, count: 0 });
  const key = `${s.seed}|${s.years.join(',')}|${s.missingRate}`;
  let capacity = capacities.get(key);
  if (capacity === undefined) {
    capacity = 0;
    for (const { skip } of plannedAgencies(s.seed, s.years, s.missingRate)) capacity += s.years.length - (skip >= 0 ? 1 : 0);
    capacities.set(key, capacity);
  }
  return capacity;
}

/**
 * Yields exactly `options.count` synthetic reports, district by district (a province's and
 * a city's own bodies before their first district), every year of a body in order; the
 * last body may be cut short. `checks` holds the failures actually present (C1–C5).
 * Throws a RangeError when `count` exceeds what one national pass holds.
 */
export function* generateReports(options: SyntheticOptions): Generator<ReportRecord> {
  const s = settings(options);
  if (s.count === 0) return;
  // Only large counts can run out of bodies; small ones need not walk the whole country first.
  if (s.count > 200_000) {
    const capacity = syntheticCapacity(s);
    if (s.count > capacity) {
      throw new RangeError(`synthetic: count ${s.count} exceeds the ${capacity} reports one national pass holds for years ${s.years.join(',')}`);
    }
  }
  const random = new Random(mix32(s.seed) ^ 0x2f9be6);
  let emitted = 0;
  for (const { agency, skip } of plannedAgencies(s.seed, s.years, s.missingRate)) {
    const history = new AgencyFigures(agency, random);
    let previous: ReportRecord | null = null;
    for (let y = 0; y < s.years.length; y++) {
      const year = s.years[y]!;
      const template = templateForYear(year);
      const hasPrevious = previous !== null && previous.year === year - 1;
      const u = random.next();
      const defect: Defect = u < s.errorRate
        ? C1_TO_C4[Math.floor((u / s.errorRate) * C1_TO_C4.length)]!
        : hasPrevious && y !== skip && u < s.errorRate + s.carryOverErrorRate ? 'C5' : 'none';
      const plan: ReportPlan = { defect, truncated: random.chance(s.truncatedRate), blanks: random.chance(s.blankRate) };
      const { figures, complete } = history.report(template, plan);
      if (y === skip) {
        previous = null;
        continue;
      }
      const record: ReportRecord = {
        source: `synthetic/${agency.regionCode}/${agency.index}-${year}.txt`,
        sha256: fakeSha256(s.seed, emitted),
        agency: agency.agency,
        agency_kind: agency.kind,
        province: agency.province,
        city: agency.city,
        district: agency.district,
        region_code: agency.regionCode,
        year,
        template,
        figures,
        complete,
        checks: [],
        warnings: [],
      };
      // Reports built without a defect pass C1–C5 by construction (test/synthetic.test.ts holds
      // this against checks.ts on every record), so only defective ones are checked here.
      if (defect === 'C5') record.checks = checkCarryOver([previous!, record]).get(record) ?? [];
      else if (defect !== 'none') record.checks = checkReport(figures, template);
      yield record;
      previous = record;
      if (++emitted === s.count) return;
    }
  }
  throw new RangeError(`synthetic: count ${s.count} exceeds the ${emitted} reports one national pass holds`);
}
