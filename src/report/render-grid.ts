/**
 * The three tables of a report as printed grids (cells with row and column spans, as in
 * the published Word/HTML tables), built from the template registry. The renderer's
 * layouts serialise these grids; nothing here knows about a layout.
 */
import type { Figures } from './record.ts';
import {
  APPLICANT_COLUMNS, OUTCOME_GROUP_LABELS, REVIEW_GROUPS, REVIEW_RESULTS, TABLE2_ROWS, TABLE3_ROWS,
  type OutcomeGroup, type Table3RowDef, type TemplateKey,
} from './template.ts';

/** One printed cell: a label (header) or a figure value (null when not reported). */
export type GridCell =
  | { kind: 'label'; text: string; colspan?: number; rowspan?: number; header?: boolean }
  | { kind: 'value'; value: number | null; colspan?: number; rowspan?: number };

/** A table as printed: rows of cells, spans as in HTML. */
export interface Grid {
  width: number;
  rows: GridCell[][];
}

const CN_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Chinese numeral for 1…10 (第二十条第（五）项, (三) 不予公开). */
export function chineseNumeral(n: number): string {
  return CN_NUMERALS[n - 1] ?? String(n);
}

const label = (text: string, extra: { colspan?: number; rowspan?: number; header?: boolean } = {}): GridCell => ({ kind: 'label', text, ...extra });
const value = (figures: Figures, key: string, colspan?: number): GridCell => ({ kind: 'value', value: figures[key] ?? null, ...(colspan ? { colspan } : {}) });

/** Table 2 of `template` as printed: per article-20 item a heading row, a column header row and its rows. */
export function table2Grid(template: TemplateKey, figures: Figures): Grid {
  const defs = TABLE2_ROWS.filter((r) => r.template === template);
  const width = 1 + Math.max(...defs.map((r) => r.columns.length));
  const rows: GridCell[][] = [];
  let item = 0;
  let headerOf = '';
  for (const def of defs) {
    const header = def.columns.map(([, , l]) => l.zh).join('|');
    if (def.article20Item !== item || header !== headerOf) {
      if (def.article20Item !== item) rows.push([label(`第二十条第（${chineseNumeral(def.article20Item)}）项`, { colspan: width, header: true })]);
      item = def.article20Item;
      headerOf = header;
      rows.push([
        label('信息内容', { header: true }),
        ...def.columns.map(([, , l], i) => label(l.zh, { header: true, ...spanToFill(i, def.columns.length, width - 1) })),
      ]);
    }
    rows.push([label(def.label.zh), ...def.columns.map(([, key], i) => value(figures, key, spanToFill(i, def.columns.length, width - 1).colspan))]);
  }
  return { width, rows };
}

/** The last of `n` columns stretches to fill `width` columns. */
function spanToFill(i: number, n: number, width: number): { colspan?: number } {
  return i === n - 1 && n < width ? { colspan: width - n + 1 } : {};
}

const APPLICANT_VALUE_KEYS = APPLICANT_COLUMNS.map((c) => c.key);
const rowValues = (figures: Figures, row: string): GridCell[] => APPLICANT_VALUE_KEYS.map((c) => value(figures, `${row}.${c}`));

/** Table 3 rows of `template` grouped by outcome group, in printed order. */
function outcomeGroups(template: TemplateKey): { group: OutcomeGroup; rows: Table3RowDef[] }[] {
  const groups: { group: OutcomeGroup; rows: Table3RowDef[] }[] = [];
  for (const def of TABLE3_ROWS) {
    if (!def.templates.includes(template)) continue;
    // Template 2021 prints the three 其他处理 rows; their sum `other_total` is not a printed row.
    if (template === '2021' && def.row === 'other_total') continue;
    const last = groups[groups.length - 1];
    if (last && last.group === def.group) last.rows.push(def);
    else groups.push({ group: def.group, rows: [def] });
  }
  return groups;
}

/** Table 3 of `template` as printed: header block, 一/二 intake rows, 三 outcomes (一)…(七), 四 carried forward. */
export function table3Grid(template: TemplateKey, figures: Figures): Grid {
  const parts = APPLICANT_COLUMNS.filter((c) => c.key !== 'natural_person' && c.key !== 'total');
  const natural = APPLICANT_COLUMNS.find((c) => c.key === 'natural_person')!;
  const total = APPLICANT_COLUMNS.find((c) => c.key === 'total')!;
  const rows: GridCell[][] = [
    [label('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', { colspan: 3, rowspan: 3, header: true }), label('申请人情况', { colspan: 7, header: true })],
    [label(natural.label.zh, { rowspan: 2, header: true }), label('法人或其他组织', { colspan: 5, header: true }), label(total.label.zh, { rowspan: 2, header: true })],
    parts.map((c) => label(c.label.zh, { header: true })),
  ];
  const groups = outcomeGroups(template);
  const outcomes = groups.filter((g) => g.group !== 'intake' && g.group !== 'carried_forward');
  const outcomeRowCount = outcomes.reduce((n, g) => n + g.rows.length, 0);
  let outcomeNo = 0;
  let firstOutcome = true;
  for (const g of groups) {
    if (g.group === 'intake' || g.group === 'carried_forward') {
      g.rows.forEach((def, i) => {
        const section = g.group === 'carried_forward' ? 4 : i + 1;
        rows.push([label(`${chineseNumeral(section)}、${def.label.zh}`, { colspan: 3 }), ...rowValues(figures, def.row)]);
      });
      continue;
    }
    outcomeNo++;
    const lead: GridCell[] = [];
    if (firstOutcome) {
      lead.push(label('三、本年度办理结果', { rowspan: outcomeRowCount }));
      firstOutcome = false;
    }
    const groupLabel = g.group === 'processed_total' ? OUTCOME_GROUP_LABELS.processed_total.zh : OUTCOME_GROUP_LABELS[g.group].zh;
    const partialNote = g.group === 'partial' ? '（区分处理的，只计这一情形，不计其他情形）' : '';
    if (g.rows.length === 1) {
      rows.push([...lead, label(`（${chineseNumeral(outcomeNo)}）${groupLabel}${partialNote}`, { colspan: 2 }), ...rowValues(figures, g.rows[0]!.row)]);
      continue;
    }
    g.rows.forEach((def, i) => {
      const head = i === 0 ? [...lead, label(`（${chineseNumeral(outcomeNo)}）${groupLabel}`, { rowspan: g.rows.length })] : [];
      rows.push([...head, label(`${i + 1}.${def.label.zh}`), ...rowValues(figures, def.row)]);
    });
  }
  return { width: 10, rows };
}

/** Table 4 as printed: 行政复议 and 行政诉讼 (未经复议直接起诉, 复议后起诉) headers, then the fifteen figures. */
export function table4Grid(figures: Figures): Grid {
  const results = REVIEW_RESULTS.map((r) => r.label.zh);
  const [review, direct, after] = REVIEW_GROUPS;
  const rows: GridCell[][] = [
    [label(review.label.zh, { colspan: 5, header: true }), label('行政诉讼', { colspan: 10, header: true })],
    [
      ...results.map((t) => label(t, { rowspan: 2, header: true })),
      label(direct.label.zh.replace('行政诉讼·', ''), { colspan: 5, header: true }),
      label(after.label.zh.replace('行政诉讼·', ''), { colspan: 5, header: true }),
    ],
    [...results, ...results].map((t) => label(t, { header: true })),
    REVIEW_GROUPS.flatMap((g) => REVIEW_RESULTS.map((r) => value(figures, `${g.key}_${r.key}`))),
  ];
  return { width: 15, rows };
}

/** A grid cell placed on the full grid: the cell itself where it starts, a filler where a span covers. */
export interface PlacedCell {
  cell: GridCell;
  filler: boolean;
}

/** Expands spans into a dense grid (`width` cells per row), marking the cells a span covers as fillers. */
export function expandGrid(grid: Grid): PlacedCell[][] {
  const out: (PlacedCell | undefined)[][] = grid.rows.map(() => new Array<PlacedCell | undefined>(grid.width).fill(undefined));
  grid.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (c < grid.width && out[r]![c]) c++;
      const cs = cell.colspan ?? 1;
      const rs = cell.rowspan ?? 1;
      for (let dr = 0; dr < rs; dr++) {
        for (let dc = 0; dc < cs; dc++) {
          const target = out[r + dr];
          if (target && c + dc < grid.width) target[c + dc] = { cell, filler: dr !== 0 || dc !== 0 };
        }
      }
      c += cs;
    }
  });
  return out.map((row) => row.map((p) => p ?? { cell: { kind: 'label', text: '' }, filler: true }));
}
