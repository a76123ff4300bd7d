/**
 * The figures of one synthetic body, year after year: skewed like real reports (most
 * cells zero, a few large), consistent within a report (C1–C4) and across years (C5),
 * with optional injected errors, blanks and truncated tables. Pure; draws only from the
 * `Random` it is given.
 */
import type { Figures, ReportRecord } from './record.ts';
import {
  APPLICANT_COLUMN_KEYS, APPLICANT_PARTS, FIGURES, OTHER_PARTS, REVIEW_GROUPS, REVIEW_RESULTS, TABLE2_ROWS, TABLE3_ROWS,
  figureKeysOf, isMoneyUnit, type OutcomeGroup, type TemplateKey,
} from './template.ts';
import type { Random } from './synthetic-random.ts';
import type { SyntheticAgency } from './synthetic-agencies.ts';

/** Which defect, if any, to build into one report. */
export type Defect = 'none' | 'C1' | 'C2' | 'C3' | 'C4' | 'C5';

/** What to do to one report beyond generating it. */
export interface ReportPlan {
  defect: Defect;
  /** Table 4 cut off (all null, `complete.table4 = false`). */
  truncated: boolean;
  /** Some table-2 cells left blank. */
  blanks: boolean;
}

/** Share of applications by applicant column (natural persons dominate). */
const APPLICANT_WEIGHTS: Record<string, number> = {
  natural_person: 0.86, commercial: 0.09, research: 0.005, social_org: 0.005, legal_service: 0.02, other_org: 0.02,
};
/** Share of processed applications by outcome group, and within a group by row where it is uneven. */
const GROUP_WEIGHTS: Partial<Record<OutcomeGroup, number>> = {
  granted: 0.42, partial: 0.06, denied: 0.06, unable: 0.28, rejected: 0.1, other: 0.08,
};
const ROW_WEIGHTS: Record<string, number> = {
  denied_process: 3, denied_third_party: 2, denied_state_secret: 1, denied_internal: 1.5, denied_law_forbidden: 0.5,
  denied_three_safety: 0.3, denied_enforcement_file: 0.7, denied_admin_query: 1,
  unable_no_info: 8, unable_need_creation: 1.5, unable_unclear: 1,
  rejected_complaint: 5, rejected_repeat: 3, rejected_publication: 0.5, rejected_excessive: 1, rejected_confirm: 0.5,
  other_no_correction: 5, other_no_fee: 0.1, other_misc: 3, other_total: 1,
};
/** Shares of table-4 results (upheld, corrected, other, pending, by registry order). */
const RESULT_WEIGHTS: Record<string, number> = { upheld: 0.6, corrected: 0.1, other: 0.15, pending: 0.15 };

/** Where each figure of a template sits in a flat array, derived from the registry once. */
interface Layout {
  template: TemplateKey;
  keys: readonly string[];
  /** Table-3 cell index by [row][applicant column] (APPLICANT_COLUMN_KEYS order; last is `total`). */
  t3: Record<string, number[]>;
  rows: string[];
  /** Table-3 cells of every row of the template, in `rows` order. */
  rowCells: number[][];
  /** Outcome rows that applications are spread over (2021: the three 其他处理 rows, not `other_total`). */
  outcomeRows: string[];
  outcomeCdf: Float64Array;
  /** Table-4 indices by group: results in registry order, `total` last. */
  t4: number[][];
  /** Table-3 cells of the outcome rows, the rows summed into processed_total (C2) and the 其他处理 parts. */
  outcomeCells: number[][];
  summandCells: number[][];
  otherPartCells: number[][];
  /** Table-2 rows of the template with the index of each printed column and its running-total slot. */
  t2: { row: string; at: Record<string, number>; stock: number }[];
  t2Indices: number[];
  t4Indices: number[];
  /** Builds the figures object from the flat values in one object literal (see `figuresFactory`). */
  toFigures: (values: Float64Array) => Figures;
}

/** Table-2 columns this generator knows how to fill; a registry column outside this list is an error. */
const TABLE2_COLUMNS = new Set(['issued', 'repealed', 'in_force', 'made', 'published', 'total_public', 'items_prev', 'items_delta', 'decisions', 'amount', 'items']);

/**
 * A function returning `{ [keys[0]]: values[0], … }` as one object literal. Assigning 200
 * keys one by one turns the object into a slow dictionary; a literal of fixed shape is
 * several times faster to build and to read, which matters at a million reports. The
 * keys come from the registry and are quoted with JSON.stringify.
 */
function figuresFactory(keys: readonly string[]): (values: Float64Array) => Figures {
  // Counts go in as small integers (`| 0`), so V8 stores them unboxed; money stays a double.
  const money = new Set(FIGURES.filter((f) => isMoneyUnit(f.unit)).map((f) => f.key));
  const body = keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]${money.has(k) ? '' : ' | 0'}`).join(',\n');
  return new Function('v', `return {\n${body}\n};`) as (values: Float64Array) => Figures;
}

function buildLayout(template: TemplateKey): Layout {
  const keys = figureKeysOf(template);
  const at = new Map(keys.map((k, i) => [k, i]));
  const index = (key: string): number => {
    const i = at.get(key);
    if (i === undefined) throw new Error(`synthetic: figure ${key} is not in template ${template}`);
    return i;
  };
  const rows = TABLE3_ROWS.filter((r) => r.templates.includes(template));
  const t3: Record<string, number[]> = {};
  for (const r of rows) t3[r.row] = APPLICANT_COLUMN_KEYS.map((c) => index(`${r.row}.${c}`));
  const outcome = rows.filter((r) => r.group in GROUP_WEIGHTS && !(template === '2021' && r.row === 'other_total'));
  const weights = outcome.map((r) => {
    const group = outcome.filter((o) => o.group === r.group);
    const groupSum = group.reduce((s, o) => s + (ROW_WEIGHTS[o.row] ?? 1), 0);
    return (GROUP_WEIGHTS[r.group] ?? 0) * (ROW_WEIGHTS[r.row] ?? 1) / groupSum;
  });
  const total = weights.reduce((s, w) => s + w, 0);
  const outcomeCdf = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => { acc += w / total; outcomeCdf[i] = acc; });
  outcomeCdf[weights.length - 1] = 1;
  const t4 = REVIEW_GROUPS.map((g) => REVIEW_RESULTS.map((r) => index(`${g.key}_${r.key}`)));
  const t2 = TABLE2_ROWS.filter((r) => r.template === template).map((r) => {
    const at: Record<string, number> = {};
    for (const [column, key] of r.columns) {
      if (!TABLE2_COLUMNS.has(column)) throw new Error(`synthetic: no generator for table-2 column ${r.row}.${column}`);
      at[column] = index(key);
    }
    return { row: r.row, at, stock: TABLE2_ROWS.indexOf(r) };
  });
  const outcomeRows = outcome.map((r) => r.row);
  const summands = rows.filter((r) => r.group in GROUP_WEIGHTS && (template === '2019' || !OTHER_PARTS.includes(r.row)));
  return {
    template, keys, t3, rows: rows.map((r) => r.row), outcomeRows, outcomeCdf, t4, t2,
    rowCells: rows.map((r) => t3[r.row]!),
    outcomeCells: outcomeRows.map((row) => t3[row]!),
    summandCells: summands.map((r) => t3[r.row]!),
    otherPartCells: template === '2021' ? OTHER_PARTS.map((row) => t3[row]!) : [],
    t2Indices: t2.flatMap((r) => Object.values(r.at)),
    t4Indices: t4.flat(),
    toFigures: figuresFactory(keys),
  };
}

const LAYOUTS: Record<TemplateKey, Layout> = { '2019': buildLayout('2019'), '2021': buildLayout('2021') };
/** Scratch values of the report being built (reports are built one at a time and copied out). */
const VALUES = new Float64Array(Math.max(LAYOUTS['2019'].keys.length, LAYOUTS['2021'].keys.length));
const APPLICANT_CDF = cumulative(APPLICANT_PARTS.map((c) => APPLICANT_WEIGHTS[c] ?? 0));
const RESULT_CDF = cumulative(REVIEW_RESULTS.filter((r) => r.key !== 'total').map((r) => RESULT_WEIGHTS[r.key] ?? 0));
const PARTS = APPLICANT_PARTS.length;
const TOTAL = APPLICANT_COLUMN_KEYS.indexOf('total');

function cumulative(weights: readonly number[]): Float64Array {
  const sum = weights.reduce((s, w) => s + w, 0);
  const cdf = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => { acc += w / sum; cdf[i] = acc; });
  cdf[weights.length - 1] = 1;
  return cdf;
}

/**
 * Adds `n` spread over the categories of `cdf` to `out` at `cells[i][column]`: exact draws
 * for small `n`, a normal approximation of each conditional binomial above.
 */
function spreadCount(n: number, cdf: Float64Array, out: Float64Array, cells: readonly (readonly number[])[], column: number, random: Random): void {
  if (n <= 0) return;
  if (n <= 24) {
    for (let k = 0; k < n; k++) {
      const u = random.next();
      let i = 0;
      while (cdf[i]! <= u) i++;
      add(out, cells[i]![column]!, 1);
    }
    return;
  }
  let left = n;
  let before = 0;
  for (let i = 0; i < cdf.length - 1 && left > 0; i++) {
    const p = (cdf[i]! - before) / (1 - before);
    before = cdf[i]!;
    const mean = left * p;
    const draw = Math.round(mean + Math.sqrt(mean * (1 - p)) * random.normal());
    const take = draw < 0 ? 0 : draw > left ? left : draw;
    add(out, cells[i]![column]!, take);
    left -= take;
  }
  add(out, cells[cdf.length - 1]![column]!, left);
}

function add(values: Float64Array, index: number, amount: number): void {
  values[index] = values[index]! + amount;
}

/** A level for a figure family: 0 for bodies that never report it, else median × scale × a lasting spread. */
function level([median, share]: readonly [number, number], scale: number, random: Random): number {
  return median > 0 && random.chance(share) ? median * scale * random.spread(1) : 0;
}

/** One body's figures over the years; call `report` once per year, in year order. */
export class AgencyFigures {
  private readonly lv: Record<'licensing' | 'penalty' | 'coercion' | 'other_services' | 'applications' | 'fees' | 'normdocs' | 'regs' | 'procurement', number>;
  private readonly carried = new Float64Array(PARTS);
  /** Running totals of table 2 (in force / total public, item counts), by TABLE2_ROWS index; NaN before first use. */
  private readonly stock = new Float64Array(TABLE2_ROWS.length).fill(Number.NaN);
  private readonly values = VALUES;

  constructor(agency: SyntheticAgency, private readonly random: Random) {
    const p = agency.profile;
    const s = agency.scale;
    this.lv = {
      licensing: level(p.licensing, s, random),
      penalty: level(p.penalty, s, random),
      coercion: level(p.coercion, s, random),
      other_services: level([p.licensing[0] * 0.3, p.licensing[1] * 0.3], s, random),
      applications: level(p.applications, s, random),
      fees: level(p.fees, s, random),
      normdocs: level(p.normdocs, s, random),
      regs: level(p.regs, s, random),
      procurement: level([4, agency.kind === 'street-town' ? 0.1 : 0.5], s, random),
    };
    if (this.lv.applications > 0 && random.chance(0.2)) this.carried[0] = random.round(this.lv.applications * 0.05);
  }

  /** Draws a yearly figure around a level (0 stays 0). */
  private around(base: number, sigma = 0.4): number {
    return base > 0 ? this.random.round(base * this.random.spread(sigma)) : 0;
  }

  /** A running total (in force, total public, items) of a table-2 row, with its starting value on first use. */
  private stockOf(slot: number, initial: () => number): number {
    let v = this.stock[slot]!;
    if (Number.isNaN(v)) {
      v = initial();
      this.stock[slot] = v;
    }
    return v;
  }

  /** The figures and completeness of this body's report for one year. */
  report(template: TemplateKey, plan: ReportPlan): Pick<ReportRecord, 'figures' | 'complete'> {
    const layout = LAYOUTS[template];
    const v = this.values;
    v.fill(0);
    this.table2(layout);
    this.table3(layout, plan.defect === 'C5');
    this.table4(layout);
    if (plan.defect !== 'none' && plan.defect !== 'C5') this.inject(layout, plan);
    const figures = layout.toFigures(v);
    const keys = layout.keys;
    if (plan.blanks) for (const i of this.blankSet(layout)) figures[keys[i]!] = null;
    if (plan.truncated) for (const i of layout.t4Indices) figures[keys[i]!] = null;
    return { figures, complete: { table2: true, table3: true, table4: !plan.truncated } };
  }

  private table2(layout: Layout): void {
    const v = this.values;
    const r = this.random;
    const lv = this.lv;
    for (const { row, at, stock } of layout.t2) {
      const base = row === 'regs' ? lv.regs : row === 'normdocs' ? lv.normdocs : 0;
      if (at.issued !== undefined && at.repealed !== undefined && at.in_force !== undefined) {
        const issued = this.around(base, 0.5);
        const before = this.stockOf(stock, () => Math.round(base * r.int(5, 30)));
        const repealed = Math.min(before + issued, this.around(base * 0.3, 0.6));
        v[at.issued] = issued;
        v[at.repealed] = repealed;
        v[at.in_force] = before + issued - repealed;
        this.stock[stock] = before + issued - repealed;
      }
      if (at.made !== undefined && at.published !== undefined && at.total_public !== undefined) {
        const made = this.around(base, 0.5);
        const published = r.chance(0.1) ? r.round(made * r.next()) : made;
        const total = this.stockOf(stock, () => Math.round(base * r.int(5, 30))) + published;
        v[at.made] = made;
        v[at.published] = published;
        v[at.total_public] = total;
        this.stock[stock] = total;
      }
      if (at.items_prev !== undefined && at.items_delta !== undefined) {
        const active = (row === 'fees' ? lv.fees : lv[row as 'licensing' | 'penalty' | 'coercion' | 'other_services'] ?? 0) > 0;
        const prev = this.stockOf(stock, () => active ? r.int(3, 60) : r.chance(0.2) ? r.int(1, 5) : 0);
        const delta = r.chance(0.3) ? Math.max(-prev, r.int(-3, 5)) : 0;
        v[at.items_prev] = prev;
        v[at.items_delta] = delta;
        this.stock[stock] = prev + delta;
      }
      if (at.decisions !== undefined) v[at.decisions] = this.around(lv[row as 'licensing' | 'penalty' | 'coercion' | 'other_services'] ?? 0);
      if (at.items !== undefined) v[at.items] = this.around(lv.procurement, 0.5);
      if (at.amount !== undefined) {
        v[at.amount] = row === 'fees'
          ? (lv.fees > 0 ? Math.round(lv.fees * r.spread(0.5) * 100) / 100 : 0)
          : Math.round((at.items !== undefined ? v[at.items]! : 0) * 150_000 * r.spread(0.8));
      }
    }
  }

  private table3(layout: Layout, carryOverDefect: boolean): void {
    const v = this.values;
    const r = this.random;
    const t3 = layout.t3;
    const newRow = t3.new!;
    spreadCount(this.around(this.lv.applications, 0.5), APPLICANT_CDF, v, rowCells(newRow, PARTS), 0, r);
    if (carryOverDefect) this.carried[0] = this.carried[0]! + r.int(1, 5);
    const forwardRow = t3.carried_forward!;
    const overRow = t3.carried_over!;
    for (let c = 0; c < PARTS; c++) {
      const carriedOver = this.carried[c]!;
      v[overRow[c]!] = carriedOver;
      const available = v[newRow[c]!]! + carriedOver;
      const forward = available > 0 && r.chance(0.25) ? Math.floor(available * r.next() * 0.2) : 0;
      v[forwardRow[c]!] = forward;
      this.carried[c] = forward;
      spreadCount(available - forward, layout.outcomeCdf, v, layout.outcomeCells, c, r);
    }
    const other = t3.other_total!;
    for (let c = 0; c < PARTS && layout.otherPartCells.length > 0; c++) {
      let sum = 0;
      for (const cells of layout.otherPartCells) sum += v[cells[c]!]!;
      v[other[c]!] = sum;
    }
    const processed = t3.processed_total!;
    for (let c = 0; c < PARTS; c++) {
      let sum = 0;
      for (const cells of layout.summandCells) sum += v[cells[c]!]!;
      v[processed[c]!] = sum;
    }
    for (const cells of layout.rowCells) {
      let sum = 0;
      for (let c = 0; c < PARTS; c++) sum += v[cells[c]!]!;
      v[cells[TOTAL]!] = sum;
    }
  }

  private table4(layout: Layout): void {
    const v = this.values;
    const r = this.random;
    const applications = v[layout.t3.new![TOTAL]!]!;
    const review = applications > 0 ? r.round(applications * 0.03 * r.spread(1)) : 0;
    const counts = [review, applications > 0 ? r.round(applications * 0.015 * r.spread(1)) : 0, r.round(review * 0.2)];
    for (let g = 0; g < layout.t4.length; g++) {
      const cells = layout.t4[g]!;
      spreadCount(counts[g]!, RESULT_CDF, v, rowCells(cells, cells.length - 1), 0, r);
      v[cells[cells.length - 1]!] = counts[g]!;
    }
  }

  /** Builds one C1–C4 error into the report, the way a typo in one or two cells would. */
  private inject(layout: Layout, plan: ReportPlan): void {
    const v = this.values;
    const r = this.random;
    const t3 = layout.t3;
    const d = r.int(1, 9);
    const natural = 0;
    let defect = plan.defect;
    if (defect === 'C4' && plan.truncated) defect = 'C3';
    switch (defect) {
      case 'C1': // applications received miscounted, consistently across the row
        add(v, t3.new![natural]!, d);
        add(v, t3.new![TOTAL]!, d);
        return;
      case 'C2': // an outcome miscounted, consistently across the row
        add(v, t3.granted![natural]!, d);
        add(v, t3.granted![TOTAL]!, d);
        return;
      case 'C3': {
        // Two totals swapped digits: column sums still hold where a second row can absorb it.
        const rows = layout.outcomeRows.filter((row) => layout.template === '2019' || !OTHER_PARTS.includes(row));
        const from = rows.find((row) => v[t3[row]![TOTAL]!]! >= 1);
        const to = r.pick(rows.filter((row) => row !== from));
        if (from) add(v, t3[from]![TOTAL]!, -1);
        add(v, t3[to]![TOTAL]!, 1);
        return;
      }
      case 'C4': {
        const group = layout.t4[r.int(0, layout.t4.length - 1)]!;
        add(v, group[group.length - 1]!, d);
        return;
      }
    }
  }

  /** Indices of a few table-2 cells left blank. */
  private blankSet(layout: Layout): Set<number> {
    const r = this.random;
    const set = new Set<number>();
    const n = r.int(1, 3);
    for (let i = 0; i < n; i++) set.add(r.pick(layout.t2Indices));
    return set;
  }

  /** The carried-forward figures (per applicant column) the next report starts from. */
  get carriedForward(): readonly number[] {
    return Array.from(this.carried);
  }
}

/** The first `parts` cells of a row as one-column lists, so `spreadCount` can spread along a row (cached). */
const rowCellCache = new WeakMap<readonly number[], number[][]>();
function rowCells(row: readonly number[], parts: number): number[][] {
  let cells = rowCellCache.get(row);
  if (!cells) {
    cells = row.slice(0, parts).map((i) => [i]);
    rowCellCache.set(row, cells);
  }
  return cells;
}
