/**
 * Reading tables 2, 3 and 4 from the cell stream: label cells are matched to registry rows
 * (TABLE2_ROWS / TABLE3_ROWS) in template order, and the value cells that follow a label
 * are assigned to that row's columns. Where a value's column is ambiguous the figure stays
 * null with a warning, except where check C3 pins it down uniquely.
 */
import {
  APPLICANT_COLUMN_KEYS, FIGURES, figureSlot, isMoneyUnit, OTHER_PARTS, REVIEW_GROUPS, REVIEW_RESULTS, TABLE2_ROWS,
  type Table2RowDef, type Table3RowDef, type TableId, type TemplateKey,
} from './template.ts';
import { headerColumns, matchTable2, matchTable3, NEW_MATCH, T3_SLOTS, T4_GROUP_SLOTS, T4_SLOTS, TABLE3_PRINTED } from './parse-match.ts';
import { assign, fillByC3, fillFromTotal, learnEnd, mode, numberOf, pickByC3 } from './parse-assign.ts';
import { toColumnUnit, type MoneyUnit } from './normalise.ts';
import type { Cell } from './layout.ts';

/** Figures read from the tables, which rows were printed, and what was doubtful. */
export interface TablesRead {
  /**
   * Figures by their slot in `FIGURES` (`figureSlot`), null where not read: an array, as
   * every figure is read and written by position several times per report, and keyed
   * access to a 226-key object cost 8 % of parsing.
   */
  figures: Figures;
  /** Row keys seen per table (`licensing`, `granted`, `review` …). */
  printed: Record<TableId, Set<string>>;
  warnings: string[];
  /** Number of rows matched in all tables (0 → no template tables found). */
  rowsMatched: number;
}

// ---------------------------------------------------------------- the reader

/** Table-2 rows of each template, built once (the row matcher memoises per list). */
const T2_ROWS: Record<TemplateKey, readonly Table2RowDef[]> = {
  '2019': TABLE2_ROWS.filter((r) => r.template === '2019'),
  '2021': TABLE2_ROWS.filter((r) => r.template === '2021'),
};

/** Figures by `FIGURES` slot. */
export type Figures = (number | null)[];

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
  /** Grid column of the row's label (-1 off grid): rows nested under a group label sit further right. */
  labelCol: number;
}

const ANCHOR_T2 = /主动公开政府信息|第二十条/;
const ARTICLE = /第二十条|信息内容/;
const ANCHOR_T3 = /收到和处理政府信息公开申请/;
const ANCHOR_T4 = /行政复议|行政诉讼/;
const ANCHOR_END = /存在的主要问题|其他需要报告|改进情况/;

/** Read the three tables of one template from a cell stream. */
export function readTables(cells: readonly Cell[], template: TemplateKey): TablesRead {
  const figures: Figures = new Array<number | null>(FIGURES.length).fill(null);
  const printed: Record<TableId, Set<string>> = { table2: new Set(), table3: new Set(), table4: new Set() };
  const warnings: string[] = [];
  const t2rows = T2_ROWS[template];
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
        open = { table: 'table2', index: i, cells: [], line: cell.line, labelCol: cell.col };
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
        open = { table: 'table3', index: i, cells: [], line: cell.line, labelCol: cell.col };
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
  // Learn where values end on grid lines from rows whose window is certain, per label
  // column (a Word table shifts rows nested under a group label one cell right).
  const ends = new Map<number, number[]>();
  const allEnds: number[] = [];
  for (const { row } of closed) {
    if (row.table !== 'table3') continue;
    const e = learnEnd(row.cells, APPLICANT_COLUMN_KEYS.length);
    if (e === null) continue;
    allEnds.push(e);
    const list = ends.get(row.labelCol) ?? [];
    list.push(e);
    ends.set(row.labelCol, list);
  }
  const anyEnd = mode(allEnds);
  for (const { row, header: h } of closed) {
    if (row.table === 'table2') finishTable2(t2rows[row.index]!, row.cells, h, figures, printed, warnings);
    else finishTable3(TABLE3_PRINTED[row.index]!, row.cells, mode(ends.get(row.labelCol) ?? []) ?? anyEnd, figures, printed, warnings);
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
  figures: Figures, printed: Record<TableId, Set<string>>, warnings: string[],
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
      const cellUnit = slot.cell!.unit ?? (isMoneyUnit(unit) ? header?.unit ?? null : null);
      if (isMoneyUnit(unit)) v = toColumnUnit(v, cellUnit, unit);
      else if (slot.cell!.unit !== null) {
        warnings.push(`table 2 ${key}: money value "${slot.cell!.text}" in a count column; left empty`);
        v = null;
      }
    }
    const at = figureSlot(key);
    if (figures[at] === null) figures[at] = v;
  });
}

function finishTable3(def: Table3RowDef, cells: readonly Cell[], end: number | null, figures: Figures, printed: Record<TableId, Set<string>>, warnings: string[]): void {
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
  const rowSlots = T3_SLOTS.get(def.row)!;
  for (let i = 0; i < rowSlots.length; i++) {
    const slot = rowSlots[i]!;
    if (figures[slot] === null) figures[slot] = values[i] ?? null;
  }
}

function finishTable4(cells: readonly Cell[], groups: readonly { group: string; cells: Cell[] }[], figures: Figures, printed: Record<TableId, Set<string>>, warnings: string[]): number {
  const n = REVIEW_GROUPS.length * REVIEW_RESULTS.length;
  const keys = T4_SLOTS;
  const filled = cells.filter((c) => c.kind !== 'blank');
  const per = REVIEW_RESULTS.length;
  // Transposed layout: one row of five per group.
  if (filled.length < n && groups.length === REVIEW_GROUPS.length && groups.every((g) => g.cells.filter((c) => c.kind !== 'blank').length >= 1)) {
    let any = 0;
    for (const g of groups) {
      const slots = assign(g.cells, per);
      T4_GROUP_SLOTS.get(g.group)!.forEach((slot, i) => { figures[slot] = slots === 'ambiguous' ? null : numberOf(slots[i]!); });
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
export function deriveOtherTotal(figures: Figures): void {
  for (let c = 0; c < APPLICANT_COLUMN_KEYS.length; c++) {
    const slot = T3_SLOTS.get('other_total')![c]!;
    if (figures[slot] !== null) continue;
    const parts = OTHER_PARTS.map((p) => figures[T3_SLOTS.get(p)![c]!]);
    figures[slot] = parts.every((v): v is number => v !== undefined && v !== null) ? parts.reduce((a, b) => a + b, 0) : null;
  }
}
