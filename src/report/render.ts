/**
 * Writes a ReportRecord back out as a full annual report in one of the layouts seen in
 * the wild (report-template.md, "Layouts seen in the wild"). Used to make realistic test
 * and benchmark inputs for the parser; pure, no I/O.
 */
import type { ReportRecord } from './record.ts';
import { TABLE_LABELS } from './template.ts';
import { expandGrid, table2Grid, table3Grid, table4Grid, type Grid, type GridCell } from './render-grid.ts';

/** The layouts the renderer writes. */
export const LAYOUTS = ['tab', 'pipe', 'cell-per-line', 'pdf', 'html'] as const;
export type Layout = (typeof LAYOUTS)[number];

export interface RenderOptions {
  /** Start with a `key: value` metadata header and `---`, as in data/reports/real/*.txt (text layouts). */
  metadata?: boolean;
}

/** How each layout prints a figure that was not reported. */
const NULL_TEXT: Record<Layout, string> = {
  tab: '',
  pipe: '',
  'cell-per-line': '-',
  pdf: '-',
  html: '&nbsp;',
};

interface Section {
  heading: string;
  paragraphs: string[];
  grid?: Grid;
  /** Table number (2, 3, 4) of the grid. */
  table?: number;
}

function formatValue(v: number | null, layout: Layout): string {
  if (v === null || !Number.isFinite(v)) return NULL_TEXT[layout];
  return String(v);
}

function cellText(cell: GridCell, layout: Layout): string {
  return cell.kind === 'label' ? cell.text : formatValue(cell.value, layout);
}

/** The report's sections in printed order, tables built from the registry. */
function sections(record: ReportRecord): Section[] {
  const template = record.template ?? '2021';
  const year = record.year;
  const agency = record.agency ?? '本机关';
  const period = year === null ? '' : `本报告中所列数据的统计期限为${year}年1月1日至${year}年12月31日。`;
  return [
    { heading: '', paragraphs: [`按照《中华人民共和国政府信息公开条例》要求，现将${agency}${year ?? ''}年政府信息公开工作年度报告予以公布。${period}`] },
    { heading: '一、总体情况', paragraphs: [`${year ?? '本'}年，${agency}坚持以公开为常态、不公开为例外，认真做好政府信息公开工作。`] },
    { heading: `二、${TABLE_LABELS.table2.zh}`, paragraphs: [], grid: table2Grid(template, record.figures), table: 2 },
    { heading: `三、${TABLE_LABELS.table3.zh}`, paragraphs: [], grid: table3Grid(template, record.figures), table: 3 },
    { heading: `四、${TABLE_LABELS.table4.zh}`, paragraphs: [], grid: table4Grid(record.figures), table: 4 },
    { heading: '五、存在的主要问题及改进情况', paragraphs: ['政府信息公开工作还存在一些不足，下一步将持续改进。'] },
    { heading: '六、其他需要报告的事项', paragraphs: ['无。'] },
  ];
}

function titleLines(record: ReportRecord): string[] {
  return [record.agency ?? '', `${record.year ?? ''}年度政府信息公开工作报告`].filter((l) => l !== '');
}

function metadataLines(record: ReportRecord): string[] {
  return [
    `agency: ${record.agency ?? ''}`,
    `province: ${record.province ?? ''}`,
    `city: ${record.city ?? ''}`,
    `district: ${record.district ?? ''}`,
    `level: ${record.agency_kind}`,
    `year: ${record.year ?? ''}`,
    `template: ${record.template ?? ''}`,
    '---',
  ];
}

// ---------------------------------------------------------------- text layouts

/** Tab-separated rows, span fillers as empty cells (the seed's layout). */
function tabTable(grid: Grid): string[] {
  return expandGrid(grid).map((row) => row.map((p) => (p.filler ? '' : cellText(p.cell, 'tab'))).join('\t'));
}

/** `|`-separated cells, span fillers as trailing empty cells (web text extraction). */
function pipeTable(grid: Grid): string[] {
  return expandGrid(grid).map((row) => {
    const cells = row.filter((p) => !p.filler).map((p) => cellText(p.cell, 'pipe'));
    const fillers = row.length - cells.length;
    return `${cells.join(' | ')} |${fillers > 0 ? ` ${'|'.repeat(fillers)}` : ''}`;
  });
}

/** Every cell on its own line, each followed by a blank line (web text extraction). */
function cellPerLineTable(grid: Grid): string[] {
  return expandGrid(grid).flatMap((row) => row.filter((p) => !p.filler).flatMap((p) => [`${cellText(p.cell, 'cell-per-line')} `, '']));
}

/**
 * PDF text: table 2 headers inline; table 3/4 column headers stacked one character per
 * line across columns (`结 结 其 尚` / `果 果 他 未` …); rowspan labels on their own
 * lines (三、本年度办理结果 one character per line); data rows space-separated.
 */
function pdfTable(grid: Grid, stackHeaders: boolean): string[] {
  const lines: string[] = [];
  for (const row of expandGrid(grid)) {
    const cells = row.filter((p) => !p.filler).map((p) => p.cell);
    if (cells.length === 0) continue;
    if (cells.every((c) => c.kind === 'label' && c.header)) {
      const texts = cells.map((c) => cellText(c, 'pdf'));
      if (!stackHeaders) lines.push(texts.join(' '));
      else if (texts.some((t) => t.length > 8)) lines.push(...texts);
      else {
        const height = Math.max(...texts.map((t) => [...t].length));
        for (let i = 0; i < height; i++) lines.push(texts.map((t) => [...t][i]).filter((ch) => ch !== undefined).join(' '));
      }
      continue;
    }
    const inline: string[] = [];
    for (const c of cells) {
      if (c.kind === 'label' && (c.rowspan ?? 1) > 1) {
        const text = cellText(c, 'pdf');
        lines.push(...(text.startsWith('三、') ? [...text] : [text]));
      } else {
        inline.push(cellText(c, 'pdf'));
      }
    }
    if (inline.length > 0) lines.push(inline.join(' '));
  }
  return lines;
}

const TEXT_TABLES: Record<Exclude<Layout, 'html'>, (grid: Grid, table: number) => string[]> = {
  tab: tabTable,
  pipe: pipeTable,
  'cell-per-line': cellPerLineTable,
  pdf: (grid, table) => pdfTable(grid, table !== 2),
};

/** Inserts PDF page headers (`- 1 -`) every `pageLines` lines. */
function paginate(lines: string[], pageLines = 38): string[] {
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (i % pageLines === 0) out.push(`- ${i / pageLines + 1} -`);
    out.push(line);
  });
  return out;
}

function renderText(record: ReportRecord, layout: Exclude<Layout, 'html'>, options: RenderOptions): string {
  const lines: string[] = [];
  lines.push(...titleLines(record));
  for (const s of sections(record)) {
    if (layout !== 'pdf') lines.push('');
    if (s.heading) lines.push(s.heading);
    lines.push(...s.paragraphs);
    if (s.grid) {
      if (layout === 'tab') lines.push('');
      lines.push(...TEXT_TABLES[layout](s.grid, s.table ?? 0));
    }
  }
  const body = layout === 'pdf' ? paginate(lines) : lines;
  return `${[...(options.metadata ? metadataLines(record) : []), ...body].join('\n')}\n`;
}

// ---------------------------------------------------------------- html

const escapeHtml = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function htmlTable(grid: Grid): string {
  const rows = grid.rows.map((row) => {
    const cells = row.map((c) => {
      const attrs = `${c.colspan && c.colspan > 1 ? ` colspan="${c.colspan}"` : ''}${c.rowspan && c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : ''}`;
      const text = c.kind === 'label' ? escapeHtml(c.text) : formatValue(c.value, 'html');
      return `<td${attrs}><p>${text}</p></td>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<table border="1" cellspacing="0" cellpadding="2"><tbody>${rows.join('')}</tbody></table>`;
}

function renderHtml(record: ReportRecord): string {
  const title = titleLines(record).join('');
  const parts: string[] = [
    '<!DOCTYPE html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>`,
    `<h1 class="article-title">${escapeHtml(title)}</h1>`,
    '<div class="article-content">',
  ];
  for (const s of sections(record)) {
    if (s.heading) parts.push(`<p>${escapeHtml(s.heading)}</p>`);
    for (const p of s.paragraphs) parts.push(`<p>${escapeHtml(p)}</p>`);
    if (s.grid) parts.push(`<div>${htmlTable(s.grid)}</div>`);
  }
  parts.push('</div>', '</body></html>');
  return `${parts.join('\n')}\n`;
}

/**
 * The full text of `record` as a published report in `layout`: title, statistics period,
 * sections 一…六 with tables 二, 三 and 四 of the record's template.
 */
export function renderReport(record: ReportRecord, layout: Layout, options: RenderOptions = {}): string {
  return layout === 'html' ? renderHtml(record) : renderText(record, layout, options);
}
