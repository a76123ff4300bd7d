/**
 * The exported bundle: a zip holding the CSV and a README.txt 口径 note that says, for
 * each column, which template table/row/column its values come from, and which filters
 * selected the rows. fflate's `zipSync` builds it in memory with no further dependency.
 */
import { AsyncZipDeflate, Zip, ZipPassThrough, strToU8 } from 'fflate';
import { CSV_BOM } from './csv.ts';
import { columnSource, type DerivedColumns, type ExportLang } from './export-columns.ts';

/** What the 口径 note describes. */
export interface CaliberNote {
  lang: ExportLang;
  /** What the file holds, e.g. the view or chart title. */
  title: string;
  /** The CSV file's name inside the zip. */
  csvName: string;
  /** Human-readable filter lines, e.g. `年度：2019–2024`. */
  filters: readonly string[];
  /** Column names in CSV order. */
  columns: readonly string[];
  derived?: DerivedColumns;
  rows: number;
  /** Link back to the screen the export was taken from. */
  url?: string;
  /** When the dataset was built (manifest `built_at`). */
  builtAt?: string;
}

const TEXT = {
  zh: {
    file: '文件', rows: '行数', filters: '筛选条件', none: '无（全部数据）', columns: '各列口径', link: '页面链接', built: '数据生成时间',
    rules: [
      '编码 UTF-8（带 BOM），逗号分隔，RFC 4180 引号规则，CRLF 换行。',
      '空单元格表示报告未填报该项（不是 0）。',
      '以 = + - @ 等字符开头的文本前加了单引号 \'，以防被表格软件当作公式执行；数字不受影响。',
      '表头为“中文名 (规范键名)”，规范键名见 report-template.md。',
    ],
  },
  en: {
    file: 'File', rows: 'Rows', filters: 'Filters', none: 'none (whole dataset)', columns: 'Where each column comes from', link: 'Link', built: 'Data built at',
    rules: [
      'UTF-8 with BOM, comma-separated, RFC 4180 quoting, CRLF line endings.',
      'An empty cell means the report does not state the figure (it is not 0).',
      "Text starting with = + - @ (and similar) is prefixed with ' so spreadsheets do not run it as a formula; numbers are unchanged.",
      'Headers read "label (canonical key)"; keys are those of report-template.md.',
    ],
  },
} as const;

/** The README.txt text of an export: title, filters, row count and each column's 口径. */
export function caliberNoteText(note: CaliberNote): string {
  const t = TEXT[note.lang];
  const lines = [
    note.title,
    '',
    `${t.file}: ${note.csvName}`,
    `${t.rows}: ${note.rows}`,
    ...(note.builtAt ? [`${t.built}: ${note.builtAt}`] : []),
    ...(note.url ? [`${t.link}: ${note.url}`] : []),
    '',
    `${t.filters}:`,
    ...(note.filters.length ? note.filters.map((f) => `  - ${f}`) : [`  - ${t.none}`]),
    '',
    `${t.columns}:`,
    ...note.columns.map((c) => `  - ${columnSource(c, note.lang, note.derived)}`),
    '',
    ...t.rules.map((r) => `* ${r}`),
    '',
  ];
  return lines.join('\r\n');
}

/**
 * A zip holding the CSV (one buffer or its chunks, deflated in a worker) and README.txt
 * (UTF-8 with BOM so Notepad shows Chinese); resolves to the zip's bytes in parts.
 * The CSV buffers are handed to the worker: they are unusable afterwards.
 */
export function zipExport(csvName: string, csv: string | Uint8Array | readonly Uint8Array[], readme: string): Promise<Uint8Array[]> {
  const parts = typeof csv === 'string' ? [strToU8(csv)] : csv instanceof Uint8Array ? [csv] : [...csv];
  return new Promise((ok, fail) => {
    const out: Uint8Array[] = [];
    const zip = new Zip((err, data, final) => {
      if (err) return fail(err);
      out.push(data);
      if (final) ok(out);
    });
    const csvEntry = new AsyncZipDeflate(csvName, { level: 6 });
    zip.add(csvEntry);
    if (parts.length === 0) csvEntry.push(new Uint8Array(0), true);
    parts.forEach((p, i) => csvEntry.push(p, i === parts.length - 1));
    const readmeEntry = new ZipPassThrough('README.txt');
    zip.add(readmeEntry);
    readmeEntry.push(strToU8(CSV_BOM + readme), true);
    zip.end();
  });
}
