/**
 * Text normalisation for report parsing: byte decoding, width/script folding, label
 * cleaning and the reading of one figure cell. Pure functions, no I/O.
 */
import * as OpenCC from 'opencc-js';

/** Decoded text, or why the bytes are not a readable text file. */
export type DecodeResult = { text: string; encoding: string } | { error: string };

/** Decode report bytes: UTF-8/UTF-16 BOMs, UTF-16 without BOM, strict UTF-8, then GBK; refuses binary data. */
export function decodeBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return { error: 'empty file' };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return checkText(new TextDecoder('utf-8').decode(bytes.subarray(3)), 'utf-8-bom');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return checkText(new TextDecoder('utf-16le').decode(bytes.subarray(2)), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return checkText(new TextDecoder('utf-16be').decode(bytes.subarray(2)), 'utf-16be');
  // Most reports have no NUL byte in their first 8 KB: then they are neither UTF-16 nor binary.
  if (bytes.subarray(0, 8192).indexOf(0) >= 0) {
    const bomless = utf16WithoutBom(bytes);
    if (bomless) return checkText(new TextDecoder(bomless).decode(bytes), bomless);
    return { error: 'binary file (NUL bytes), not a text report' };
  }
  const utf8 = decodeUtf8(bytes);
  if (utf8 !== null) return checkText(utf8, 'utf-8');
  try {
    return checkText(new TextDecoder('gbk', { fatal: true }).decode(bytes), 'gbk');
  } catch {
    return { error: 'not text: bytes are neither UTF-8 nor GBK' };
  }
}

/** Strict UTF-8 decoding, or null when the bytes are not UTF-8 (Node's isUtf8 + toString measured no faster). */
function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return null;
  }
}
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-16 without a byte-order mark: ASCII characters (digits, spaces, line breaks) put a
 * NUL in every other byte — odd positions for little-endian, even for big-endian — and
 * rarely on the other side. Null when the bytes do not look like that.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 16) return null;
  let even = 0, odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  // A few CJK characters (U+4E00 一 …) have a zero low byte, hence "rarely" rather than "never".
  if (odd >= pairs / 20 && even <= odd / 4) return 'utf-16le';
  if (even >= pairs / 20 && odd <= even / 4) return 'utf-16be';
  return null;
}

/** Characters counted as control bytes by checkText. */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\ufffd]/;

function checkText(text: string, encoding: string): DecodeResult {
  if (text.trim() === '') return { error: 'empty file (no text)' };
  const sample = text.slice(0, 4096);
  if (!CONTROL.test(sample)) return { text, encoding };
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) control++;
  }
  if (control > sample.length / 20) return { error: 'binary file (control bytes), not a text report' };
  return { text, encoding };
}

// Characters that only occur in traditional script and are common in these reports, as a
// lookup table by UTF-16 code unit: a loop over it scans a report twice as fast as the same
// character class as a regular expression (every report is scanned).
const TRADITIONAL_HINT = new Uint8Array(0x10000);
for (const ch of '開與項數處許規範據單關請結轉總計務檔內實現廢發們這審訴維於產機構類條際護權對') TRADITIONAL_HINT[ch.charCodeAt(0)] = 1;
let converter: ((s: string) => string) | null = null;

function hasTraditionalHint(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (TRADITIONAL_HINT[text.charCodeAt(i)] === 1) return true;
  return false;
}

/** Fold traditional characters to simplified (OpenCC tw→cn), only when some are present. */
export function toSimplified(text: string): string {
  if (!hasTraditionalHint(text)) return text;
  converter ??= OpenCC.Converter({ from: 'tw', to: 'cn' });
  // Taiwan usage writes 檔案 for 文件 (規範性檔案 = 规范性文件).
  return converter(text).replace(/规范性档案/g, '规范性文件');
}

/** Normalise report text: NFKC (full-width digits/brackets), `&nbsp;`, CRLF, simplified script. */
export function normaliseText(text: string): string {
  // Each replace only where its character occurs at all (indexOf is far cheaper than a regex pass).
  let t = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  if (t.includes('&')) t = t.replace(/&nbsp;?/gi, ' ');
  t = t.replace(/[\u00a0\u3000\u2002-\u200b\ufeff]/g, ' ');
  t = t.normalize('NFKC');
  return toSimplified(t);
}

const PINYIN_GLOSS = /\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\)/gi;

/** A label as matched against the registry: no whitespace, no pinyin glosses like `数(shù)量`. */
export function cleanLabel(label: string): string {
  const s = mayHoldGloss(label) ? label.replace(PINYIN_GLOSS, '') : label;
  return /\s/.test(s) ? s.replace(/\s+/g, '') : s;
}

/**
 * True when some `(` is followed by a Latin letter, as every pinyin gloss is: most labels
 * with brackets hold `(一)` or `(件)`, and the gloss pattern's scan cost more than the rest
 * of `cleanLabel`.
 */
function mayHoldGloss(label: string): boolean {
  for (let i = label.indexOf('('); i >= 0; i = label.indexOf('(', i + 1)) {
    const c = label.charCodeAt(i + 1);
    if (isLatinLetter(c) || (c >= 0xe0 && c <= 0x1dc)) return true;
  }
  return false;
}

function isLatinLetter(c: number): boolean {
  const lower = c | 32;
  return lower >= 97 && lower <= 122;
}

/** Money unit written in a cell or header. */
export type MoneyUnit = 'yuan' | '10k_yuan';

/** What one value cell says: a number (with any money unit), or an explicit blank. */
export type CellValue = { value: number; unit: MoneyUnit | null } | { value: null; unit: null };

const NULL_MARKERS = new Set(['-', '--', '—', '——', '–', '―', '/', '\\', '无', '空', '暂无', '/', '-/-', 'x', 'X', '×', '…', '...', '/']);
const ZERO_WORDS = new Set(['未增未减', '未增减', '无增减', '持平', '不变', '无变化', '未变化', '增减0', '零']);
/** `/^\d{1,15}$/` by character codes: most cells are plain counts (hot path). */
function isPlainInt(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 15) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
const NUMBER_RE = /^(增加|新增|增|减少|减)?([+-])?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|万|元|件|项|个|条|次|家|份|人次|人)?$/;

/**
 * Read a value cell: `1,162`, `+19`, `减3`, `未增未减`, `16368(件)`, `592万元`, `12.5`.
 * Returns undefined when the text is not a figure (a label or garbage), a null value for
 * explicit blanks (`-`, `/`, `无`).
 */
export function readValue(raw: string): CellValue | undefined {
  if (isPlainInt(raw)) return { value: Number(raw), unit: null };
  let s = /\s/.test(raw) ? raw.replace(/\s+/g, '') : raw;
  if (s === '') return { value: null, unit: null };
  if (!/\d/.test(s)) {
    if (NULL_MARKERS.has(s)) return { value: null, unit: null };
    return ZERO_WORDS.has(s) ? { value: 0, unit: null } : undefined;
  }
  if (NULL_MARKERS.has(s)) return { value: null, unit: null };
  if (ZERO_WORDS.has(s)) return { value: 0, unit: null };
  if (s.endsWith(')') || s.endsWith(']')) s = s.replace(/[(\[]([件项个条次家份元]|万元)[)\]]$/, '$1');
  const m = NUMBER_RE.exec(s);
  if (!m) return undefined;
  const word = m[1];
  const negative = m[2] === '-' || word === '减' || word === '减少';
  const value = Number(m[3]!.replace(/,/g, '') + (m[4] ?? ''));
  if (!Number.isFinite(value)) return undefined;
  const unitWord = m[5];
  const unit: MoneyUnit | null = unitWord === '万元' || unitWord === '万' ? '10k_yuan' : unitWord === '元' ? 'yuan' : null;
  return { value: negative && value !== 0 ? -value : value, unit };
}

/**
 * True when a cell holds letters (CJK or Latin), i.e. it is a label rather than a figure
 * (`/[\u3400-\u9fff\uf900-\ufaffA-Za-z]/` by character codes: called for nearly every cell,
 * and most labels answer at their first character).
 */
export function isLabelText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || isLatinLetter(c)) return true;
  }
  return false;
}

/** Convert a figure to the unit of its column (`yuan` or `10k_yuan`), rounding float noise. */
export function toColumnUnit(value: number, cellUnit: MoneyUnit | null, columnUnit: MoneyUnit): number {
  if (cellUnit === null || cellUnit === columnUnit) return value;
  if (columnUnit === 'yuan') return Math.round(value * 1e6) / 100;
  return Math.round(value * 100) / 1e6;
}
