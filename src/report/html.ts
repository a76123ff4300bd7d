/**
 * HTML report pages → plain text the layout tokeniser reads: each table row becomes one
 * `cell | cell | … |` line (spans are not expanded: a rowspan cell appears in its first
 * row only, exactly like text copied from the page), other blocks become lines.
 *
 * Built on htmlparser2's Tokenizer (tag names, text and decoded entities) without its
 * Parser: attributes and the element tree are not needed here, which halves the cost.
 */
import { Tokenizer } from 'htmlparser2';

const BLOCK = new Set(['p', 'div', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'section', 'article', 'header', 'footer', 'title', 'tbody', 'thead', 'center', 'blockquote', 'pre', 'hr', 'dd', 'dt', 'dl', 'form', 'main', 'nav']);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg']);

interface TableContext {
  row: string[] | null;
  /** Text of the open cell so far, or null outside a cell. */
  cell: string | null;
}

const HTML_HEAD = /<(?:!doctype|html|body|table|p|div|td|tr)[\s>]/i;
const HTML_TABLE = /<table[\s>]/i;

/** True when the text looks like an HTML page or fragment rather than plain text. */
export function looksLikeHtml(text: string): boolean {
  // Case-insensitive patterns rather than lower-cased copies of the text (no copy of every text report).
  return HTML_HEAD.test(text.length > 4096 ? text.slice(0, 4096) : text) || HTML_TABLE.test(text.length > 200000 ? text.slice(0, 200000) : text);
}

/** Render an HTML page as text lines, table rows as `|`-terminated cells. */
export function htmlToText(html: string): string {
  return htmlToTextFast(html) ?? htmlToTextTokenizer(html);
}

/**
 * `htmlToText` by the fast scanner, or null when the page holds something it leaves to
 * htmlparser2 (unusual entities, CDATA, some raw-text tags, unterminated tags or comments).
 */
export function htmlToTextFast(html: string): string | null {
  const b = createTextBuilder(html);
  return scanHtml(html, b) ? b.finish() : null;
}

/** `htmlToText` through htmlparser2's Tokenizer alone (the reference the fast scanner must agree with). */
export function htmlToTextTokenizer(html: string): string {
  const b = createTextBuilder(html);
  const tokenizer = new Tokenizer({ decodeEntities: true }, {
    onopentagname(start, end) { b.open(html.slice(start, end).toLowerCase()); },
    onopentagend() { /* attributes are not needed */ },
    onselfclosingtag() { b.selfClosing(); },
    onclosetag(start, end) { b.close(html.slice(start, end).toLowerCase()); },
    ontext(start, end) { b.text(start, end); },
    ontextentity(codepoint) { b.append(String.fromCodePoint(codepoint)); },
    onattribdata() {}, onattribentity() {}, onattribend() {}, onattribname() {},
    oncdata() {}, oncomment() {}, ondeclaration() {}, onprocessinginstruction() {}, onend() {},
  });
  tokenizer.write(html);
  tokenizer.end();
  return b.finish();
}

/** Receives tags and text in document order and builds the text lines. */
interface TextBuilder {
  open(name: string): void;
  close(name: string): void;
  /** `<br/>`, `<script/>`: nothing opened stays open. */
  selfClosing(): void;
  /** Text `html[start, end)`, entities already decoded or absent. */
  text(start: number, end: number): void;
  append(text: string): void;
  finish(): string;
}

function createTextBuilder(html: string): TextBuilder {
  const out: string[] = [];
  let line = '';
  let skip: string | null = null;
  let openName = '';
  const tables: TableContext[] = [];

  const flushLine = () => {
    if (line === '') return;
    const t = line.replace(/\s+/g, ' ').trim();
    if (t !== '') out.push(t);
    line = '';
  };
  const append = (text: string) => {
    if (skip !== null) return;
    const ctx = tables[tables.length - 1];
    if (ctx && ctx.cell !== null) ctx.cell += text;
    else line += text;
  };
  const closeCell = (ctx: TableContext) => {
    if (ctx.cell === null) return;
    ctx.row ??= [];
    let text = ctx.cell;
    // One line per row: line breaks and `|` inside a cell must not split it.
    if (/[\n\r\t|]/.test(text)) text = text.replace(/[\n\r\t]+/g, ' ').replace(/\|/g, '/');
    ctx.row.push(text.trim());
    ctx.cell = null;
  };
  const closeRow = (ctx: TableContext) => {
    if (ctx.row === null) return;
    flushLine();
    if (ctx.row.length > 0) out.push(`${ctx.row.join(' | ')} |`);
    ctx.row = null;
  };
  const open = (name: string) => {
    openName = name;
    if (skip !== null) return;
    if (SKIP.has(name)) { skip = name; return; }
    const ctx = tables[tables.length - 1];
    if (name === 'table') {
      if (ctx && ctx.cell !== null) {
        // A layout table nests the report inside a cell: emit what the cell held so far.
        line += ctx.cell;
        ctx.cell = '';
      }
      flushLine();
      tables.push({ row: null, cell: null });
      return;
    }
    if (ctx) {
      if (name === 'tr') { closeCell(ctx); closeRow(ctx); ctx.row = []; return; }
      if (name === 'td' || name === 'th') { closeCell(ctx); ctx.row ??= []; ctx.cell = ''; return; }
      if (ctx.cell !== null && BLOCK.has(name)) { ctx.cell += ' '; return; }
    }
    if (BLOCK.has(name)) flushLine();
  };
  const close = (name: string) => {
    if (skip !== null) {
      if (name === skip) skip = null;
      return;
    }
    const ctx = tables[tables.length - 1];
    if (name === 'table') {
      if (ctx) { closeCell(ctx); closeRow(ctx); tables.pop(); }
      return;
    }
    if (ctx) {
      if (name === 'td' || name === 'th') { closeCell(ctx); return; }
      if (name === 'tr') { closeCell(ctx); closeRow(ctx); return; }
      if (ctx.cell !== null && BLOCK.has(name)) { ctx.cell += ' '; return; }
    }
    if (BLOCK.has(name)) flushLine();
  };
  return {
    open,
    close,
    selfClosing() { if (skip === openName) skip = null; },
    text(start, end) { if (skip === null) append(html.slice(start, end)); },
    append,
    finish() {
      while (tables.length > 0) {
        const ctx = tables.pop()!;
        closeCell(ctx);
        closeRow(ctx);
      }
      flushLine();
      return out.join('\n');
    },
  };
}

// ---------------------------------------------------------------- fast scanner

/**
 * htmlparser2's text-only tags: raw text (script, style) is skipped up to the matching end
 * tag, RCDATA (title, textarea) is text with entities but no tags; the rest are left to it.
 */
const TEXT_ONLY_TAGS = new Map<string, 'raw' | 'rcdata' | 'tokenizer'>([
  ['script', 'raw'], ['style', 'raw'], ['title', 'rcdata'], ['textarea', 'rcdata'],
  ['iframe', 'tokenizer'], ['noembed', 'tokenizer'], ['noframes', 'tokenizer'], ['plaintext', 'tokenizer'], ['xmp', 'tokenizer'],
]);
const NAMED_ENTITIES: Record<string, string> = { nbsp: '\u00a0', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', middot: '\u00b7', ldquo: '\u201c', rdquo: '\u201d', lsquo: '\u2018', rsquo: '\u2019', mdash: '\u2014', ndash: '\u2013', hellip: '\u2026', times: '\u00d7', yen: '\u00a5' };
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));/y;

function isWhitespace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 12 || c === 13;
}
function isAsciiAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
function isEndOfTagSection(c: number): boolean {
  return c === 47 || c === 62 || isWhitespace(c);
}

/**
 * Text `html[start, end)` with the common entities (`&nbsp;`, `&amp;`, `&#12290;` …, always
 * with `;`) decoded, or null when it holds any other `&` form (left to htmlparser2, whose
 * legacy rules decode e.g. `&copy` without `;`).
 */
function decodeText(html: string, start: number, end: number): string | null {
  let amp = html.indexOf('&', start);
  if (amp < 0 || amp >= end) return html.slice(start, end);
  let out = '';
  let from = start;
  while (amp >= 0 && amp < end) {
    ENTITY.lastIndex = amp;
    const m = ENTITY.exec(html);
    if (!m || ENTITY.lastIndex > end) return null;
    let ch: string | undefined;
    if (m[3] !== undefined) ch = NAMED_ENTITIES[m[3]];
    else {
      const cp = m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16);
      // NUL, C1 controls (mapped from windows-1252), surrogates and out-of-range code points follow htmlparser2's rules.
      if (cp > 0 && !(cp >= 0x80 && cp <= 0x9f) && !(cp >= 0xd800 && cp <= 0xdfff) && cp <= 0x10ffff) ch = String.fromCodePoint(cp);
    }
    if (ch === undefined) return null;
    out += html.slice(from, amp) + ch;
    from = ENTITY.lastIndex;
    amp = html.indexOf('&', from);
  }
  return out + html.slice(from, end);
}

/** Lower-case tag name `html[start, end)` (no `toLowerCase` copy for the usual lower-case names). */
function tagName(html: string, start: number, end: number): string {
  for (let k = start; k < end; k++) {
    const c = html.charCodeAt(k);
    if (c >= 65 && c <= 90) return html.slice(start, end).toLowerCase();
  }
  return html.slice(start, end);
}

/** Case-insensitive `</name` followed by the end of a tag section, from `from`; -1 if absent. */
function findEndTag(html: string, name: string, from: number): number {
  let i = from;
  for (;;) {
    i = html.indexOf('</', i);
    if (i < 0) return -1;
    let k = 0;
    while (k < name.length && (html.charCodeAt(i + 2 + k) | 0x20) === name.charCodeAt(k)) k++;
    if (k === name.length && isEndOfTagSection(html.charCodeAt(i + 2 + k))) return i;
    i += 2;
  }
}

/**
 * The usual report page (tags, attributes, comments, doctype, script/style, common entities)
 * read straight into `b` with `indexOf`, several times faster than a character-by-character
 * tokeniser. Returns false as soon as anything less usual turns up (other entities, CDATA,
 * RCDATA tags, an unterminated tag or comment); the caller then uses htmlparser2 on a
 * fresh builder. Where it returns true the text equals htmlparser2's (a test holds them equal).
 */
function scanHtml(html: string, b: TextBuilder): boolean {
  const n = html.length;
  let lower: string | null = null;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const text = decodeText(html, i, textEnd);
      if (text === null) return false;
      if (text.length === textEnd - i) b.text(i, textEnd);
      else b.append(text);
    }
    if (lt < 0) break;
    const c = html.charCodeAt(lt + 1);
    if (isAsciiAlpha(c)) {
      // Start tag: the name ends at whitespace, `/` or `>`.
      let j = lt + 2;
      while (j < n && !isEndOfTagSection(html.charCodeAt(j))) j++;
      if (j >= n) return false;
      const name = tagName(html, lt + 1, j);
      const textOnly = TEXT_ONLY_TAGS.get(name);
      if (textOnly === 'tokenizer') return false;
      // Attributes: quoted values may hold `>`; quotes anywhere else are left to htmlparser2.
      let k = j;
      let selfClosing = false;
      for (;;) {
        if (k >= n) return false;
        const ch = html.charCodeAt(k);
        if (ch === 62) break;
        if (ch === 47) {
          // `/` outside a value: `/ >` (spaces allowed) closes the tag as self-closing.
          let w = k + 1;
          while (w < n && isWhitespace(html.charCodeAt(w))) w++;
          if (html.charCodeAt(w) === 62) { selfClosing = true; k = w; break; }
          k = w;
          continue;
        }
        if (ch === 34 || ch === 39) return false;
        if (ch === 61) {
          k++;
          while (k < n && isWhitespace(html.charCodeAt(k))) k++;
          const q = html.charCodeAt(k);
          if (q === 34 || q === 39) {
            const close = html.indexOf(q === 34 ? '"' : "'", k + 1);
            if (close < 0) return false;
            k = close + 1;
          } else {
            while (k < n && !isWhitespace(html.charCodeAt(k)) && html.charCodeAt(k) !== 62) k++;
          }
          continue;
        }
        k++;
      }
      if (selfClosing && textOnly) return false;
      b.open(name);
      if (selfClosing) b.selfClosing();
      i = k + 1;
      if (textOnly) {
        const endTag = findEndTag(html, name, i);
        if (endTag < 0) return false;
        if (textOnly === 'rcdata' && endTag > i) {
          const text = decodeText(html, i, endTag);
          if (text === null) return false;
          if (text.length === endTag - i) b.text(i, endTag);
          else b.append(text);
        }
        // Raw text (script, style) is skipped: the builder skips those tags anyway.
        i = endTag;
      }
      continue;
    }
    if (c === 47) {
      // End tag; `</>` is dropped, `</ x>` and `</1>` are bogus comments up to `>`.
      const gt = html.indexOf('>', lt + 2);
      if (gt < 0) return false;
      if (isAsciiAlpha(html.charCodeAt(lt + 2))) {
        let j = lt + 3;
        while (j < gt && !isEndOfTagSection(html.charCodeAt(j))) j++;
        b.close(tagName(html, lt + 2, j));
      }
      i = gt + 1;
      continue;
    }
    if (c === 33) {
      if (html.startsWith('--', lt + 2)) {
        // Comment: `<!-->` and `<!--->` end at once, otherwise at `-->` or `--!>`.
        const body = lt + 4;
        if (html.charCodeAt(body) === 62) { i = body + 1; continue; }
        if (html.charCodeAt(body) === 45 && html.charCodeAt(body + 1) === 62) { i = body + 2; continue; }
        const a = html.indexOf('-->', body), bang = html.indexOf('--!>', body);
        if (a < 0 && bang < 0) return false;
        i = bang >= 0 && (a < 0 || bang < a) ? bang + 4 : a + 3;
        continue;
      }
      if (html.charCodeAt(lt + 2) === 91 || html.charCodeAt(lt + 2) === 45) return false; // CDATA, `<!-x`
      const gt = html.indexOf('>', lt + 2);
      if (gt < 0) return false;
      i = gt + 1; // doctype and other declarations
      continue;
    }
    if (c === 63) {
      const gt = html.indexOf('>', lt + 2);
      if (gt < 0) return false;
      i = gt + 1; // `<?xml …>`: a bogus comment in HTML
      continue;
    }
    // `<` not opening a tag is text.
    if (lt + 1 >= n) return false;
    const next = html.indexOf('<', lt + 1);
    const end = next < 0 ? n : next;
    const text = decodeText(html, lt, end);
    if (text === null) return false;
    if (text.length === end - lt) b.text(lt, end);
    else b.append(text);
    i = end;
  }
  return true;
}
