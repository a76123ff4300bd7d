/**
 * Headers and 口径 (provenance) of exported columns, derived from the template registry
 * and the dataset schema: which table, row and column of the report each value is read
 * from. Nothing here re-lists a label.
 */
import {
  APPLICANT_COLUMNS,
  FIGURE_BY_KEY,
  REVIEW_GROUPS,
  REVIEW_RESULTS,
  TABLE2_ROWS,
  TABLE3_ROWS,
  TABLE_LABELS,
  UNIT_LABELS,
  keyOfColumn,
  type FigureDef,
  type Label,
} from '../report/template.ts';
import { CHECK_COLUMN_LABELS, REPORT_META_LABELS, type ReportMetaColumn } from './schema.ts';

/** Languages of the UI and of exported headers. */
export type ExportLang = 'zh' | 'en';

/**
 * A column that is not a stored column of `reports` (a chart's computed value, e.g. a
 * share or a rate): its label and how it is computed, for the header and the 口径 note.
 */
export interface DerivedColumn {
  label: Label;
  /** How the value is computed, naming the canonical keys it reads. */
  formula?: Label;
  unit?: Label;
}

/** Extra columns a caller knows about, by column name. */
export type DerivedColumns = Readonly<Record<string, DerivedColumn>>;

const CN_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** `第二十条第（五）项` for item 5 (and its English counterpart). */
export function article20Label(item: number, lang: ExportLang): string {
  return lang === 'zh' ? `第二十条第（${CN_DIGITS[item] ?? item}）项` : `Art. 20 item (${item})`;
}

function isMeta(column: string): column is ReportMetaColumn {
  return Object.hasOwn(REPORT_META_LABELS, column);
}

function isCheckColumn(column: string): column is keyof typeof CHECK_COLUMN_LABELS {
  return Object.hasOwn(CHECK_COLUMN_LABELS, column);
}

/** The figure a stored column holds (`granted__total` → `granted.total`), if any. */
export function figureOfColumn(column: string): FigureDef | undefined {
  return FIGURE_BY_KEY.get(keyOfColumn(column)) ?? FIGURE_BY_KEY.get(column);
}

/** The canonical key printed for a column: the figure key, else the column name. */
export function canonicalKeyOf(column: string): string {
  return figureOfColumn(column)?.key ?? column;
}

/** The UI-language label of a column (figure, metadata or derived); the name itself when unknown. */
export function columnLabel(column: string, lang: ExportLang, derived: DerivedColumns = {}): string {
  const d = derived[column];
  if (d) return d.label[lang];
  const f = figureOfColumn(column);
  if (f) return f.label[lang];
  if (isMeta(column)) return REPORT_META_LABELS[column][lang];
  if (isCheckColumn(column)) return CHECK_COLUMN_LABELS[column][lang];
  return column;
}

/** The CSV header of a column: label in the UI language with the canonical key in parentheses. */
export function columnHeader(column: string, lang: ExportLang, derived: DerivedColumns = {}): string {
  const label = columnLabel(column, lang, derived);
  const key = canonicalKeyOf(column);
  return label === key ? key : `${label} (${key})`;
}

function cellOf(f: FigureDef, lang: ExportLang): string[] {
  if (f.table === 'table2') {
    const row = TABLE2_ROWS.find((r) => r.columns.some((c) => c[1] === f.key));
    const col = row?.columns.find((c) => c[1] === f.key);
    return [
      ...(f.article20Item ? [article20Label(f.article20Item, lang)] : []),
      row?.label[lang] ?? f.row,
      col?.[2][lang] ?? f.column,
    ];
  }
  if (f.table === 'table3') {
    const row = TABLE3_ROWS.find((r) => r.row === f.row);
    const col = APPLICANT_COLUMNS.find((c) => c.key === f.column);
    return [row?.label[lang] ?? f.row, col?.label[lang] ?? f.column];
  }
  const group = REVIEW_GROUPS.find((g) => g.key === f.row);
  const result = REVIEW_RESULTS.find((r) => r.key === f.column);
  return [group?.label[lang] ?? f.row, result?.label[lang] ?? f.column];
}

/**
 * Where a figure is printed in the report: `表二 · 第二十条第（五）项 · 行政许可 · 本年处理决定数量`,
 * with the templates that print it and its unit.
 */
export function figureSource(f: FigureDef, lang: ExportLang): string {
  const table = TABLE_LABELS[f.table];
  const where = [`${table.short[lang]} ${table[lang]}`, ...cellOf(f, lang)].join(' · ');
  const templates = lang === 'zh' ? `模板 ${f.templates.join('、')}` : `template ${f.templates.join(', ')}`;
  const unit = lang === 'zh' ? `单位：${UNIT_LABELS[f.unit].zh}` : `unit: ${UNIT_LABELS[f.unit].en}`;
  return lang === 'zh' ? `${where}（${templates}；${unit}）` : `${where} (${templates}; ${unit})`;
}

/** One line of the 口径 note for a column: its header and where its values come from. */
export function columnSource(column: string, lang: ExportLang, derived: DerivedColumns = {}): string {
  const header = columnHeader(column, lang, derived);
  const d = derived[column];
  if (d) {
    const parts = [d.formula?.[lang], d.unit ? (lang === 'zh' ? `单位：${d.unit.zh}` : `unit: ${d.unit.en}`) : undefined];
    const text = parts.filter(Boolean).join(lang === 'zh' ? '；' : '; ');
    return text ? `${header}: ${text}` : header;
  }
  const f = figureOfColumn(column);
  if (f) return `${header}: ${figureSource(f, lang)}`;
  if (isMeta(column)) return `${header}: ${lang === 'zh' ? '报告元数据' : 'report metadata'}`;
  if (isCheckColumn(column)) return `${header}: ${lang === 'zh' ? '一致性校验结果（C1–C5，见 report-template.md）' : 'consistency check result (C1–C5, see report-template.md)'}`;
  return header;
}
