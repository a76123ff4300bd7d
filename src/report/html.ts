/**
 * HTML report pages → plain text the layout tokeniser reads: each table row becomes one
 * `cell | cell | … |` line (spans are not expanded: a rowspan cell appears in its first
 * row only, exactly like text copied from the page), other blocks become lines.
 *
 * Built on htmlparser2's Tokenizer (tag names, text and decoded entities) without its
 * Parser: attributes and the element tree are not needed here, which halves the cost.
 */
import { Tokenizer } from 'htmlparser2';

const BLOCK = ['p', 'div', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'section', 'article', 'header', 'footer', 'title', 'tbody', 'thead', 'center', 'blockquote', 'pre', 'hr', 'dd', 'dt', 'dl', 'form', 'main', 'nav'];
const SKIP = ['script', 'style', 'noscript', 'template', 'svg'];
/** Skipped elements whose content the tokenizer reads as raw text up to the end tag. */
const RAW_TEXT = ['script', 'style'];

/** What a tag does here. */
type Tag = 'other' | 'block' | 'skip' | 'table' | 'row' | 'cell';

/**
 * Tag names as written (lower case first; others are lower-cased once and added) → what
 * they do: one lookup per tag instead of lower-casing every name and testing it in sets.
 */
const TAGS = new Map<string, Tag>([
  ...BLOCK.map((name): [string, Tag] => [name, 'block']),
  ...SKIP.map((name): [string, Tag] => [name, 'skip']),
  ['table', 'table'], ['tr', 'row'], ['td', 'cell'], ['th', 'cell'],
]);
/** Names remembered at most (unknown names in hostile input must not grow it without bound). */
const TAGS_MAX = 4096;

function tagOf(name: string): Tag {
  const tag = TAGS.get(name);
  if (tag !== undefined) return tag;
  const lower = TAGS.get(name.toLowerCase()) ?? 'other';
  if (TAGS.size < TAGS_MAX) TAGS.set(name, lower);
  return lower;
}

interface TableContext {
  row: string[] | null;
  /** Text of the open cell, or null outside a cell. */
  cell: string | null;
  /**
   * A block tag (`<p>`, `<br>`) came since the cell's last text: the next text is set off
   * by a space. Kept as a flag rather than a pushed `' '` piece, as Word's `<td><p>74</p></td>`
   * would make every cell a three-piece join.
   */
  gap: boolean;
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
  const out: string[] = [];
  let line = '';
  let skip: string | null = null;
  /** The last tag opened began a skipped element (a self-closing one ends it at once). */
  let openedSkip = false;
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
    if (ctx && ctx.cell !== null) {
      ctx.cell = ctx.cell === '' ? text : ctx.gap ? `${ctx.cell} ${text}` : ctx.cell + text;
      ctx.gap = false;
    } else line += text;
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
    if (ctx.row.length > 0) {
      let text = `${ctx.row[0]!} |`;
      for (let i = 1; i < ctx.row.length; i++) text += ` ${ctx.row[i]!} |`;
      out.push(text);
    }
    ctx.row = null;
  };
  const open = (name: string) => {
    openedSkip = false;
    if (skip !== null) return;
    const tag = tagOf(name);
    if (tag === 'skip') { skip = name.toLowerCase(); openedSkip = true; return; }
    const ctx = tables[tables.length - 1];
    if (tag === 'table') {
      if (ctx && ctx.cell !== null) {
        // A layout table nests the report inside a cell: emit what the cell held so far.
        line += ctx.cell;
        ctx.cell = '';
      }
      flushLine();
      tables.push({ row: null, cell: null, gap: false });
      return;
    }
    if (ctx) {
      if (tag === 'row') { closeCell(ctx); closeRow(ctx); ctx.row = []; return; }
      if (tag === 'cell') { closeCell(ctx); ctx.row ??= []; ctx.cell = ''; ctx.gap = false; return; }
      if (ctx.cell !== null && tag === 'block') { ctx.gap = true; return; }
    }
    if (tag === 'block') flushLine();
  };
  const close = (name: string) => {
    if (skip !== null) {
      if (name.toLowerCase() === skip) skip = null;
      return;
    }
    const tag = tagOf(name);
    const ctx = tables[tables.length - 1];
    if (tag === 'table') {
      if (ctx) { closeCell(ctx); closeRow(ctx); tables.pop(); }
      return;
    }
    if (ctx) {
      if (tag === 'cell') { closeCell(ctx); return; }
      if (tag === 'row') { closeCell(ctx); closeRow(ctx); return; }
      if (ctx.cell !== null && tag === 'block') { ctx.gap = true; return; }
    }
    if (tag === 'block') flushLine();
  };

  const tokenizer = new Tokenizer({ decodeEntities: true }, {
    onopentagname(start, end) { open(html.slice(start, end)); },
    onopentagend() { /* attributes are not needed */ },
    onselfclosingtag() {
      // `<br/>`, `<svg/>`: nothing opened stays open. `<script/>` and `<style/>` open raw
      // text up to their end tag, as in a browser (the tokenizer reads them so).
      if (openedSkip && !RAW_TEXT.includes(skip!)) skip = null;
    },
    onclosetag(start, end) { close(html.slice(start, end)); },
    ontext(start, end) { append(html.slice(start, end)); },
    ontextentity(codepoint) { append(String.fromCodePoint(codepoint)); },
    onattribdata() {}, onattribentity() {}, onattribend() {}, onattribname() {},
    oncdata() {}, oncomment() {}, ondeclaration() {}, onprocessinginstruction() {}, onend() {},
  });
  tokenizer.write(html);
  tokenizer.end();
  while (tables.length > 0) {
    const ctx = tables.pop()!;
    closeCell(ctx);
    closeRow(ctx);
  }
  flushLine();
  return out.join('\n');
}
