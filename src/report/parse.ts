/**
 * The report parser: bytes of one published report (text in any layout, or an HTML page)
 * → a typed `ReportRecord` with every canonical figure of its template, or a clear
 * `ParseFailure`. Pure: no file system, no network.
 */
import { FIGURE_BY_KEY, FIGURES, figureKeysOf, figureSlot, isMoneyUnit, OTHER_PARTS, tableKeysOf, TABLE2_ROWS, TABLES, type TableId, type TemplateKey } from './template.ts';
import type { ParseOutcome, ReportRecord } from './record.ts';
import { decodeBytes, normaliseText } from './normalise.ts';
import { htmlToText, looksLikeHtml } from './html.ts';
import { classifyLayout, tokenise, type Layout } from './layout.ts';
import { agencyKindOfLevel, agencyKindOfName, readStatedMeta, splitMetadata } from './metadata.ts';
import { deriveOtherTotal, readTables, type Figures } from './parse-tables.ts';
import { T3_SLOTS, templateEvidence } from './parse-match.ts';
import { resolveRegion } from './region.ts';
import { checkValues } from './checks.ts';

/** Largest report the parser accepts, in bytes. */
export const MAX_REPORT_BYTES = 20 * 1024 * 1024;

/** Parse one report file's bytes into a record, or say why it cannot be read. */
export function parseReport(input: { source: string; bytes: Uint8Array; sha256: string }): ParseOutcome {
  if (input.bytes.length > MAX_REPORT_BYTES) {
    return { source: input.source, error: `file too large (${input.bytes.length} bytes; limit ${MAX_REPORT_BYTES})` };
  }
  const decoded = decodeBytes(input.bytes);
  if ('error' in decoded) return { source: input.source, error: decoded.error };
  return parseReportText(input.source, decoded.text, input.sha256);
}

/** Normalised lines of a report body (HTML rendered to `|` rows). */
export function reportLines(body: string): { lines: string[]; html: boolean } {
  const html = looksLikeHtml(body);
  const text = normaliseText(html ? htmlToText(body) : body);
  return { lines: text.split('\n'), html };
}

/** The layout a report body is written in (tab, pipe, cell-per-line, one-line, pdf-text, html). */
export function reportLayout(body: string): Layout {
  const { lines, html } = reportLines(body);
  return classifyLayout(lines, html);
}

/** Each template's figure keys, null, in printed order. */
const NO_FIGURES: Record<TemplateKey, Readonly<Record<string, null>>> = {
  '2019': Object.fromEntries(figureKeysOf('2019').map((k) => [k, null])),
  '2021': Object.fromEntries(figureKeysOf('2021').map((k) => [k, null])),
};

/** Parse already-decoded report text (see `parseReport`). */
export function parseReportText(source: string, text: string, sha256: string): ParseOutcome {
  const { meta, body } = splitMetadata(text);
  if (!/[\u4e00-\u9fff]/.test(body)) return { source, error: 'not a report: no Chinese text found' };
  const { lines } = reportLines(body);
  const warnings: string[] = [];

  const stated = readStatedMeta(lines);
  const statedYear = plausibleYear(stated.titleYear ?? stated.periodYear, 'the report text', warnings);
  const headerYear = plausibleYear(meta?.year ?? null, 'the header', warnings);
  const year = headerYear ?? statedYear ?? null;
  if (headerYear !== null && statedYear !== null && statedYear !== headerYear) {
    warnings.push(`header says year ${headerYear} but the report text says ${statedYear}`);
  }
  if (year !== null && year < 2019) {
    return { source, error: `report of ${year}: no disclosure-template tables before 2019 (pre-2019 free-form report)` };
  }

  const cells = tokenise(lines);
  const evidence = templateEvidence(cells);
  let template: TemplateKey;
  if (evidence['2019'] !== evidence['2021']) template = evidence['2019'] > evidence['2021'] ? '2019' : '2021';
  else template = meta?.template ?? (year !== null && year <= 2020 ? '2019' : '2021');
  if (meta?.template && meta.template !== template) {
    warnings.push(`header says template ${meta.template} but the table headers read as ${template} (evidence 2019:${evidence['2019']} 2021:${evidence['2021']})`);
  }

  const read = readTables(cells, template);
  if (read.rowsMatched === 0) {
    return { source, error: 'no disclosure-template tables found (pre-2019 free-form report, or not a disclosure report?)' };
  }
  warnings.push(...read.warnings);

  const keys = figureKeysOf(template);
  if (template === '2021') {
    // 其他处理 is derived from its possible parts where its own row is missing or impossible.
    dropImpossibleFigures(read.figures, warnings, OTHER_SLOTS);
    deriveOtherTotal(read.figures);
  }
  // Figures of the other template read by mistake are dropped; only their warnings remain.
  dropImpossibleFigures(read.figures, warnings, OUTSIDE_SLOTS[template]);
  // The template's figures in printed order, once as values for the checks and once copied
  // onto its keys, all null (cheaper than growing an object key by key).
  const values = new Array<number | null>(keys.length);
  const figures: Record<string, number | null> = { ...NO_FIGURES[template] };
  const slots = TEMPLATE_SLOTS[template];
  let nonNull = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const slot = slots[i]!;
    const v = possibleFigure(slot, read.figures[slot]!, warnings);
    values[i] = v;
    if (v !== null) { figures[key] = v; nonNull++; }
  }
  // Labels alone (a CSV or web page naming 行政许可, a report cut before its first figure) are not a report.
  if (nonNull === 0) {
    return { source, error: 'no figures: template row labels found but no value in any table cell' };
  }
  const complete = completeness(template, read.printed);

  const agency = meta?.agency ?? stated.agency ?? null;
  if (meta?.agency && stated.agency && !sameAgency(meta.agency, stated.agency)) {
    warnings.push(`header agency "${meta.agency}" differs from the title's "${stated.agency}"`);
  }
  const region = resolveRegion({ province: meta?.province, city: meta?.city, district: meta?.district, agency });
  warnings.push(...region.warnings);

  const record: ReportRecord = {
    source,
    sha256,
    agency,
    agency_kind: agencyKindOfLevel(meta?.level) ?? agencyKindOfName(agency),
    province: region.province,
    city: region.city,
    district: region.district,
    region_code: region.code,
    year,
    template,
    figures,
    complete,
    checks: checkValues(values, template),
    warnings,
  };
  if (year === null) warnings.push('year not stated (no header, title or statistics period)');
  return record;
}

/** Largest count a figure can hold (the dataset stores counts as 32-bit integers). */
export const MAX_COUNT = 2_147_483_647;

/**
 * Counts must be whole numbers within MAX_COUNT, money finite: anything else (a misread or
 * garbled cell such as `12.5`件 or a 15-digit number) is not stored as a figure.
 */
function possibleFigure(slot: number, value: number | null, warnings: string[]): number | null {
  if (value === null) return null;
  // Whole numbers within 32 bits are possible counts and amounts alike.
  if (Number.isInteger(value) && Math.abs(value) <= MAX_COUNT) return value;
  const { key, unit } = FIGURES[slot]!;
  const money = isMoneyUnit(unit);
  if (money && Number.isFinite(value)) return value;
  warnings.push(`${key}: ${value} is not a possible ${money ? 'amount' : 'count'}; left blank`);
  return null;
}

/** possibleFigure over some slots, in place. */
function dropImpossibleFigures(figures: Figures, warnings: string[], slots: readonly number[]): void {
  for (const slot of slots) figures[slot] = possibleFigure(slot, figures[slot]!, warnings);
}

/** `FIGURES` slots of each template's keys, in printed order. */
const TEMPLATE_SLOTS: Record<TemplateKey, readonly number[]> = {
  '2019': figureKeysOf('2019').map(figureSlot),
  '2021': figureKeysOf('2021').map(figureSlot),
};
/** Registry slots a template does not print. */
const OUTSIDE_SLOTS: Record<TemplateKey, readonly number[]> = {
  '2019': [...FIGURE_BY_KEY.keys()].filter((k) => !figureKeysOf('2019').includes(k)).map(figureSlot),
  '2021': [...FIGURE_BY_KEY.keys()].filter((k) => !figureKeysOf('2021').includes(k)).map(figureSlot),
};
/** Slots of the 2021 其他处理 row and its three sub-rows. */
const OTHER_SLOTS: readonly number[] = ['other_total', ...OTHER_PARTS].flatMap((p) => T3_SLOTS.get(p)!);

/** Years a report can be of; others are misprints (or garbled digits) and are ignored. */
export const PLAUSIBLE_YEARS = { min: 1980, max: 2100 } as const;

function plausibleYear(year: number | null, where: string, warnings: string[]): number | null {
  if (year === null || (year >= PLAUSIBLE_YEARS.min && year <= PLAUSIBLE_YEARS.max)) return year;
  warnings.push(`${where} states year ${year}, not a plausible report year; ignored`);
  return null;
}

function sameAgency(a: string, b: string): boolean {
  const x = a.replace(/\s+/g, ''), y = b.replace(/\s+/g, '');
  return x === y || x.includes(y) || y.includes(x);
}

const TABLE3_GROUPS_2021_OTHER = ['other_no_correction', 'other_no_fee', 'other_misc'];

/** A table is complete when every row of the template was printed. */
function completeness(template: TemplateKey, printed: Record<TableId, Set<string>>): Record<TableId, boolean> {
  const out = {} as Record<TableId, boolean>;
  for (const table of TABLES) {
    const rows = TABLE_ROWS[template][table];
    let ok = true;
    for (const r of rows) {
      if (printed[table].has(r)) continue;
      if (table === 'table3' && template === '2021' && TABLE3_GROUPS_2021_OTHER.includes(r) && printed.table3.has('other_total')) continue;
      if (table === 'table3' && r === 'other_total' && TABLE3_GROUPS_2021_OTHER.every((p) => printed.table3.has(p))) continue;
      ok = false;
      break;
    }
    out[table] = ok;
  }
  return out;
}

function rowOf(table: TableId, key: string): string {
  if (table === 'table3') return key.slice(0, key.indexOf('.'));
  if (table === 'table4') return key.replace(/_(upheld|corrected|other|pending|total)$/, '');
  return TABLE2_ROW_OF_KEY.get(key) ?? key;
}

const TABLE2_ROW_OF_KEY = new Map(TABLE2_ROWS.flatMap((r) => r.columns.map(([, key]) => [key, r.row] as const)));
/** Printed rows of each table per template. */
const TABLE_ROWS: Record<TemplateKey, Record<TableId, Set<string>>> = Object.fromEntries(
  (['2019', '2021'] as const).map((t) => [t, Object.fromEntries(TABLES.map((table) => [table, new Set(tableKeysOf(t, table).map((k) => rowOf(table, k)))]))]),
) as Record<TemplateKey, Record<TableId, Set<string>>>;
