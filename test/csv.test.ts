import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, crlfRecords, csvField, encodeCsv, neutraliseFormula } from '../src/data/csv.ts';
import { chartCsv } from '../src/app/export/csv-export.ts';
import { caliberNoteText, zipExport } from '../src/data/export-bundle.ts';
import { article20Label, columnHeader, columnSource } from '../src/data/export-columns.ts';
import { exportFileName, fileNamePart } from '../src/data/export-name.ts';
import { FIGURE_BY_KEY, columnOf } from '../src/report/template.ts';
import { REPORT_META_LABELS } from '../src/data/schema.ts';

/** UTF-8 text with its BOM kept (TextDecoder drops it by default). */
const strFromU8 = (b: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);

const HOSTILE = '=HYPERLINK("http://x","y"), 第一局\r\n第二行';

function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: false }) as string[][];
}

describe('csvField', () => {
  it('leaves plain text and numbers alone, negative numbers included', () => {
    expect(csvField('浙江省')).toBe('浙江省');
    expect(csvField(1162)).toBe('1162');
    expect(csvField(-2)).toBe('-2');
    expect(csvField(0.25)).toBe('0.25');
    expect(csvField(-0)).toBe('0');
    expect(csvField(12345678901234567890n)).toBe('12345678901234567890');
  });
  it('writes null, undefined and non-finite numbers as empty, never 0', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });
  it('quotes fields with quotes, commas, CR or LF and doubles the quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('a\rb')).toBe('"a\rb"');
  });
  it('neutralises text that starts a formula, numbers never', () => {
    for (const t of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseFormula(t)).toBe(`'${t}`);
    expect(csvField('-2')).toBe("'-2");
    expect(csvField(-2)).toBe('-2');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });
  it('joins lists with "; "', () => {
    expect(csvField(['a', 'b'])).toBe('a; b');
  });
});

describe('encodeCsv', () => {
  const columns = [{ key: 'agency', header: '机关 (agency)' }, { key: 'n', header: '件数 (n)' }, { key: 'd', header: 'delta' }];
  const rows = [
    { agency: HOSTILE, n: null, d: -2 },
    { agency: '鹤岗市工农区人民政府', n: 1162, d: 0 },
  ];
  const text = encodeCsv(columns, rows);

  it('starts with the BOM, has no sep= line and ends every record with CRLF', () => {
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.slice(1).startsWith('sep=')).toBe(false);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.slice(1).split('\r\n')[0]).toBe('机关 (agency),件数 (n),delta');
  });
  it('parses back as RFC 4180 into the same cells, the hostile name neutralised and intact', () => {
    const parsed = parseCsv(text);
    expect(parsed).toEqual([
      ['机关 (agency)', '件数 (n)', 'delta'],
      [`'${HOSTILE}`, '', '-2'],
      ['鹤岗市工农区人民政府', '1162', '0'],
    ]);
  });
  it('can leave the BOM out', () => {
    expect(encodeCsv(columns, [], { bom: false })).toBe('机关 (agency),件数 (n),delta\r\n');
  });
});

describe('crlfRecords', () => {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  it('turns record-ending LF into CRLF but keeps line breaks inside quotes', () => {
    const out = dec.decode(crlfRecords(enc.encode('a,b\n"x\ny",机关\n1,2\n')));
    expect(out).toBe('a,b\r\n"x\ny",机关\r\n1,2\r\n');
  });
  it('leaves CRLF text unchanged', () => {
    const bytes = enc.encode('a\r\nb\r\n');
    expect(crlfRecords(bytes)).toBe(bytes);
  });
});

describe('headers and 口径 from the registry', () => {
  it('prints the UI label with the canonical key in parentheses', () => {
    expect(columnHeader('licensing', 'zh')).toBe(`${FIGURE_BY_KEY.get('licensing')!.label.zh} (licensing)`);
    expect(columnHeader(columnOf('granted.total'), 'en')).toBe(`${FIGURE_BY_KEY.get('granted.total')!.label.en} (granted.total)`);
    expect(columnHeader('province', 'zh')).toBe(`${REPORT_META_LABELS.province.zh} (province)`);
    expect(columnHeader('share', 'zh', { share: { label: { zh: '占比', en: 'Share' } } })).toBe('占比 (share)');
    expect(columnHeader('mystery', 'zh')).toBe('mystery');
  });
  it('names the table, article-20 item, row and column a figure is printed in', () => {
    expect(article20Label(5, 'zh')).toBe('第二十条第（五）项');
    expect(columnSource('licensing', 'zh')).toContain('表二');
    expect(columnSource('licensing', 'zh')).toContain('第二十条第（五）项');
    expect(columnSource('licensing', 'zh')).toContain('模板 2021、2019');
    expect(columnSource('fees_10k_yuan', 'zh')).toContain('万元');
    expect(columnSource(columnOf('granted.total'), 'zh')).toMatch(/表三.*予以公开 · 总计/);
    expect(columnSource('review_corrected', 'zh')).toMatch(/表四.*行政复议 · 结果纠正/);
  });
});

describe('file names', () => {
  it('say what the file holds', () => {
    expect(exportFileName({ subject: 'licensing', years: [2019, 2024], province: '浙江省' }, 'csv')).toBe('gongkai_licensing_2019-2024_浙江省.csv');
    expect(exportFileName({ subject: 'overview', years: [2022, 2022], province: '浙江省', city: '杭州市' }, 'zip')).toBe('gongkai_overview_2022_浙江省杭州市.zip');
    expect(exportFileName({ subject: 'dataset' }, 'csv')).toBe('gongkai_dataset.csv');
    expect(exportFileName({ subject: 'compare', years: [2024, 2019], extra: ['部门', null] }, 'png')).toBe('gongkai_compare_2019-2024_部门.png');
  });
  it('drop characters a file system rejects', () => {
    expect(fileNamePart('a/b\\c:d*e?f"g<h>i|j k\nl')).toBe('a-b-c-d-e-f-g-h-i-j-k-l');
    expect(fileNamePart('../..')).toBe('');
  });
});

describe('zip bundle', () => {
  it('holds the CSV unchanged and a README 口径 note', async () => {
    const csv = encodeCsv([{ key: 'licensing', header: columnHeader('licensing', 'zh') }], [{ licensing: 3 }]);
    const readme = caliberNoteText({
      lang: 'zh', title: '行政许可', csvName: 'x.csv', filters: ['省：浙江省'], columns: ['agency', 'licensing'], rows: 1,
    });
    const parts = await zipExport('x.csv', [new TextEncoder().encode(csv.slice(0, 5)), new TextEncoder().encode(csv.slice(5))], readme);
    const files = unzipSync(new Uint8Array(Buffer.concat(parts)));
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'x.csv']);
    expect(strFromU8(files['x.csv']!)).toBe(csv);
    const note = strFromU8(files['README.txt']!);
    expect(note.startsWith(CSV_BOM)).toBe(true);
    expect(note).toContain('省：浙江省');
    expect(note).toContain('第二十条第（五）项');
    expect(note).toContain('行数: 1');
  });
});

describe('chart CSV', () => {
  it('prints exactly the drawn rows, naming the figure behind a generic value column', () => {
    const columns = [{ key: 'name', label: '名称' }, { key: 'value', label: '行政许可' }];
    const text = chartCsv(columns, [{ name: HOSTILE, value: -2 }, { name: '西湖区', value: null }], 'zh', { value: 'licensing' });
    expect(parse(text, { bom: true })).toEqual([['名称 (name)', '行政许可 (licensing)'], [`'${HOSTILE}`, '-2'], ['西湖区', '']]);
  });
});
