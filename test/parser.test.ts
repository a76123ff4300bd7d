/**
 * Parser behaviour beyond the corpus: layouts built from real reports (HTML spans, one
 * line, traditional script, other encodings), blank vs zero, units, truncation, refusals.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeGbk } from './fuzz/mutate.ts';
import * as OpenCC from 'opencc-js';
import { parseReport, parseReportText } from '../src/report/parse.ts';
import { isFailure, type ParseOutcome, type ReportRecord } from '../src/report/record.ts';
import { figureKeysOf } from '../src/report/template.ts';
import { agencyKindOfName } from '../src/report/metadata.ts';
import { readValue } from '../src/report/normalise.ts';
import { htmlToText } from '../src/report/html.ts';

const SEED = readFileSync('data/reports/seed/gongnong-2022.txt', 'utf8');
const SEED_EXPECTED = JSON.parse(readFileSync('data/reports/seed/expected.jsonl', 'utf8').split('\n')[0]!) as { figures: Record<string, number | null> };
const real = (file: string) => readFileSync(`data/reports/real/${file}`, 'utf8');

function record(outcome: ParseOutcome): ReportRecord {
  if (isFailure(outcome)) throw new Error(`${outcome.source}: ${outcome.error}`);
  return outcome;
}
const parseText = (text: string, source = 'test.txt') => record(parseReportText(source, text, 'x'));
const parseBytes = (bytes: Uint8Array, source = 'test.txt') => parseReport({ source, bytes, sha256: 'x' });

function seedMismatches(r: ReportRecord): string[] {
  return Object.entries(SEED_EXPECTED.figures).filter(([k, v]) => r.figures[k] !== v).map(([k, v]) => `${k}: expected ${v}, got ${r.figures[k]}`);
}

describe('encodings and scripts', () => {
  it('reads UTF-8 with BOM, UTF-16 LE/BE with BOM and GBK to the same figures', () => {
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SEED, 'utf16le')]);
    const utf16be = Buffer.from(utf16le);
    for (let i = 0; i < utf16be.length; i += 2) [utf16be[i], utf16be[i + 1]] = [utf16be[i + 1]!, utf16be[i]!];
    utf16be[0] = 0xfe; utf16be[1] = 0xff;
    const variants: [string, Uint8Array][] = [
      ['utf-8 bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SEED, 'utf8')])],
      ['utf-16le', utf16le],
      ['utf-16be', utf16be],
      ['gbk', encodeGbk(SEED.replace(/[“”]/g, '"'))],
    ];
    for (const [name, bytes] of variants) {
      const r = record(parseBytes(bytes, name));
      expect(seedMismatches(r), name).toEqual([]);
      expect(r.agency, name).toBe('鹤岗市工农区人民政府');
    }
  });

  it('reads traditional characters (the seed converted to Taiwan script)', () => {
    const traditional = OpenCC.Converter({ from: 'cn', to: 'tw' })(SEED);
    expect(traditional).toContain('行政許可');
    const r = parseText(traditional);
    expect(seedMismatches(r)).toEqual([]);
    expect(r.checks).toEqual([]);
  });

  it('folds full-width digits and strips pinyin glosses in labels', () => {
    const text = SEED.replace('行政许可\t1162', '行政許(xǔ)可\t１，１６２').replace('行政处罚\t313', '行政處(chǔ)罰\t３１３');
    const r = parseText(text);
    expect([r.figures.licensing, r.figures.penalty]).toEqual([1162, 313]);
  });
});

describe('layouts', () => {
  it('reads an HTML table with rowspan/colspan, &nbsp;, <br> and <p> in cells', () => {
    const html = `<html><body><p>某县人民政府2020年政府信息公开工作年度报告</p>
<p>二、主动公开政府信息情况</p>
<table><tr><td colspan="4"><p>第二十条第（一）项</p></td></tr>
<tr><td>信息内容</td><td>本年新<br/>制作数量</td><td colspan="2">本年新<br />公开数量</td><td>对外公开总数量</td></tr>
<tr><td><p>规章</p></td><td>&nbsp;</td><td colspan="2"><p>2</p></td><td>7</td></tr>
<tr><td>规范性文件</td><td>5</td><td colspan="2"><p>&nbsp;</p></td><td>1,204</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td>12</td><td>减3</td><td>16368(件)</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p>
<table><tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>8</td><td>1</td><td>&nbsp;</td><td>-</td><td>/</td><td>无</td><td>9</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>4</td><td>0</td><td></td><td></td><td></td><td></td><td>4</td></tr>
</table></body></html>`;
    const r = parseText(html, 'fixture.html');
    expect(r.template).toBe('2019');
    expect(r.year).toBe(2020);
    expect([r.figures.regs_made, r.figures.regs_published, r.figures.regs_total_public]).toEqual([null, 2, 7]);
    expect([r.figures.normdocs_made, r.figures.normdocs_published, r.figures.normdocs_total_public]).toEqual([5, null, 1204]);
    expect([r.figures.licensing_items_prev, r.figures.licensing_items_delta, r.figures.licensing]).toEqual([12, -3, 16368]);
    expect(['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total'].map((c) => r.figures[`new.${c}`])).toEqual([8, 1, null, null, null, null, 9]);
    expect(['natural_person', 'commercial', 'research', 'total'].map((c) => r.figures[`granted.${c}`])).toEqual([4, 0, null, 4]);
    expect(r.complete.table2).toBe(false);
  });

  it('reads a |-separated report put on one line like its multi-line original', () => {
    const text = real('r012.txt');
    const multi = parseText(text);
    const [head, body] = text.split('\n---\n');
    const oneLine = parseText(`${head}\n---\n${body!.split('\n').join(' ')}`);
    for (const k of figureKeysOf('2021')) expect(oneLine.figures[k], k).toBe(multi.figures[k]);
    expect(multi.figures.licensing).toBe(3679);
  });

  it('reads the seed as one cell per line, blank lines between cells, empty cells dropped', () => {
    const start = SEED.indexOf('二、主动公开政府信息情况');
    const cells = SEED.slice(start).split(/[\t\n]/).map((c) => c.trim()).filter((c) => c !== '' && !/^-+$/.test(c));
    const r = parseText(`${SEED.slice(0, start)}${cells.join('\n\n')}\n`);
    expect(seedMismatches(r)).toEqual([]);
  });
});

describe('cells', () => {
  it('reads units, signs, worded deltas and separators', () => {
    const cases: [string, number | null][] = [
      ['1,162', 1162], ['+19', 19], ['-2', -2], ['减3', -3], ['增5', 5], ['未增未减', 0], ['16368(件)', 16368], ['0.092', 0.092], ['12.5', 12.5],
      ['-', null], ['/', null], ['—', null], ['无', null], ['', null], ['  ', null],
    ];
    for (const [text, value] of cases) expect(readValue(text)?.value, text).toBe(value);
    expect(readValue('592万元')).toEqual({ value: 592, unit: '10k_yuan' });
    expect(readValue('251000元')).toEqual({ value: 251000, unit: 'yuan' });
    expect(readValue('规章')).toBeUndefined();
  });

  it('stores procurement amounts in yuan whatever unit the cell or header uses', () => {
    const base = real('r006.txt');
    const at = (cell: string, header = '采购总金额') => parseText(base.replace('政府集中采购 | 0 | 0 |', `政府集中采购 | 3 | ${cell} |`).replace('采购总金额', header)).figures.procurement_amount;
    expect(at('592万元')).toBe(5920000);
    expect(at('251000元')).toBe(251000);
    expect(at('12.5', '采购总金额(万元)')).toBe(125000);
    expect(at('-')).toBeNull();
  });

  it('keeps an amount with fen but drops a fractional count, naming the figure', () => {
    const r = parseText(real('r006.txt').replace('政府集中采购 | 0 | 0 |', '政府集中采购 | 3 | 1234.56元 |').replace('行政许可 | 0', '行政许可 | 12.5'));
    expect(r.figures.procurement_amount).toBe(1234.56);
    expect(r.figures.licensing_items_prev).toBeNull();
    expect(r.warnings).toEqual(['licensing_items_prev: 12.5 is not a possible count; left blank']);
  });

  it('keeps blank, -, /, — and 无 as null and 0 as 0 (blank is not zero)', () => {
    const text = SEED.replace('规章\t0\t0\t0', '规章\t-\t/\t0').replace('行政规范性文件\t0\t0\t0', '行政规范性文件\t无\t\t—').replace('行政强制\t0', '行政强制\t');
    const r = parseText(text);
    expect([r.figures.regs_issued, r.figures.regs_repealed, r.figures.regs_in_force]).toEqual([null, null, 0]);
    expect([r.figures.normdocs_issued, r.figures.normdocs_repealed, r.figures.normdocs_in_force]).toEqual([null, null, null]);
    expect(r.figures.coercion).toBeNull();
    expect(r.figures.licensing).toBe(1162);
  });
});

describe('incomplete and refused reports', () => {
  it('keeps what a report cut in the middle of table 3 has, and flags the tables', () => {
    const cut = SEED.slice(0, SEED.indexOf('6. 属于四类过程性信息'));
    const r = parseText(cut);
    expect(r.complete).toEqual({ table2: true, table3: false, table4: false });
    expect([r.figures.licensing, r.figures.penalty]).toEqual([1162, 313]);
    expect(r.figures['denied_internal.total']).toBe(0);
    expect(r.figures['denied_process.total']).toBeNull();
    expect(r.figures.review_total).toBeNull();
    for (const k of figureKeysOf('2021')) expect(r.figures).toHaveProperty([k]);
  });

  it('refuses a pre-2019 free-form report with a clear reason', () => {
    const old = '某市人民政府2017年政府信息公开工作年度报告\n一、概述\n2017年，全年主动公开政府信息1234条，受理申请56件。\n二、主动公开政府信息情况\n全年公开文件120件。';
    const outcome = parseReportText('old.txt', old, 'x');
    expect(isFailure(outcome) && outcome.error).toMatch(/pre-2019/);
    const noTables = parseReportText('free.txt', old.replace(/2017/g, '2020'), 'x');
    expect(isFailure(noTables) && noTables.error).toMatch(/no disclosure-template tables found/);
  });

  it('answers an empty file, a binary file and non-report text with a clear error', () => {
    const errors = [
      parseBytes(new Uint8Array(), 'empty.txt'),
      parseBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3]), 'image.png'),
      parseBytes(new TextEncoder().encode('hello world, nothing to see'), 'hello.txt'),
      parseBytes(new TextEncoder().encode('   \n\n  '), 'blank.txt'),
    ].map((o) => (isFailure(o) ? o.error : 'parsed'));
    expect(errors[0]).toMatch(/empty/);
    expect(errors[1]).toMatch(/binary/);
    expect(errors[2]).toMatch(/not a report/);
    expect(errors[3]).toMatch(/empty/);
  });

  it('never takes long on pathological input (CPU time, so a busy machine does not fail it)', () => {
    const inputs = [
      '|'.repeat(2_000_000),
      '1 '.repeat(500_000),
      `二、主动公开政府信息情况\n${'规章\t'.repeat(200_000)}`,
      `${'三、收到和处理政府信息公开申请情况 | '.repeat(30_000)}${'0 | '.repeat(100_000)}`,
      '行政许可'.repeat(300_000),
      `(${'('.repeat(100_000)}数(shù)量`,
    ];
    for (const text of inputs) {
      const t0 = process.cpuUsage();
      parseReportText('p.txt', text, 'x');
      const used = process.cpuUsage(t0);
      expect((used.user + used.system) / 1000, text.slice(0, 20)).toBeLessThan(1000);
    }
  });
});

describe('metadata', () => {
  it('warns when the header and the text disagree, and decides the template by evidence', () => {
    const text = real('r007.txt').replace('year: 2021', 'year: 2020').replace('template: 2021', 'template: 2019');
    const r = parseText(text);
    expect(r.year).toBe(2020);
    expect(r.template).toBe('2021');
    expect(r.warnings.some((w) => /header says template 2019/.test(w))).toBe(true);
    const seedWithHeader = parseText(`year: 2021\nagency: 鹤岗市工农区人民政府\n---\n${SEED}`);
    expect(seedWithHeader.warnings.some((w) => /header says year 2021 but the report text says 2022/.test(w))).toBe(true);
  });

  it('infers the agency kind from the name', () => {
    expect(agencyKindOfName('鹤岗市工农区人民政府')).toBe('government');
    expect(agencyKindOfName('广州市越秀区北京街道办事处')).toBe('street-town');
    expect(agencyKindOfName('微山县两城镇人民政府')).toBe('street-town');
    expect(agencyKindOfName('武汉市生态环境局')).toBe('department');
    expect(agencyKindOfName('上海市人民政府办公厅')).toBe('department');
  });

  it('gives other_total of template 2021 as the sum of its three rows', () => {
    const text = SEED.replace('1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t0\t0', '1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t2\t0')
      .replace('3. 其他\t0', '3. 其他\t1');
    const r = parseText(text);
    expect([r.figures['other_no_correction.natural_person'], r.figures['other_misc.natural_person'], r.figures['other_total.natural_person']]).toEqual([2, 1, 3]);
  });
});

describe('narrative around the tables', () => {
  it('does not read figures from narrative sentences, even under a 主动公开 heading', () => {
    const text = real('r003.txt');
    const noisy = text.replace('（一）主动公开情况。', '（二）主动公开政府信息情况\n行政许可 办理 35 件，行政处罚 12 件\n（一）主动公开情况。')
      .replace('一、总体情况', '一、总体情况\n本年新收 申请 17 件');
    const r = parseText(noisy);
    const clean = parseText(text);
    for (const k of figureKeysOf('2021')) expect(r.figures[k], k).toBe(clean.figures[k]);
    expect([r.figures.licensing, r.figures.penalty]).toEqual([9487, 2776]);
  });

  it('reads the year from a title written in Chinese numerals', () => {
    const r = parseText(SEED.replace('2022 年度政府信息公开工作报告', '二〇二二年度政府信息公开工作报告').replace(/统计期限为 2022 年/, '统计期限为本年'));
    expect(r.year).toBe(2022);
  });
});

describe('table 4 and nested HTML', () => {
  it('reads table 4 printed as one row per group', () => {
    const start = SEED.indexOf('四、政府信息公开行政复议、行政诉讼情况');
    const table4 = `四、政府信息公开行政复议、行政诉讼情况
| 类别 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| 行政复议 | 1 | 2 | 0 | 0 | 3 |
| 行政诉讼(未经复议直接起诉) | 0 | 0 | 0 | 1 | 1 |
| 行政诉讼(复议后起诉) | - | - | - | - | - |
五、存在的主要问题及改进情况
`;
    const r = parseText(SEED.slice(0, start) + table4);
    expect(['upheld', 'corrected', 'other', 'pending', 'total'].map((k) => r.figures[`review_${k}`])).toEqual([1, 2, 0, 0, 3]);
    expect(['upheld', 'pending', 'total'].map((k) => r.figures[`suit_direct_${k}`])).toEqual([0, 1, 1]);
    expect(r.figures.suit_after_review_total).toBeNull();
    expect(r.complete.table4).toBe(true);
    expect(r.checks).toEqual([]);
  });

  it('reads a report whose tables sit inside a layout table, with <th> header cells', () => {
    const html = `<table><tr><td><h2>某市某区人民政府2021年政府信息公开工作年度报告</h2>
<p>二、主动公开政府信息情况</p>
<table><tr><th colspan="4">第二十条第（一）项</th></tr>
<tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th></tr>
<tr><td>规章</td><td>1</td><td>0</td><td>9</td></tr>
<tr><td>行政规范性文件</td><td>4</td><td>2</td><td>30</td></tr>
<tr><th colspan="4">第二十条第（五）项</th></tr>
<tr><th>信息内容</th><th colspan="3">本年处理决定数量</th></tr>
<tr><td>行政许可</td><td colspan="3">2,048</td></tr></table>
</td></tr></table>`;
    const r = parseText(html, 'nested.html');
    expect([r.year, r.template]).toEqual([2021, '2021']);
    expect([r.figures.regs_issued, r.figures.regs_in_force, r.figures.normdocs_repealed, r.figures.licensing]).toEqual([1, 9, 2, 2048]);
  });
});

describe('HTML as text', () => {
  it('reads tags in any case, skips scripts and styles (self-closing ones too), keeps a cell on one line, its paragraphs one space apart', () => {
    const html = [
      '<HTML><Head><TITLE>某区2023年度报告</TITLE><STYLE>td { color: red }</STYLE><script/>var a = "<p>x</p>";</script></Head><BODY>',
      '<P>一、总体情况</P><Script type="x">var t = "<table><tr><td>9</td></tr></table>";</SCRIPT>',
      '<TABLE><TR><TH>信息内容</TH><Td><p>本年</p><P>制发件数</P></tD></TR>',
      '<tr><TD>规章|规范性文件</TD><td>1\n2</td></tr></Table><svg><text>图</text></svg><Br/>结束',
    ].join('');
    expect(htmlToText(html).split('\n')).toEqual([
      '某区2023年度报告',
      '一、总体情况',
      '信息内容 | 本年 制发件数 |',
      '规章/规范性文件 | 1 2 |',
      '结束',
    ]);
  });
});

describe('PDF text quirks', () => {
  const r003 = real('r003.txt');
  it('joins a row label broken across lines before its numbers', () => {
    const broken = r003.replace('5.要求行政机关确认或重 新出具\n已获取信息 0 0 0 0 0 0 0', '5.要求行政机关确认或重\n新出具已获取信息 0 0 0 0 0 1 1')
      .replace('（七）总计 95 0 0 0 0 0 95', '（七）总计 95 0 0 0 0 1 96');
    const r = parseText(broken);
    expect([r.figures['rejected_confirm.other_org'], r.figures['rejected_confirm.total']]).toEqual([1, 1]);
    expect(r.figures['rejected_excessive.total']).toBe(0);
  });

  it('drops a stray number in a row when only one window of seven satisfies C3', () => {
    const stray = r003.replace('（一）予以公开 50 0 0 0 0 0 50', '（一）予以公开 50 0 0 0 0 0 50 3');
    expect(parseText(stray).figures['granted.total']).toBe(50);
    const lead = r003.replace('（一）予以公开 50 0 0 0 0 0 50', '（一）予以公开 7 50 0 0 0 0 0 50');
    expect(['natural_person', 'total'].map((c) => parseText(lead).figures[`granted.${c}`])).toEqual([50, 50]);
  });
});

describe('tab layout with merged label cells', () => {
  it('places values of rows with blank cells by the grid of their own label column (seed)', () => {
    const text = SEED.replace('一、\t本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\t', '一、\t本年新收政府信息公开申请数量\t\t3\t0\t0\t0\t0\t3\t')
      .replace('\t\t2. 其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0', '\t\t2. 其他法律行政法规禁止公开\t\t0\t0\t0\t0\t0\t0');
    const r = parseText(text);
    expect(['natural_person', 'commercial', 'other_org', 'total'].map((c) => r.figures[`new.${c}`])).toEqual([null, 3, 0, 3]);
    expect(['natural_person', 'commercial', 'total'].map((c) => r.figures[`denied_law_forbidden.${c}`])).toEqual([null, 0, 0]);
  });
});

describe('one cell per line', () => {
  it('reads a line of only spaces as a blank cell, an empty line as a separator', () => {
    const text = real('r071.txt');
    const r = parseText(text.replace('规章\n\n0\n\n0\n\n0', '规章\n\n0\n\n \n\n3'));
    expect([r.figures.regs_issued, r.figures.regs_repealed, r.figures.regs_in_force]).toEqual([0, null, 3]);
    expect(r.figures.normdocs_in_force).toBe(0);
  });
});
