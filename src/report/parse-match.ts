/**
 * Matching label cells to the registry: which template the table headers speak for, which
 * table-2 columns a header names, and which table-2/3 row a label names (in template order,
 * earliest and most specific match first, one miswritten character tolerated).
 */
import { APPLICANT_COLUMN_KEYS, figureSlot, OTHER_PARTS, REVIEW_GROUPS, REVIEW_RESULTS, TABLE3_ROWS, type Table2RowDef, type Table3RowDef, type TemplateKey } from './template.ts';
import type { Cell } from './layout.ts';

/** Entries a label memo holds before it is cleared (bounded memory on any input). */
const MEMO_LIMIT = 20_000;
/** Labels longer than this are not memoised (sentences rarely repeat). */
const MEMO_MAX_LABEL = 120;

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
  let seen = 0;
  for (const c of cells) {
    if (c.kind !== 'label' || c.text.length > 300) continue;
    seen |= labelEvidence(c.text);
  }
  const score: Record<TemplateKey, number> = { '2019': 0, '2021': 0 };
  for (let i = 0; i < EVIDENCE.length; i++) {
    if (seen & (1 << i)) score[EVIDENCE[i]![1]] += EVIDENCE[i]![2];
  }
  // A single 其他处理 row (no 2021 sub-rows) leans to 2019, weakly.
  if (seen & OTHER_HEADING_BIT && !OTHER_SUBROW_EVIDENCE.some((i) => seen & (1 << i))) score['2019'] += 1;
  return score;
}

const OTHER_HEADING_BIT = 1 << EVIDENCE.length;

/**
 * A character every evidence pattern (and 其他处理) needs, as a lookup table by code unit:
 * most labels hold none of them and are answered without a memo lookup (which hashes the
 * label) or a regex. Checked against the patterns at load.
 */
const EVIDENCE_CHARS = '制总新项管采废效补缴费他';
const EVIDENCE_CHAR = new Uint8Array(0x10000);
for (const ch of EVIDENCE_CHARS) EVIDENCE_CHAR[ch.charCodeAt(0)] = 1;
for (const [re] of EVIDENCE) {
  if (![...re.source.split('|')].every((alt) => [...alt].some((ch) => EVIDENCE_CHARS.includes(ch)))) throw new Error(`parse-match: evidence pattern ${re.source} has no character of ${EVIDENCE_CHARS}`);
}

function hasEvidenceChar(label: string): boolean {
  for (let i = 0; i < label.length; i++) if (EVIDENCE_CHAR[label.charCodeAt(i)] === 1) return true;
  return false;
}
const evidenceMemo = new Map<string, number>();

/** Bit i: EVIDENCE[i] matches the label; OTHER_HEADING_BIT: it names 其他处理. Memoised (labels repeat across reports). */
function labelEvidence(label: string): number {
  if (!hasEvidenceChar(label)) return 0;
  let bits = evidenceMemo.get(label);
  if (bits !== undefined) return bits;
  bits = label.includes('其他处理') ? OTHER_HEADING_BIT : 0;
  if (ANY_EVIDENCE.test(label)) {
    for (let i = 0; i < EVIDENCE.length; i++) if (EVIDENCE[i]![0].test(label)) bits |= 1 << i;
  }
  if (evidenceMemo.size >= MEMO_LIMIT) evidenceMemo.clear();
  if (label.length <= MEMO_MAX_LABEL) evidenceMemo.set(label, bits);
  return bits;
}

// ---------------------------------------------------------------- column headers of table 2

const HEADER_WORDS: readonly [RegExp, string][] = [
  [/金额/, 'amount'], [/采购项目/, 'items'], [/增.?减|增\/|增减/, 'items_delta'], [/上一?年.{0,3}(?:项目|事项)|上年度?项目/, 'items_prev'],
  [/处理决定|办件/, 'decisions'], [/制发/, 'issued'], [/废止/, 'repealed'], [/现行有效/, 'in_force'], [/制作/, 'made'],
  [/新公开/, 'published'], [/对外公开总|公开总数/, 'total_public'],
];

const headerMemo = new Map<string, readonly string[]>();

/** Column keys named in one header label, in the order they are written (memoised: header labels repeat). */
export function headerColumns(label: string): readonly string[] {
  let cols = headerMemo.get(label);
  if (cols) return cols;
  cols = headerColumnsUncached(label);
  if (headerMemo.size >= MEMO_LIMIT) headerMemo.clear();
  if (label.length <= MEMO_MAX_LABEL) headerMemo.set(label, cols);
  return cols;
}

function headerColumnsUncached(label: string): readonly string[] {
  const hits: [number, string][] = [];
  for (const [re, key] of HEADER_WORDS) {
    const m = re.exec(label);
    if (m && !hits.some(([, k]) => k === key)) hits.push([m.index, key]);
  }
  return Object.freeze(hits.sort((a, b) => a[0] - b[0]).map(([, k]) => k));
}

// ---------------------------------------------------------------- row matching

/** Table-3 rows in printed order: the 其他处理 heading row comes before its 2021 sub-rows. */
export const TABLE3_PRINTED: readonly Table3RowDef[] = (() => {
  const rows = TABLE3_ROWS.filter((r) => r.row !== 'other_total');
  const at = rows.findIndex((r) => r.row === OTHER_PARTS[0]);
  rows.splice(at, 0, TABLE3_ROWS.find((r) => r.row === 'other_total')!);
  return rows;
})();
/** Position of each table-3 row in printed order. */
export const T3_INDEX = new Map(TABLE3_PRINTED.map((r, i) => [r.row, i]));
const GRANTED_INDEX = T3_INDEX.get('granted')!;
/** Match strings of the first table-3 row (本年新收), which also opens table 3. */
export const NEW_MATCH = TABLE3_ROWS.find((r) => r.row === 'new')!.match;
/** Canonical keys of each table-3 row in column order, built once (hot path). */
export const T3_KEYS: ReadonlyMap<string, readonly string[]> = new Map(TABLE3_ROWS.map((r) => [r.row, APPLICANT_COLUMN_KEYS.map((c) => `${r.row}.${c}`)]));
/** The same keys as `FIGURES` slots (see `figureSlot`). */
export const T3_SLOTS: ReadonlyMap<string, readonly number[]> = new Map([...T3_KEYS].map(([row, keys]) => [row, keys.map(figureSlot)]));
/** `FIGURES` slots of each table-4 group in column order. */
export const T4_GROUP_SLOTS: ReadonlyMap<string, readonly number[]> = new Map(REVIEW_GROUPS.map((g) => [g.key, REVIEW_RESULTS.map((r) => figureSlot(`${g.key}_${r.key}`))]));
/** The fifteen table-4 slots in printed order. */
export const T4_SLOTS: readonly number[] = REVIEW_GROUPS.flatMap((g) => T4_GROUP_SLOTS.get(g.key)!);

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

/**
 * Memo of a row matcher per cursor and label: the same labels come back in report after
 * report, and matching one scans every later row's match strings twice (exact, tolerant).
 * Bounded: each cursor's map is cleared when it grows past `MEMO_LIMIT` labels.
 */
class MatchMemo {
  private readonly byCursor: Map<string, number>[] = [];
  get(cursor: number, label: string): number | undefined {
    return this.byCursor[cursor + 1]?.get(label);
  }
  set(cursor: number, label: string, row: number): number {
    const map = (this.byCursor[cursor + 1] ??= new Map());
    if (map.size >= MEMO_LIMIT) map.clear();
    map.set(label, row);
    return row;
  }
}
const table2Memos = new WeakMap<readonly Table2RowDef[], MatchMemo>();

/** Best table-2 row after `cursor`: earliest match in the label, then longest match string. */
export function matchTable2(label: string, rows: readonly Table2RowDef[], cursor: number): number {
  if (label.length > MEMO_MAX_LABEL) return matchTable2Uncached(label, rows, cursor);
  let memo = table2Memos.get(rows);
  if (!memo) table2Memos.set(rows, (memo = new MatchMemo()));
  return memo.get(cursor, label) ?? memo.set(cursor, label, matchTable2Uncached(label, rows, cursor));
}

function matchTable2Uncached(label: string, rows: readonly Table2RowDef[], cursor: number): number {
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

const table3Memo = new MatchMemo();

/**
 * Best table-3 row after `cursor` (总计 only after the outcome rows began; `3.其他` only
 * under 其他处理). `lastRow` is the row at `cursor` (null before the first), so the
 * result depends on label and cursor alone and is memoised by them.
 */
export function matchTable3(label: string, cursor: number, lastRow: string | null): number {
  const usual = lastRow === (cursor >= 0 ? TABLE3_PRINTED[cursor]?.row ?? null : null);
  if (!usual || label.length > MEMO_MAX_LABEL) return matchTable3Uncached(label, cursor, lastRow);
  return table3Memo.get(cursor, label) ?? table3Memo.set(cursor, label, matchTable3Uncached(label, cursor, lastRow));
}

function matchTable3Uncached(label: string, cursor: number, lastRow: string | null): number {
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
