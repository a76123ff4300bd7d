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
  /** Text pieces of the open cell, or null outside a cell. */
  cell: string[] | null;
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
  let openName = '';
  const tables: TableContext[] = [];

  const flushLine = () => {
    const t = line.replace(/\s+/g, ' ').trim();
    if (t !== '') out.push(t);
    line = '';
  };
  const append = (text: string) => {
    if (skip !== null) return;
    const ctx = tables[tables.length - 1];
    if (ctx && ctx.cell !== null) ctx.cell.push(text);
    else line += text;
  };
  const closeCell = (ctx: TableContext) => {
    if (ctx.cell === null) return;
    ctx.row ??= [];
    let text = ctx.cell.length === 1 ? ctx.cell[0]! : ctx.cell.join('');
    // One line per row: line breaks and `|` inside a cell must not split it.
    if (/[\n\r\t|]/.test(text)) text = text.replace(/[\n\r\t]+/g, ' ').replace(/\|/g, '/');
    ctx.row.push(text.trim());
    ctx.cell = null;
  };
  const closeRow = (ctx: TableContext) => {
    if (ctx.row === null) return;
    flushLine();
    if (ctx.row.length > 0) out.push(ctx.row.map((c) => `${c} |`).join(' '));
    ctx.row = null;
  };
  const open = (name: string) => {
    if (skip !== null) return;
    if (SKIP.has(name)) { skip = name; return; }
    const ctx = tables[tables.length - 1];
    if (name === 'table') {
      if (ctx && ctx.cell !== null) {
        // A layout table nests the report inside a cell: emit what the cell held so far.
        line += ctx.cell.join('');
        ctx.cell = [];
      }
      flushLine();
      tables.push({ row: null, cell: null });
      return;
    }
    if (ctx) {
      if (name === 'tr') { closeCell(ctx); closeRow(ctx); ctx.row = []; return; }
      if (name === 'td' || name === 'th') { closeCell(ctx); ctx.row ??= []; ctx.cell = []; return; }
      if (ctx.cell !== null && BLOCK.has(name)) { ctx.cell.push(' '); return; }
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
      if (ctx.cell !== null && BLOCK.has(name)) { ctx.cell.push(' '); return; }
    }
    if (BLOCK.has(name)) flushLine();
  };

  const tokenizer = new Tokenizer({ decodeEntities: true }, {
    onopentagname(start, end) { openName = html.slice(start, end).toLowerCase(); open(openName); },
    onopentagend() { /* attributes are not needed */ },
    onselfclosingtag() {
      // `<br/>`, `<script/>`: nothing opened stays open.
      if (skip === openName) skip = null;
    },
    onclosetag(start, end) { close(html.slice(start, end).toLowerCase()); },
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
