/**
 * Layout-independent tokenising: whatever the layout (tab- or `|`-separated, one cell per
 * line, PDF text with rows on one line, HTML rendered by `html.ts`), a report's table
 * part becomes one stream of cells — labels, values and blanks — in reading order.
 */
import { cleanLabel, isLabelText, readValue, type MoneyUnit } from './normalise.ts';

/** One cell of the stream. `value` cells hold a number or an explicit null (`-`, `无`). */
export interface Cell {
  kind: 'label' | 'value' | 'blank';
  /** Label text cleaned for matching (no whitespace); raw text for values. */
  text: string;
  value: number | null;
  unit: MoneyUnit | null;
  /** 0-based line of the normalised text. */
  line: number;
  /** Index of the cell in its tab/`|`-separated line; -1 where the layout has no cell grid. */
  col: number;
  /** True for a value cell whose text is not a readable figure (stored as null). */
  unreadable?: boolean;
}

/** Layout families the corpus test reports accuracy by. */
export type Layout = 'tab' | 'pipe' | 'cell-per-line' | 'one-line' | 'pdf-text' | 'html';

const PAGE_HEADER = /^(?:[-—–]\s*\d{1,4}\s*[-—–]|page\s*\d+.*|第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?|\d{1,4}\s*\/\s*\d{1,4})$/i;

/** True for page furniture of PDF-extracted text (`- 3 -`, `Page 9 - …`, `第 3 页`). */
export function isPageHeader(line: string): boolean {
  const t = line.trim();
  return t.length < 80 && PAGE_HEADER.test(t);
}

const HAS_DIGIT = /\d/;
const NUMBERING = /^(?:\d{1,2}[.、)]|\(\d{1,2}\))$/;
const UNIT_ONLY = /^(?:\(?(?:万元|元|件|项|个|条)\)?)$/;

function valueCell(text: string, line: number): Cell | null {
  const v = readValue(text);
  if (v) return { kind: v.value === null && text.trim() === '' ? 'blank' : 'value', text, value: v.value, unit: v.unit, line, col: -1 };
  return null;
}

/** True for the characters of `\s` (JavaScript white space and line terminators). */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The words of a line: its runs of non-white-space (`line.trim().split(/\s+/)` without the regex). */
function words(line: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    if (isSpace(line.charCodeAt(i))) {
      if (start >= 0) { out.push(line.slice(start, i)); start = -1; }
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(line.slice(start));
  return out;
}

/**
 * Pushes the pending label (if any) as a label cell; returns the new pending label ('').
 * A module function rather than a closure: tsx keeps function names, and a closure made
 * per line cost a defineProperty call each time (2% of an ingest's CPU).
 */
function flushLabel(label: string, lineNo: number, out: Cell[]): string {
  if (label !== '') out.push({ kind: 'label', text: cleanLabel(label), value: null, unit: null, line: lineNo, col: -1 });
  return '';
}

/** Cells of one whitespace-separated line (PDF text, one cell per line). */
function splitWhitespace(line: string, lineNo: number, out: Cell[]): void {
  const pieces = words(line);
  let label = '';
  for (const piece of pieces) {
    if (piece === '') continue;
    if (isLabelText(piece) || NUMBERING.test(piece)) {
      const last = out[out.length - 1];
      if (label === '' && UNIT_ONLY.test(piece) && last && last.line === lineNo && last.kind === 'value' && last.value !== null && last.unit === null) {
        const v = readValue(`${last.text}${piece.replace(/[()]/g, '')}`);
        if (v && v.value !== null) { last.value = v.value; last.unit = v.unit; continue; }
      }
      const asValue = isLabelText(piece) && (HAS_DIGIT.test(piece) || piece.length <= 4) ? readValue(piece) : undefined;
      if (asValue && (asValue.value !== null || piece === '无')) {
        label = flushLabel(label, lineNo, out);
        out.push({ kind: 'value', text: piece, value: asValue.value, unit: asValue.unit, line: lineNo, col: -1 });
        continue;
      }
      label += piece;
      continue;
    }
    const cell = valueCell(piece, lineNo);
    if (cell) { label = flushLabel(label, lineNo, out); out.push(cell); continue; }
    if (/\d/.test(piece)) {
      label = flushLabel(label, lineNo, out);
      out.push({ kind: 'value', text: piece, value: null, unit: null, line: lineNo, col: -1, unreadable: true });
      continue;
    }
    label += piece; // punctuation belongs to the label it sits in
  }
  flushLabel(label, lineNo, out);
}

/** One delimited cell (tab or `|` layouts): a label, a value, several values, or a blank. */
function delimitedCell(raw: string, lineNo: number, out: Cell[]): void {
  const text = raw.trim();
  if (text === '') { out.push({ kind: 'blank', text: '', value: null, unit: null, line: lineNo, col: -1 }); return; }
  if (!HAS_DIGIT.test(text) && text.length > 4 && isLabelText(text)) {
    // Fast path: a label with no digits (never a figure or a worded blank).
    out.push({ kind: 'label', text: cleanLabel(text), value: null, unit: null, line: lineNo, col: -1 });
    return;
  }
  const v = readValue(text);
  if (v) { out.push({ kind: v.value === null && text === '' ? 'blank' : 'value', text, value: v.value, unit: v.unit, line: lineNo, col: -1 }); return; }
  if (isLabelText(text)) { out.push({ kind: 'label', text: cleanLabel(text), value: null, unit: null, line: lineNo, col: -1 }); return; }
  const pieces = text.split(/\s+/);
  if (pieces.length > 1) {
    const values = pieces.map((p) => readValue(p));
    if (values.every((x) => x !== undefined)) {
      pieces.forEach((p, i) => out.push({ kind: 'value', text: p, value: values[i]!.value, unit: values[i]!.unit, line: lineNo, col: -1 }));
      return;
    }
  }
  if (/\d/.test(text)) { out.push({ kind: 'value', text, value: null, unit: null, line: lineNo, col: -1, unreadable: true }); return; }
  out.push({ kind: 'blank', text: '', value: null, unit: null, line: lineNo, col: -1 });
}

/** Split one `|` line into cells: each `|` ends a cell; a leading `|` of a markdown row opens it. */
function pipeCells(line: string): string[] {
  const pieces = line.split('|');
  if (pieces.length > 1 && pieces[pieces.length - 1]!.trim() === '') pieces.pop();
  // `| a | b |` (a leading border) drops the empty first piece; ` | b |` keeps a blank first cell.
  if (pieces.length > 1 && pieces[0] === '' && /[^|\s]/.test(line)) pieces.shift();
  return pieces;
}

/** Tokenise normalised lines into the cell stream (page headers dropped). */
export function tokenise(lines: readonly string[]): Cell[] {
  const out: Cell[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      // An empty line separates cells; a line of only spaces is a cell that held a blank
      // (`&nbsp;` copied from a web table).
      if (line.length > 0 && !line.includes('\t') && !line.includes('|')) out.push({ kind: 'blank', text: '', value: null, unit: null, line: i, col: -1 });
      continue;
    }
    if (isPageHeader(line)) continue;
    const delimited = line.includes('\t') ? line.split('\t') : line.includes('|') ? pipeCells(line) : null;
    if (delimited) {
      delimited.forEach((c, col) => {
        const before = out.length;
        delimitedCell(c, i, out);
        if (out.length === before + 1) out[before]!.col = col;
      });
    } else {
      splitWhitespace(line, i, out);
    }
  }
  return out;
}

/** Classify the layout of a report's table part (for accuracy reporting). */
export function classifyLayout(lines: readonly string[], isHtml: boolean): Layout {
  if (isHtml) return 'html';
  let tabs = 0, pipes = 0, nonEmpty = 0, pipeLinesMulti = 0, mixedLines = 0, pages = 0;
  for (const line of lines) {
    const t = line.trim();
    if (t === '') continue;
    nonEmpty++;
    if (isPageHeader(t)) pages++;
    if (t.includes('\t')) tabs++;
    if (t.includes('|')) {
      pipes++;
      if (pipeCells(t).filter((c) => c.trim() !== '').length > 1) pipeLinesMulti++;
    } else if (/[\u4e00-\u9fff]\s+[-+]?\d/.test(t)) mixedLines++;
  }
  if (tabs > 3) return 'tab';
  if (pipes > 0) {
    if (nonEmpty <= 4) return 'one-line';
    return pipeLinesMulti > pipes / 2 ? 'pipe' : 'cell-per-line';
  }
  if (pages > 0 || mixedLines > 3) return 'pdf-text';
  return 'cell-per-line';
}
