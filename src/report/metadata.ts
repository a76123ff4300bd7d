/**
 * Report metadata: the optional `key: value … ---` header of corpus files, and the agency
 * and year stated by the report itself (title and statistics-period sentence).
 */
import type { AgencyKind } from './record.ts';
import type { TemplateKey } from './template.ts';

/** Fields a metadata header may give; all optional. */
export interface HeaderMeta {
  url?: string;
  agency?: string;
  province?: string;
  city?: string;
  district?: string;
  level?: string;
  year?: number;
  template?: TemplateKey;
}

const HEADER_KEY = /^([a-z_]+)\s*:\s?(.*)$/;

/** Split a leading `key: value` block closed by `---` from the report body. */
export function splitMetadata(text: string): { meta: HeaderMeta | null; body: string } {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const firstNl = text.indexOf('\n', start);
  const firstLine = text.slice(start, firstNl < 0 ? undefined : firstNl).trim();
  if (!HEADER_KEY.test(firstLine)) return { meta: null, body: text };
  const meta: HeaderMeta = {};
  let pos = start;
  for (let n = 0; n < 40 && pos < text.length; n++) {
    const nl = text.indexOf('\n', pos);
    const line = text.slice(pos, nl < 0 ? undefined : nl).replace(/\r$/, '');
    pos = nl < 0 ? text.length : nl + 1;
    if (line.trim() === '---') return { meta, body: text.slice(pos) };
    const m = HEADER_KEY.exec(line.trim());
    if (!m) return { meta: null, body: text };
    const key = m[1]!;
    const value = m[2]!.trim();
    if (value === '') continue;
    if (key === 'year') {
      const y = Number(value);
      if (Number.isInteger(y)) meta.year = y;
    } else if (key === 'template') {
      if (value === '2019' || value === '2021') meta.template = value;
    } else if (key === 'url' || key === 'agency' || key === 'province' || key === 'city' || key === 'district' || key === 'level') {
      meta[key] = value;
    }
  }
  return { meta: null, body: text };
}

/** Agency kind from the header's `level` (district-gov/government and other *-gov levels → government; null when absent). */
export function agencyKindOfLevel(level: string | undefined): AgencyKind | null {
  if (!level) return null;
  const l = level.toLowerCase();
  if (l === 'district-gov' || l === 'government' || l === 'city-gov' || l === 'province-gov' || l === 'county-gov') return 'government';
  if (l === 'department') return 'department';
  if (l === 'street-town' || l === 'street' || l === 'town') return 'street-town';
  return 'other';
}

/** Agency kind inferred from an agency name (人民政府 → government, 街道/镇/乡 → street-town, 局/委/办… → department). */
export function agencyKindOfName(name: string | null): AgencyKind {
  if (!name) return 'other';
  if (/街道办事处|街道$|(镇|乡)(人民政府)?$|(镇|乡)人民政府/.test(name)) return 'street-town';
  if (/人民政府(办公厅|办公室)?$/.test(name)) return name.endsWith('人民政府') ? 'government' : 'department';
  if (/(局|委员会|委|办公室|办|厅|中心|署|院|所|站|队|分局|管委会|管理委员会|公司)$/.test(name)) return 'department';
  return 'other';
}

const CN_DIGITS: Record<string, string> = { '〇': '0', '○': '0', 'O': '0', '零': '0', '一': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9' };

/** `二〇二二年` → `2022年`. */
function chineseYears(line: string): string {
  return line.includes('年') ? line.replace(/[〇○O零一二三四五六七八九]{4}(?=年)/g, (y) => [...y].map((c) => CN_DIGITS[c]).join('')) : line;
}

/** What the report text states about itself. */
export interface StatedMeta {
  agency: string | null;
  titleYear: number | null;
  periodYear: number | null;
}

const TITLE_RE = /政府信息公开.{0,14}报告|信息公开.{0,8}年度报告|政府信息公开年报/;
const PERIOD_RE = /(?:统计期限|统计时限|统计时间|统计期间|数据统计期限|统计区间)[^。\n]{0,30}?(\d{4})\s*年\s*1\s*月\s*1\s*日/;

/** Read agency and year from the title lines and the statistics-period sentence. */
export function readStatedMeta(lines: readonly string[]): StatedMeta {
  let agency: string | null = null;
  let titleYear: number | null = null;
  const limit = Math.min(lines.length, 80);
  for (let i = 0; i < limit; i++) {
    const line = chineseYears(lines[i]!.replace(/\s+/g, ''));
    if (line.length > 80 || !TITLE_RE.test(line)) continue;
    const ym = /((?:19|20)\d{2})年/.exec(line);
    if (ym) titleYear = Number(ym[1]);
    const name = line
      .replace(/[-_|].*$/, '')
      .replace(/(?:关于)?(?:(?:19|20)\d{2}年度?)?(?:政府)?信息公开.*$/, '')
      .replace(/(?:19|20)\d{2}年度?/, '')
      .replace(/^[《“"]|[》”"]$/g, '');
    const fixed = name.endsWith('人民') ? `${name}政府` : name;
    if (fixed.length >= 2) agency = fixed;
    else {
      for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
        const prev = lines[j]!.replace(/\s+/g, '');
        if (prev === '') continue;
        if (prev.length <= 40 && /[\u4e00-\u9fff]/.test(prev) && !/[。，:：]/.test(prev)) agency = prev;
        break;
      }
    }
    if (titleYear !== null) break;
  }
  let periodYear: number | null = null;
  const head = lines.slice(0, 120).join('\n');
  const pm = PERIOD_RE.exec(head);
  if (pm) periodYear = Number(pm[1]);
  return { agency, titleYear, periodYear };
}
