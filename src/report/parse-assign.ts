/**
 * Assigning the value cells after a row label to the row's columns: in order when they fill
 * the row, by grid position on tab/`|` lines (learning where a table's values end), and by
 * check C3 where cells were dropped or a stray number slipped in.
 */
import { APPLICANT_COLUMN_KEYS } from './template.ts';
import type { Cell } from './layout.ts';

// ---------------------------------------------------------------- value assignment

/** One column's cell (null: blank). */
export type Slot = { cell: Cell | null };

/**
 * Assign the value cells after a row label to `n` columns: in order when exactly `n` are
 * non-blank; by position when the layout kept blank cells; otherwise ambiguous (null).
 */
export function assign(all: readonly Cell[], n: number, end: number | null = null): Slot[] | 'ambiguous' {
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
export function trimSpill(cells: readonly Cell[]): readonly Cell[] {
  if (cells.length === 0 || cells[0]!.col < 0) return cells;
  let end = cells.length;
  while (end > 0 && cells[end - 1]!.kind === 'blank' && cells[end - 1]!.line !== cells[0]!.line) end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

/** True when a row's cells sit on one tab/`|` grid line, in consecutive columns. */
export function onGrid(cells: readonly Cell[]): boolean {
  if (cells.length === 0 || cells[0]!.col < 0) return false;
  for (let i = 1; i < cells.length; i++) {
    if (cells[i]!.line !== cells[0]!.line || cells[i]!.col !== cells[0]!.col + i) return false;
  }
  return true;
}

/**
 * Offset of the n-cell window holding the row's values: the only window that holds every
 * value, else the one ending at the table's learned end column; null when not determined.
 */
function windowOffset(cells: readonly Cell[], n: number, end: number | null): number | null {
  if (!onGrid(cells)) return null;
  const first = cells.findIndex((c) => c.kind !== 'blank');
  let last = -1;
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i]!.kind !== 'blank') { last = i; break; }
  const options: number[] = [];
  for (let o = 0; o + n <= cells.length; o++) if (windowFits(o, n, cells.length, first, last)) options.push(o);
  if (options.length === 1) return options[0]!;
  if (end !== null) {
    const o = end - n - cells[0]!.col;
    if (windowFits(o, n, cells.length, first, last)) return o;
  }
  return null;
}

/** True when the n-cell window at offset `o` lies within the row and holds every value (cells first..last). */
function windowFits(o: number, n: number, length: number, first: number, last: number): boolean {
  return o >= 0 && o + n <= length && o <= first && last < o + n;
}

/** The end column (exclusive) of a row's values when its grid window is certain. */
export function learnEnd(all: readonly Cell[], n: number): number | null {
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
export function mode(values: readonly number[]): number | null {
  const counts = new Map<number, number>();
  let best: number | null = null, bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount) { best = v; bestCount = c; }
  }
  return best;
}

/** The number in a slot, or null. */
export function numberOf(slot: Slot): number | null {
  return slot.cell && slot.cell.kind === 'value' ? slot.cell.value : null;
}

/** Fill a table-3 row of 7 columns with one dropped cell when C3 (total = Σ parts) leaves one answer. */
export function fillByC3(values: readonly number[]): (number | null)[] | null {
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
export function pickByC3(cells: readonly Cell[], n: number): Slot[] | null {
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
export function fillFromTotal(values: readonly number[]): (number | null)[] | null {
  if (values.length < 2) return null;
  const total = values[values.length - 1]!;
  const rest = values.slice(0, -1);
  if (rest.reduce((a, b) => a + b, 0) !== total) return null;
  const n = APPLICANT_COLUMN_KEYS.length;
  if (total === 0 && rest.every((v) => v === 0)) return Array.from({ length: n }, () => 0);
  return [...Array.from({ length: n - 1 }, () => null), total];
}
