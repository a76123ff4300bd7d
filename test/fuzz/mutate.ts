/**
 * Mutations of real report files for the parser fuzz test: fast-check arbitraries that
 * cut, garble, re-encode and break the corpus copies in data/reports/seed and
 * data/reports/real. Each mutation is a named, replayable step (fast-check prints the
 * failing list).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/** The corpus files the mutations start from (text, as published). */
export function corpusFiles(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const dir of ['data/reports/seed', 'data/reports/real']) {
    for (const f of readdirSync(dir).sort()) {
      if (f.endsWith('.jsonl')) continue;
      out.push({ name: `${dir}/${f}`, text: readFileSync(join(dir, f), 'utf8') });
    }
  }
  return out;
}

/** A text mutation: kind plus its random choices (positions as fractions of the length). */
export type TextMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete-cell'; at: number; count: number }
  | { kind: 'duplicate-cell'; at: number; count: number }
  | { kind: 'swap-digits'; at: number; count: number; digit: number }
  | { kind: 'garble-label'; at: number; length: number; seed: number }
  | { kind: 'control-chars'; at: number; chars: string }
  | { kind: 'odd-numbers'; at: number; value: string }
  | { kind: 'shuffle-lines'; at: number; length: number }
  | { kind: 'bom-inside'; at: number }
  | { kind: 'break-html'; at: number; piece: string }
  | { kind: 'nest-deep'; depth: number; tag: string }
  | { kind: 'unicode-junk'; at: number; chars: string };

/** How the mutated text becomes bytes, and what is done to the bytes after. */
export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16le' | 'utf-16be-bom' | 'utf-16be' | 'gbk' | 'gbk+utf-8';
export type ByteMutation = { kind: 'random-bytes'; at: number; bytes: Uint8Array } | { kind: 'cut-bytes'; at: number };

export interface Case {
  file: number;
  text: TextMutation[];
  encoding: Encoding;
  bytes: ByteMutation[];
}

// Uniform positions (fc.double leans to the edges, which would make most cuts empty files).
const pos = fc.integer({ min: 0, max: 9_999 }).map((n) => n / 10_000);
const CELL_SEP = /\t|\||\n|<\/td>|<\/tr>/g;

const ODD_NUMBERS = ['1e309', '9'.repeat(400), '-0', 'NaN', 'Infinity', '-Infinity', '0x1F', '1,2,3,4,5', '１２３', '٣٤', '1.7976931348623157e308', '12.5万元', '-', '—', '/', '无', '&nbsp;', '１,１６２', '1\u200b2', '∞', '½', '⑤', '0.000000001', '99999999999999999999999'];
const HTML_PIECES = ['<', '>', '<td', '</table>', '<table><tr><td>', '<!--', ']]>', '<script>', '</td></td></td>', '<tr>', '&#0;', '&#xFFFFFF;', '&', '<br', '<td rowspan=99999 colspan=-1>', '<![CDATA[', '<style>', '<svg>', '"\'>'];
const CONTROL = fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 8 });
const JUNK = fc.string({ unit: fc.oneof(
  fc.constantFrom('\u202e', '\u200d', '\ufffd', '\ud800', '\udfff', '\u0301', '\u3000', '\u2028', '\u2029', '𝟙', '𠀀', '\uffff', '\u0000', '｜', '　', '丨', '＼t'),
  fc.integer({ min: 0x80, max: 0xffff }).map((c) => String.fromCharCode(c)),
), minLength: 1, maxLength: 12 });

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: pos }),
  fc.record({ kind: fc.constant('delete-cell' as const), at: pos, count: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('duplicate-cell' as const), at: pos, count: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('swap-digits' as const), at: pos, count: fc.integer({ min: 1, max: 30 }), digit: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('garble-label' as const), at: pos, length: fc.integer({ min: 1, max: 40 }), seed: fc.integer() }),
  fc.record({ kind: fc.constant('control-chars' as const), at: pos, chars: CONTROL }),
  fc.record({ kind: fc.constant('odd-numbers' as const), at: pos, value: fc.constantFrom(...ODD_NUMBERS) }),
  fc.record({ kind: fc.constant('shuffle-lines' as const), at: pos, length: fc.integer({ min: 2, max: 30 }) }),
  fc.record({ kind: fc.constant('bom-inside' as const), at: pos }),
  fc.record({ kind: fc.constant('break-html' as const), at: pos, piece: fc.constantFrom(...HTML_PIECES) }),
  fc.record({ kind: fc.constant('nest-deep' as const), depth: fc.integer({ min: 1, max: 10_000 }), tag: fc.constantFrom('div', 'table', 'td', 'span', 'tr') }),
  fc.record({ kind: fc.constant('unicode-junk' as const), at: pos, chars: JUNK }),
);

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('random-bytes' as const), at: pos, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('cut-bytes' as const), at: pos }),
);

/** Mutation kinds, for the report. */
export const TEXT_MUTATION_KINDS = ['truncate', 'delete-cell', 'duplicate-cell', 'swap-digits', 'garble-label', 'control-chars', 'odd-numbers', 'shuffle-lines', 'bom-inside', 'break-html', 'nest-deep', 'unicode-junk'] as const;
export const ENCODINGS: readonly Encoding[] = ['utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16le', 'utf-16be-bom', 'utf-16be', 'gbk', 'gbk+utf-8'];

/** A fuzz case: a corpus file, 1–4 text mutations, an encoding and 0–2 byte mutations. */
export function caseArb(files: number): fc.Arbitrary<Case> {
  return fc.record({
    file: fc.integer({ min: 0, max: files - 1 }),
    text: fc.array(textMutation, { minLength: 1, maxLength: 4 }),
    encoding: fc.oneof({ weight: 4, arbitrary: fc.constant<Encoding>('utf-8') }, { weight: 1, arbitrary: fc.constantFrom(...ENCODINGS) }),
    bytes: fc.oneof({ weight: 3, arbitrary: fc.constant<ByteMutation[]>([]) }, { weight: 1, arbitrary: fc.array(byteMutation, { minLength: 1, maxLength: 2 }) }),
  });
}

const index = (at: number, length: number) => Math.min(length, Math.floor(at * (length + 1)));

function cellBounds(text: string): number[] {
  const out = [0];
  for (const m of text.matchAll(CELL_SEP)) out.push(m.index! + m[0].length);
  out.push(text.length);
  return out;
}

/** Small deterministic generator for garbling (keeps a case replayable from its seed). */
function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Applies one text mutation. */
export function applyText(text: string, m: TextMutation): string {
  const at = 'at' in m ? index(m.at, text.length) : 0;
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'delete-cell':
    case 'duplicate-cell': {
      const b = cellBounds(text);
      const i = Math.min(b.length - 2, Math.floor(m.at * (b.length - 1)));
      const j = Math.min(b.length - 1, i + m.count);
      const cells = text.slice(b[i], b[j]);
      return m.kind === 'delete-cell' ? text.slice(0, b[i]) + text.slice(b[j]) : text.slice(0, b[j]) + cells + text.slice(b[j]);
    }
    case 'swap-digits': {
      let out = '';
      let n = 0;
      let last = at;
      const re = /\d/g;
      re.lastIndex = at;
      for (let d = re.exec(text); d && n < m.count; d = re.exec(text), n++) {
        out += text.slice(last, d.index) + String((Number(d[0]) + m.digit) % 10);
        last = d.index + 1;
      }
      return text.slice(0, at) + out + text.slice(last);
    }
    case 'garble-label': {
      const rnd = lcg(m.seed);
      const chars = [...text.slice(at, at + m.length)].map((c) => (/[\u4e00-\u9fff]/.test(c) ? String.fromCharCode(0x4e00 + Math.floor(rnd() * 0x51ff)) : c));
      return text.slice(0, at) + chars.join('') + text.slice(at + m.length);
    }
    case 'control-chars':
      return text.slice(0, at) + m.chars + text.slice(at);
    case 'odd-numbers': {
      const re = /\d+/g;
      re.lastIndex = at;
      const d = re.exec(text);
      return d ? text.slice(0, d.index) + m.value + text.slice(d.index + d[0].length) : text + m.value;
    }
    case 'shuffle-lines': {
      const lines = text.split('\n');
      const i = Math.min(lines.length - 1, Math.floor(m.at * lines.length));
      const part = lines.slice(i, i + m.length).reverse();
      lines.splice(i, part.length, ...part);
      return lines.join('\n');
    }
    case 'bom-inside':
      return `${text.slice(0, at)}\ufeff${text.slice(at)}`;
    case 'break-html':
      return text.slice(0, at) + m.piece + text.slice(at);
    case 'nest-deep':
      return `<${m.tag}>`.repeat(m.depth) + text + `</${m.tag}>`.repeat(Math.floor(m.depth / 2));
    case 'unicode-junk':
      return text.slice(0, at) + m.chars + text.slice(at);
  }
}

let gbkTable: Map<string, number[]> | null = null;

/** GBK bytes of a text, built from the platform's GBK decoder (no GBK encoder in Node); unmapped characters become '?'. */
export function encodeGbk(text: string): Uint8Array {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && !gbkTable.has(ch)) gbkTable.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else out.push(...(gbkTable.get(ch) ?? [0x3f]));
  }
  return new Uint8Array(out);
}

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  if (bigEndian) body.swap16();
  if (!bom) return new Uint8Array(body);
  return new Uint8Array(Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), body]));
}

/** Encodes the mutated text. */
export function encode(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'utf-8': return new TextEncoder().encode(text);
    case 'utf-8-bom': return new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    case 'utf-16le-bom': return utf16(text, false, true);
    case 'utf-16le': return utf16(text, false, false);
    case 'utf-16be-bom': return utf16(text, true, true);
    case 'utf-16be': return utf16(text, true, false);
    case 'gbk': return encodeGbk(text);
    case 'gbk+utf-8': {
      const half = Math.floor(text.length / 2);
      return new Uint8Array(Buffer.concat([encodeGbk(text.slice(0, half)), Buffer.from(text.slice(half), 'utf8')]));
    }
  }
}

/** Applies one byte mutation. */
export function applyBytes(bytes: Uint8Array, m: ByteMutation): Uint8Array {
  const at = index(m.at, bytes.length);
  if (m.kind === 'cut-bytes') return bytes.subarray(0, at);
  const out = new Uint8Array(bytes.length + m.bytes.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(m.bytes, at);
  out.set(bytes.subarray(at), at + m.bytes.length);
  return out;
}

/** The bytes of a case. */
export function caseBytes(files: readonly { text: string }[], c: Case): Uint8Array {
  let text = files[c.file]!.text;
  for (const m of c.text) text = applyText(text, m);
  let bytes = encode(text, c.encoding);
  for (const m of c.bytes) bytes = applyBytes(bytes, m);
  return bytes;
}
