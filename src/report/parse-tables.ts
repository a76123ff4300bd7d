/**
 * Reading tables 2, 3 and 4 from the cell stream: label cells are matched to registry rows
 * (TABLE2_ROWS / TABLE3_ROWS) in template order, and the value cells that follow a label
 * are assigned to that row's columns. Where a value's column is ambiguous the figure stays
 * null with a warning, except where check C3 pins it down uniquely.
 */
import {
  APPLICANT_COLUMN_KEYS, OTHER_PARTS, REVIEW_GROUPS, REVIEW_RESULTS, TABLE2_ROWS, TABLE3_ROWS,
  type Table2RowDef, type Table3RowDef, type TableId, type TemplateKey,
} from './template.ts';
import { toColumnUnit, type MoneyUnit } from './normalise.ts';
import type { Cell } from './layout.ts';

/** Figures read from the tables, which rows were printed, and what was doubtful. */
export interface TablesRead {
  figures: Record<string, number | null>;
  /** Row keys seen per table (`licensing`, `granted`, `review` …). */
  printed: Record<TableId, Set<string>>;
  warnings: string[];
  /** Number of rows matched in all tables (0 → no template tables found). */
  rowsMatched: number;
}

// ---------------------------------------------------------------- template detection

const EVIDENCE: readonly [RegExp, TemplateKey, number][] = [
  [/新制作|制作数量/, '2019', 2], [/对外公开总/, '2019', 2], [/本年新公开/, '2019', 1], [/上一年项目|上年项目数/, '2019', 2],
  [/其他对外管理服务/, '2019', 2], [/政府集中采购|采购项目数量/, '2019', 2],
  [/制发/, '2021', 2], [/废止/, '2021', 2], [/现行有效/, '2021', 2], [/逾期不补正/, '2021', 2], [/缴纳费用|收费通知/, '2021', 2],
  [/收费金额/, '2021', 1],
];

const ANY_EVIDENCE = new RegExp(EVIDENCE.map(([re]) => re.source).join('|'));
/** Evidence entries naming the 2021 其他处理 sub-rows. */
const OTHER_SUBROW_EVIDENCE = EVIDENCE.flatMap(([re], i) => (re.test('逾期不补正') || re.test('缴纳费用') ? [i] : []));

/** Evidence score of each template in the table labels (header words and row labels). */
export function templateEvidence(cells: readonly Cell[]): Record<TemplateKey, number> {
  const score: Record<TemplateKey, number> = { '2019': 0, '2021': 0 };
  const seen = new Set<number>();
  let otherHeading = false;
  for (const c of cells) {
    if (c.kind !== 'label' || c.text.length > 300) continue;
    if (c.text.includes('其他处理')) otherHeading = true;
    if (seen.size === EVIDENCE.length || !ANY_EVIDENCE.test(c.text)) continue;
    for (let i = 0; i < EVIDENCE.length; i++) {
      const [re, t, w] = EVIDENCE[i]!;
      if (!seen.has(i) && re.test(c.text)) { seen.add(i); score[t] += w; }
    }
  }
  // A single 其他处理 row (no 2021 sub-rows) leans to 2019, weakly.
  if (otherHeading && !OTHER_SUBROW_EVIDENCE.some((i) => seen.has(i))) score['2019'] += 1;
  return score;
}

// ---------------------------------------------------------------- column headers of table 2

const HEADER_WORDS: readonly [RegExp, string][] = [
  [/金额/, 'amount'], [/采购项目/, 'items'], [/增.?减|增\/|增减/, 'items_delta'], [/上一?年.{0,3}(?:项目|事项)|上年度?项目/, 'items_prev'],
  [/处理决定|办件/, 'decisions'], [/制发/, 'issued'], [/废止/, 'repealed'], [/现行有效/, 'in_force'], [/制作/, 'made'],
  [/新公开/, 'published'], [/对外公开总|公开总数/, 'total_public'],
];

/** Column keys named in one header label, in the order they are written. */
function headerColumns(label: string): string[] {
  const hits: [number, string][] = [];
  for (const [re, key] of HEADER_WORDS) {
    const m = re.exec(label);
    if (m && !hits.some(([, k]) => k === key)) hits.push([m.index, key]);
  }
  return hits.sort((a, b) => a[0] - b[0]).map(([, k]) => k);
}

// ---------------------------------------------------------------- row matching

/** Table-3 rows in printed order: the 其他处理 heading row comes before its 2021 sub-rows. */
const TABLE3_PRINTED: readonly Table3RowDef[] = (() => {
  const rows = TABLE3_ROWS.filter((r) => r.row !== 'other_total');
  const at = rows.findIndex((r) => r.row === OTHER_PARTS[0]);
  rows.splice(at, 0, TABLE3_ROWS.find((r) => r.row === 'other_total')!);
  return rows;
})();
const T3_INDEX = new Map(TABLE3_PRINTED.map((r, i) => [r.row, i]));
const GRANTED_INDEX = T3_INDEX.get('granted')!;
const NEW_MATCH = TABLE3_ROWS.find((r) => r.row === 'new')!.match;
/** Canonical keys of each table-3 row in column order, and of table 4, built once (hot path). */
const T3_KEYS: ReadonlyMap<string, readonly string[]> = new Map(TABLE3_ROWS.map((r) => [r.row, APPLICANT_COLUMN_KEYS.map((c) => `${r.row}.${c}`)]));
const T4_GROUP_KEYS: ReadonlyMap<string, readonly string[]> = new Map(REVIEW_GROUPS.map((g) => [g.key, REVIEW_RESULTS.map((r) => `${g.key}_${r.key}`)]));
const T4_KEYS: readonly string[] = REVIEW_GROUPS.flatMap((g) => T4_GROUP_KEYS.get(g.key)!);

function stripNumbering(label: string): string {
  return label.replace(/^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|\d{1,2}[.、)]|[(（]\d{1,2}[)）])+/, '');
}

/** A sentence of narrative rather than a row label: its match must then open the label. */
function isSentence(label: string): boolean {
  return label.includes('。') || label.length > 60;
}
const SENTENCE_MAX_POS = 8;

const fuzzyCache = new Map<string, RegExp>();
/** A match string with any one character miswritten (行政事业型收费 for 行政事业性收费); strings of 5+ characters only. */
function fuzzy(m: string): RegExp | null {
  if (m.length < 5) return null;
  let re = fuzzyCache.get(m);
  if (!re) {
    const esc = [...m].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = new RegExp(esc.map((_, i) => esc.map((c, j) => (i === j ? '.' : c)).join('')).join('|'));
    fuzzyCache.set(m, re);
  }
  return re;
}

/** Position of a row's match strings in a label (exact, then one-character tolerant), or -1. */
function findMatch(label: string, matches: readonly string[], tolerant: boolean): [number, number] {
  let pos = -1, len = 0;
  for (const m of matches) {
    let p = label.indexOf(m);
    if (p < 0 && tolerant && m.length >= 5 && label.length <= 200) {
      // One miswritten character leaves one half of the match string intact.
      const half = m.length >> 1;
      if (label.includes(m.slice(0, half)) || label.includes(m.slice(half))) {
        const hit = fuzzy(m)?.exec(label);
        if (hit) p = hit.index;
      }
    }
    if (p >= 0 && (pos < 0 || p < pos || (p === pos && m.length > len))) { pos = p; len = m.length; }
  }
  return [pos, len];
}

/** Best table-2 row after `cursor`: earliest match in the label, then longest match string. */
function matchTable2(label: string, rows: readonly Table2RowDef[], cursor: number): number {
  const sentence = isSentence(label);
  for (const tolerant of [false, true]) {
    let best = -1, bestPos = Infinity, bestLen = 0;
    for (let i = cursor + 1; i < rows.length; i++) {
      const [pos, len] = findMatch(label, rows[i]!.match, tolerant);
      if (pos < 0 || (sentence && pos > SENTENCE_MAX_POS)) continue;
      if (pos < bestPos || (pos === bestPos && len > bestLen)) { best = i; bestPos = pos; bestLen = len; }
    }
    if (best >= 0) return best;
  }
  return -1;
}

function matchTable3(label: string, cursor: number, lastRow: string | null): number {
  const sentence = isSentence(label);
  let best = -1;
  for (const tolerant of [false, true]) {
    let bestPos = Infinity, bestLen = 0;
    for (let i = cursor + 1; i < TABLE3_PRINTED.length; i++) {
      const def = TABLE3_PRINTED[i]!;
      if (def.row === 'processed_total' && cursor < GRANTED_INDEX) continue;
      const [pos, len] = findMatch(label, def.match, tolerant);
      if (pos < 0 || (sentence && pos > SENTENCE_MAX_POS)) continue;
      // A merged label `(六)其他处理 1.申请人…逾期不补正` names the sub-row.
      const better = best >= 0 && TABLE3_PRINTED[best]!.row === 'other_total' && def.group === 'other';
      if (better || pos < bestPos || (pos === bestPos && len > bestLen)) { best = i; bestPos = pos; bestLen = len; }
    }
    if (best >= 0) break;
  }
  if (best < 0 && (lastRow === 'other_no_correction' || lastRow === 'other_no_fee' || lastRow === 'other_total') && stripNumbering(label) === '其他') {
    const misc = T3_INDEX.get('other_misc')!;
    if (misc > cursor) return misc;
  }
  return best;
}

// ---------------------------------------------------------------- value assignment

type Slot = { cell: Cell | null };

/**
 * Assign the value cells after a row label to `n` columns: in order when exactly `n` are
 * non-blank; by position when the layout kept blank cells; otherwise ambiguous (null).
 */
function assign(all: readonly Cell[], n: number, end: number | null = null): Slot[] | 'ambiguous' {
  const cells = trimSpill(all);
  const filled = cells.filter((c) => c.kind !== 'blank');
  if (filled.length === n) return filled.map((cell) => ({ cell }));
  if (cells.length > n && filled.length > 0) {
    // More cells than columns on a grid line: spacer cells of a merged label precede the
    // values, or stray cells follow them. Use the table's learned end column, else the
    // only window that holds every value.
    const o = windowOffset(cells, n, end);
    if (o !== null) return cells.slice(o, o + n).map((cell) => ({ cell: cell.kind === 'blank' ? null : cell }));
  }
  if (cells.length >= n) return cells.slice(0, n).map((cell) => ({ cell: cell.kind === 'blank' ? null : cell }));
  if (filled.length === 0) return Array.from({ length: n }, () => ({ cell: null }));
  return 'ambiguous';
}

/** Drop blank cells that spill over from the next grid line (the empty cells before its label). */
function trimSpill(cells: readonly Cell[]): readonly Cell[] {
  if (cells.length === 0 || cells[0]!.col < 0) return cells;
  let end = cells.length;
  while (end > 0 && cells[end - 1]!.kind === 'blank' && cells[end - 1]!.line !== cells[0]!.line) end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

/** True when a row's cells sit on one tab/`|` grid line, in consecutive columns. */
function onGrid(cells: readonly Cell[]): boolean {
  if (cells.length === 0 || cells[0]!.col < 0) return false;
  for (let i = 1; i < cells.length; i++) {
    if (cells[i]!.line !== cells[0]!.line || cells[i]!.col !== cells[0]!.col + i) return false;
  }
  return true;
}

/** Offset of the n-cell window holding the row's values, or null when not determined. */
function windowOffset(cells: readonly Cell[], n: number, end: number | null): number | null {
  if (!onGrid(cells)) return null;
  const first = cells.findIndex((c) => c.kind !== 'blank');
  let last = -1;
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i]!.kind !== 'blank') { last = i; break; }
  const fits = (o: number) => o >= 0 && o + n <= cells.length && o <= first && last < o + n;
  if (end !== null) {
    const o = end - n - cells[0]!.col;
    if (fits(o)) return o;
  }
  const options: number[] = [];
  for (let o = 0; o + n <= cells.length; o++) if (fits(o)) options.push(o);
  return options.length === 1 ? options[0]! : null;
}

/** The end column (exclusive) of a row's values when its grid window is certain. */
function learnEnd(all: readonly Cell[], n: number): number | null {
  const cells = trimSpill(all);
  if (!onGrid(cells)) return null;
  const filled = cells.filter((c) => c.kind !== 'blank');
  if (filled.length === n && cells.length > 0) {
    const lastFilled = filled[filled.length - 1]!;
    const firstFilled = filled[0]!;
    return lastFilled.col - firstFilled.col === n - 1 ? lastFilled.col + 1 : null;
  }
  if (cells.length <= n || filled.length === 0) return null;
  const o = windowOffset(cells, n, null);
  return o === null ? null : cells[0]!.col + o + n;
}

/** Most common value of a list, or null. */
function mode(values: readonly number[]): number | null {
  const counts = new Map<number, number>();
  let best: number | null = null, bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount) { best = v; bestCount = c; }
  }
  return best;
}

function numberOf(slot: Slot): number | null {
  return slot.cell && slot.cell.kind === 'value' ? slot.cell.value : null;
}

/** Fill a table-3 row of 7 columns with one dropped cell when C3 (total = Σ parts) leaves one answer. */
function fillByC3(values: readonly number[]): (number | null)[] | null {
  if (values.length !== APPLICANT_COLUMN_KEYS.length - 1) return null;
  const answers = new Map<string, number[]>();
  for (let gap = 0; gap <= values.length; gap++) {
    const row = [...values.slice(0, gap), NaN, ...values.slice(gap)];
    const parts = row.slice(0, -1), total = row[row.length - 1]!;
    const x = gap === values.length ? parts.reduce((a, b) => a + b, 0) : total - parts.reduce((a, b) => (Number.isNaN(b) ? a : a + b), 0);
    if (!(x >= 0) || !Number.isInteger(x)) continue;
    row[gap] = x;
    answers.set(row.join(','), row);
  }
  return answers.size === 1 ? [...answers.values()][0]! : null;
}

/**
 * A table-3 row with more values than columns off any grid (a stray page number or note):
 * the one window of 7 consecutive values where total = Σ parts (C3), if only one fits.
 */
function pickByC3(cells: readonly Cell[], n: number): Slot[] | null {
  const filled = cells.filter((c) => c.kind !== 'blank');
  if (filled.length <= n || onGrid(trimSpill(cells))) return null;
  let found: number | null = null;
  for (let o = 0; o + n <= filled.length; o++) {
    const window = filled.slice(o, o + n).map((c) => c.value);
    if (window.some((v) => v === null)) continue;
    const parts = (window as number[]).slice(0, n - 1).reduce((a, b) => a + b, 0);
    if (parts !== window[n - 1]) continue;
    if (found !== null) return null;
    found = o;
  }
  return found === null ? null : filled.slice(found, found + n).map((cell) => ({ cell }));
}

/**
 * A table-3 row with several dropped cells: the total column is always printed, so the
 * last value is the total when it equals the sum of the others (C3 with the dropped
 * columns blank). If every value is 0, C3 makes every column 0; otherwise only the
 * total is known.
 */
function fillFromTotal(values: readonly number[]): (number | null)[] | null {
  if (values.length < 2) return null;
  const total = values[values.length - 1]!;
  const rest = values.slice(0, -1);
  if (rest.reduce((a, b) => a + b, 0) !== total) return null;
  const n = APPLICANT_COLUMN_KEYS.length;
  if (total === 0 && rest.every((v) => v === 0)) return Array.from({ length: n }, () => 0);
  return [...Array.from({ length: n - 1 }, () => null), total];
}

// ---------------------------------------------------------------- the reader

type Section = 'none' | 'table2' | 'table3' | 'table4' | 'done';

/** Column header of a table-2 block: column keys in order, complete when every header cell was recognised. */
interface Header {
  cols: string[];
  complete: boolean;
  unit: MoneyUnit | null;
}

interface OpenRow {
  table: 'table2' | 'table3';
  index: number;
  cells: Cell[];
  line: number;
}

const ANCHOR_T2 = /主动公开政府信息|第二十条/;
const ARTICLE = /第二十条|信息内容/;
const ANCHOR_T3 = /收到和处理政府信息公开申请/;
const ANCHOR_T4 = /行政复议|行政诉讼/;
const ANCHOR_END = /存在的主要问题|其他需要报告|改进情况/;

/** Read the three tables of one template from a cell stream. */
export function readTables(cells: readonly Cell[], template: TemplateKey): TablesRead {
  const figures: Record<string, number | null> = {};
  const printed: Record<TableId, Set<string>> = { table2: new Set(), table3: new Set(), table4: new Set() };
  const warnings: string[] = [];
  const t2rows = TABLE2_ROWS.filter((r) => r.template === template);
  let rowsMatched = 0;

  const hasAnchor = cells.some((c) => c.kind === 'label' && c.text.length <= 30 && (ANCHOR_T2.test(c.text) || ANCHOR_T3.test(c.text)));
  let section: Section = hasAnchor ? 'none' : 'table2';
  // Table-2 rows are matched only once the table itself has begun (第二十条 / 信息内容), so
  // a 主动公开 heading inside the narrative does not let its sentences match rows.
  const hasArticle = cells.some((c) => c.kind === 'label' && c.text.length <= 40 && ARTICLE.test(c.text));
  let t2Armed = !hasArticle;
  let t2cursor = -1, t3cursor = -1;
  let lastT3: string | null = null;
  // An unmatched label right before this one: a row label broken across lines.
  let fragment: string | null = null;
  let open: OpenRow | null = null;
  let header: Header | null = null;
  let headerOpen = false;
  const t4: Cell[] = [];
  let t4LabelLine = -1;
  let t4Done = false;
  const t4Groups: { group: string; cells: Cell[] }[] = [];

  const closed: { row: OpenRow; header: Header | null }[] = [];
  const closeRow = () => {
    if (!open) return;
    closed.push({ row: open, header: header && { ...header, cols: [...header.cols] } });
    open = null;
  };

  for (const cell of cells) {
    if (cell.kind !== 'label') {
      fragment = null;
      if (open) open.cells.push(cell);
      else if (section === 'table4' && !t4Done) {
        if (t4.length === 0 && cell.kind === 'blank' && cell.line === t4LabelLine) continue;
        t4.push(cell);
        const g = t4Groups[t4Groups.length - 1];
        if (g) g.cells.push(cell);
      }
      continue;
    }
    const label = cell.text;
    const short = label.length <= 30;
    // Section changes.
    if (section !== 'table4' && short && ANCHOR_T3.test(label)) { closeRow(); section = 'table3'; continue; }
    if ((section === 'table3' || (section !== 'table4' && /政府信息公开行政复议/.test(label))) && short && ANCHOR_T4.test(label)) {
      closeRow(); section = 'table4';
    }
    if (section !== 'none' && short && ANCHOR_END.test(label) && (section === 'table4' || section === 'table3' || rowsMatched > 0)) { closeRow(); section = 'done'; break; }
    if ((section === 'none' || section === 'table2') && short && ANCHOR_T2.test(label)) {
      if (section === 'none') section = 'table2';
      closeRow();
      if (/第二十条/.test(label)) { header = null; headerOpen = false; t2Armed = true; }
      if (!label.includes('信息内容')) continue;
    }
    if (section === 'table2' && label.length <= 40 && NEW_MATCH.some((m) => label.includes(m))) {
      closeRow(); section = 'table3';
    }

    if (section === 'table2') {
      if (!t2Armed) {
        if (!ARTICLE.test(label)) continue;
        t2Armed = true;
      }
      if (label.includes('信息内容')) {
        closeRow();
        header = { cols: [], complete: true, unit: null };
        headerOpen = true;
        const rest = label.slice(label.indexOf('信息内容') + 4);
        if (rest !== '') addHeader(header, rest);
        continue;
      }
      let i = matchTable2(label, t2rows, t2cursor);
      if (i < 0 && fragment !== null && !headerOpen) i = matchTable2(fragment + label, t2rows, t2cursor);
      if (i >= 0) {
        fragment = null;
        closeRow();
        headerOpen = false;
        t2cursor = i;
        rowsMatched++;
        open = { table: 'table2', index: i, cells: [], line: cell.line };
        continue;
      }
      if (headerOpen && header) { addHeader(header, label); continue; }
      if (open && open.cells.length > 0) closeRow();
      fragment = open ? null : label;
      continue;
    }
    if (section === 'table3') {
      let i = matchTable3(label, t3cursor, lastT3);
      if (i < 0 && fragment !== null) i = matchTable3(fragment + label, t3cursor, lastT3);
      if (i >= 0) {
        fragment = null;
        closeRow();
        t3cursor = i;
        lastT3 = TABLE3_PRINTED[i]!.row;
        rowsMatched++;
        open = { table: 'table3', index: i, cells: [], line: cell.line };
        continue;
      }
      if (open && open.cells.length > 0) closeRow();
      fragment = open ? null : label;
      continue;
    }
    if (section === 'table4') {
      closeRow();
      if (t4Done) continue;
      const filled = t4.filter((c) => c.kind !== 'blank').length;
      if (filled >= REVIEW_GROUPS.length * REVIEW_RESULTS.length) { t4Done = true; continue; }
      const group = /复议后起诉/.test(label) ? 'suit_after_review' : /直接起诉/.test(label) ? 'suit_direct' : /^(?:行政)?复议$/.test(label) ? 'review' : null;
      if (group) t4Groups.push({ group, cells: [] });
      t4.length = 0;
      t4LabelLine = cell.line;
    }
  }
  closeRow();
  // Learn where values end on grid lines from rows whose window is certain, per table.
  const ends: Record<'table2' | 'table3', number[]> = { table2: [], table3: [] };
  for (const { row } of closed) {
    if (row.table !== 'table3') continue;
    const e = learnEnd(row.cells, APPLICANT_COLUMN_KEYS.length);
    if (e !== null) ends.table3.push(e);
  }
  const t3end = mode(ends.table3);
  for (const { row, header: h } of closed) {
    if (row.table === 'table2') finishTable2(t2rows[row.index]!, row.cells, h, figures, printed, warnings);
    else finishTable3(TABLE3_PRINTED[row.index]!, row.cells, t3end, figures, printed, warnings);
  }
  if (section === 'table4' || section === 'done') rowsMatched += finishTable4(t4, t4Groups, figures, printed, warnings);
  return { figures, printed, warnings, rowsMatched };

  function addHeader(h: Header, text: string) {
    const cols = headerColumns(text);
    if (cols.length === 0) h.complete = false;
    for (const c of cols) h.cols.push(c);
    if (cols.includes('amount')) h.unit = /万元/.test(text) ? '10k_yuan' : /元/.test(text) ? 'yuan' : h.unit;
  }
}

function finishTable2(
  def: Table2RowDef, cells: readonly Cell[], header: Header | null,
  figures: Record<string, number | null>, printed: Record<TableId, Set<string>>, warnings: string[],
): void {
  const own = def.columns.map((c) => c[0]);
  let target: (string | null)[] = own;
  if (header && header.complete && header.cols.length > 0 && header.cols.some((c) => own.includes(c))) {
    target = header.cols.map((c) => (own.includes(c) ? c : null));
  }
  if (cells.length > 0) printed.table2.add(def.row);
  let slots = assign(cells, target.length);
  if (slots === 'ambiguous') {
    // Blank cells were dropped: web tables leave the trailing columns blank, so the
    // printed values are read as the leftmost columns.
    const filled = cells.filter((c) => c.kind !== 'blank');
    warnings.push(`table 2 row ${def.row} (line ${cells[0]!.line + 1}): ${filled.length} values for ${target.length} columns; read as the leftmost columns`);
    slots = target.map((_, i) => ({ cell: filled[i] ?? null }));
  }
  target.forEach((col, i) => {
    if (col === null) return;
    const colDef = def.columns.find((c) => c[0] === col)!;
    const [, key, , unit] = colDef;
    const slot = slots[i]!;
    let v = numberOf(slot);
    if (slot.cell?.unreadable) warnings.push(`table 2 ${key}: unreadable value "${slot.cell.text}"`);
    if (v !== null) {
      const cellUnit = slot.cell!.unit ?? (unit === 'yuan' || unit === '10k_yuan' ? header?.unit ?? null : null);
      if (unit === 'yuan' || unit === '10k_yuan') v = toColumnUnit(v, cellUnit, unit);
      else if (slot.cell!.unit !== null) {
        warnings.push(`table 2 ${key}: money value "${slot.cell!.text}" in a count column; left empty`);
        v = null;
      }
    }
    if (figures[key] === undefined || figures[key] === null) figures[key] = v;
  });
}

function finishTable3(def: Table3RowDef, cells: readonly Cell[], end: number | null, figures: Record<string, number | null>, printed: Record<TableId, Set<string>>, warnings: string[]): void {
  const n = APPLICANT_COLUMN_KEYS.length;
  if (cells.length === 0) return;
  printed.table3.add(def.row);
  let values: (number | null)[];
  const slots = pickByC3(cells, n) ?? assign(cells, n, end);
  if (slots === 'ambiguous') {
    const filled = cells.filter((c) => c.kind !== 'blank');
    const nums = filled.map((c) => c.value);
    const fill = nums.every((x): x is number => x !== null) ? fillByC3(nums) : null;
    const byTotal = fill ? null : nums.every((x): x is number => x !== null) ? fillFromTotal(nums) : null;
    if (fill) {
      values = fill;
      warnings.push(`table 3 row ${def.row}: ${filled.length} values for ${n} columns; the missing one follows from C3`);
    } else if (byTotal) {
      values = byTotal;
      warnings.push(`table 3 row ${def.row} (line ${cells[0]!.line + 1}): ${filled.length} values for ${n} columns; total read from the last value${byTotal[0] === null ? ', columns left empty' : ', all columns 0 by C3'}`);
    } else {
      values = Array.from({ length: n }, () => null);
      warnings.push(`table 3 row ${def.row} (line ${cells[0]!.line + 1}): ${filled.length} values for ${n} columns; left empty`);
    }
  } else {
    values = slots.map(numberOf);
    for (const s of slots) if (s.cell?.unreadable) warnings.push(`table 3 row ${def.row}: unreadable value "${s.cell.text}"`);
  }
  const keys = T3_KEYS.get(def.row)!;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const known = figures[key];
    if (known === undefined || known === null) figures[key] = values[i] ?? null;
  }
}

function finishTable4(cells: readonly Cell[], groups: readonly { group: string; cells: Cell[] }[], figures: Record<string, number | null>, printed: Record<TableId, Set<string>>, warnings: string[]): number {
  const n = REVIEW_GROUPS.length * REVIEW_RESULTS.length;
  const keys = T4_KEYS;
  const filled = cells.filter((c) => c.kind !== 'blank');
  const per = REVIEW_RESULTS.length;
  // Transposed layout: one row of five per group.
  if (filled.length < n && groups.length === REVIEW_GROUPS.length && groups.every((g) => g.cells.filter((c) => c.kind !== 'blank').length >= 1)) {
    let any = 0;
    for (const g of groups) {
      const slots = assign(g.cells, per);
      T4_GROUP_KEYS.get(g.group)!.forEach((key, i) => { figures[key] = slots === 'ambiguous' ? null : numberOf(slots[i]!); });
      if (slots === 'ambiguous') warnings.push(`table 4 group ${g.group}: values do not fill ${per} columns; left empty`);
      printed.table4.add(g.group);
      any++;
    }
    return any;
  }
  if (cells.length === 0) return 0;
  const slots = assign(cells, n);
  if (slots === 'ambiguous') {
    warnings.push(`table 4: ${filled.length} values for ${n} columns; left empty`);
    for (const k of keys) figures[k] = null;
    if (filled.length > 0) for (const g of REVIEW_GROUPS) printed.table4.add(g.key);
    return filled.length > 0 ? 1 : 0;
  }
  keys.forEach((k, i) => { figures[k] = numberOf(slots[i]!); });
  for (const g of REVIEW_GROUPS) printed.table4.add(g.key);
  return 1;
}

/** Fill `other_total` of template 2021 in place: the printed single row, or else the sum of its three sub-rows. */
export function deriveOtherTotal(figures: Record<string, number | null>): void {
  for (let c = 0; c < APPLICANT_COLUMN_KEYS.length; c++) {
    const key = T3_KEYS.get('other_total')![c]!;
    if (figures[key] !== undefined && figures[key] !== null) continue;
    const parts = OTHER_PARTS.map((p) => figures[T3_KEYS.get(p)![c]!]);
    figures[key] = parts.every((v): v is number => v !== undefined && v !== null) ? parts.reduce((a, b) => a + b, 0) : null;
  }
}

