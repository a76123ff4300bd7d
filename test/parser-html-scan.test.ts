/**
 * The fast HTML scanner against htmlparser2's Tokenizer (the reference): on the real HTML
 * reports, on synthetic report pages and on pages mutated with the constructs that differ
 * between tokenisers (entities with and without `;`, comments, raw text, quotes in
 * attributes, self-closing tags, stray `<`), the text must be identical wherever the
 * scanner does not hand the page over, and it must not hand over ordinary report pages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { htmlToTextFast, htmlToTextTokenizer } from '../src/report/html.ts';
import { generateReports } from '../src/report/synthetic.ts';
import { renderReport } from '../src/report/render.ts';

const REAL = readdirSync('data/reports/real').filter((f) => /\.html?$/.test(f)).map((f) => readFileSync(`data/reports/real/${f}`, 'utf8'));
const SYNTHETIC = [...generateReports({ count: 40, seed: 11 })].map((r, i) => renderReport(r, 'html', { metadata: i % 2 === 0 }));

const SNIPPETS = [
  '<', '>', '&', '"', "'", '/', '!', '-', '--', '<!--', '-->', '--!>', '<!-->', '<!--->', '&nbsp;', '&nbsp', '&amp;', '&#12290;', '&#x3002;',
  '&#0;', '&#128;', '&copy', '&NBSP;', '&lt;p&gt;', '&#xD800;', '&#1114112;', '<br/>', '<br / >', '</>', '</ x>', '<?x?>', '<![CDATA[x]]>',
  '<script>a<b</script>', '<SCRIPT>x</Script >', '<style/>', '<title>a&amp;b<p></title>', '<textarea>x', '<td a="x>y">', "<td b='q'>",
  '<td c=d/>', '<td e = "f" / >', '<td "x">', '<tr>', '</tr>', '<table>', '</table>', '<td>', '</td>', '|', '\n', '\t', ' ', '<p>', '</p>',
  '<svg/>', '<svg>', '</svg>', '<noscript>', '<xmp>', '<!DOCTYPE html>', '<!x>', '<!>', '<1>', '< p>', '<<p>', '<a\n', 'İ', '<TD>', '</TR >',
];

describe('fast HTML scanner', () => {
  it('reads every real and synthetic report page itself, with the same text as htmlparser2', () => {
    expect(REAL.length).toBeGreaterThan(0);
    for (const page of [...REAL, ...SYNTHETIC]) {
      const fast = htmlToTextFast(page);
      expect(fast).not.toBeNull();
      expect(fast).toBe(htmlToTextTokenizer(page));
    }
  });

  it('agrees with htmlparser2 on mutated pages whenever it does not hand them over', () => {
    const pages = [...REAL, ...SYNTHETIC.slice(0, 10)];
    let scanned = 0;
    fc.assert(fc.property(
      fc.nat(pages.length - 1),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...SNIPPETS), fc.nat(12), fc.nat(9)), { minLength: 1, maxLength: 5 }),
      (which, edits) => {
        let page = pages[which]!;
        for (const [at, snippet, cut, kind] of edits) {
          const pos = Math.floor(at * page.length);
          page = kind < 6 ? page.slice(0, pos) + snippet + page.slice(pos) : kind < 9 ? page.slice(0, pos) + page.slice(pos + 1 + cut) : page.slice(0, pos);
        }
        const fast = htmlToTextFast(page);
        if (fast === null) return;
        scanned++;
        expect(fast).toBe(htmlToTextTokenizer(page));
      },
    ), { numRuns: 3000, seed: 20261127 });
    // Most mutated pages stay on the fast path, so the property is not vacuous.
    expect(scanned).toBeGreaterThan(1000);
  });
});
