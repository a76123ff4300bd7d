import { describe, expect, it } from 'vitest';
import { parseEmbedParams } from '../src/app/embed/params.ts';
import { embedSnippet, embedUrl, escapeHtml } from '../src/app/embed/snippet.ts';

const CHARTS = new Set(['licensing-trend', 'outcomes']);

describe('parseEmbedParams', () => {
  it('reads chart, options and filters', () => {
    const p = parseEmbedParams('?chart=outcomes&theme=dark&lang=en&title=0&province=浙江省&from=2020&to=2022', CHARTS);
    expect(p.chart).toBe('outcomes');
    expect(p.theme).toBe('dark');
    expect(p.title).toBe(false);
    expect(p.state.lang).toBe('en');
    expect(p.state.filters).toMatchObject({ province: '浙江省', from: 2020, to: 2022 });
    expect(p.warnings).toEqual([]);
  });
  it('defaults to light, zh, title on', () => {
    const p = parseEmbedParams('?chart=outcomes', CHARTS);
    expect([p.theme, p.state.lang, p.title]).toEqual(['light', 'zh', true]);
  });
  it('ignores unknown and malformed parameters with a warning each', () => {
    const p = parseEmbedParams('?chart=outcomes&theme=neon&title=yes&lang=fr&from=abc&foo=<b>x</b>', CHARTS);
    expect([p.chart, p.theme, p.title, p.state.lang, p.state.filters.from]).toEqual(['outcomes', 'light', true, 'zh', null]);
    expect(p.warnings).toHaveLength(5);
    expect(p.warnings.join('\n')).toMatch(/theme="neon"/);
    expect(p.warnings.join('\n')).toMatch(/foo=/);
  });
  it('reports a missing or unknown chart without throwing', () => {
    expect(parseEmbedParams('', CHARTS)).toMatchObject({ chart: null });
    const p = parseEmbedParams('?chart=<script>', CHARTS);
    expect(p.chart).toBeNull();
    expect(p.warnings[0]).toMatch(/chart/);
  });
});

describe('embed snippet', () => {
  it('points at /embed/ with the chart and the same filters', () => {
    expect(embedUrl('http://h', 'outcomes', '?view=applications&province=浙江省&from=2020'))
      .toBe('http://h/embed/?chart=outcomes&province=%E6%B5%99%E6%B1%9F%E7%9C%81&from=2020');
  });
  it('escapes the title and the URL and matches messages by source and origin', () => {
    const s = embedSnippet({ origin: 'http://h', chart: 'outcomes', search: '?a=1&b=2', title: '"><script>' });
    expect(s).toContain('src="http://h/embed/?chart=outcomes&amp;a=1&amp;b=2"');
    expect(s).not.toContain('"><script>');
    expect(s).toContain('contentWindow === e.source');
    expect(s).toContain('e.origin !== "http://h"');
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
  });
});
