/**
 * The copyable embed snippet: an `<iframe>` for `/embed/?chart=…&<filters>` and the few
 * lines of host-page script that size it from the page's `gongkai:resize` messages.
 */

/** The message the embed page posts to its parent on load and on every resize. */
export interface ResizeMessage {
  type: 'gongkai:resize';
  chart: string;
  height: number;
}

/** The embed page path; `/embed/` is a directory index, so plain static hosts serve it too. */
export const EMBED_PATH = '/embed/';

/** Escapes text for an HTML attribute value or text node. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The embed page URL for a chart with the full view's query string (`?a=1&b=2` or empty). */
export function embedUrl(origin: string, chart: string, search: string): string {
  const q = new URLSearchParams(search);
  q.delete('chart');
  q.delete('view');
  const rest = q.toString();
  return `${origin}${EMBED_PATH}?chart=${encodeURIComponent(chart)}${rest ? `&${rest}` : ''}`;
}

/** The host-page script: sets each embed frame's height from the messages its own window posts. */
export function hostScript(origin: string): string {
  return [
    '<script>',
    '(function () {',
    '  if (window.__gongkaiEmbed) return;',
    '  window.__gongkaiEmbed = true;',
    "  window.addEventListener('message', function (e) {",
    '    var d = e.data;',
    `    if (e.origin !== ${JSON.stringify(origin)} || !d || d.type !== 'gongkai:resize' || typeof d.height !== 'number') return;`,
    "    var frames = document.querySelectorAll('iframe[data-gongkai-chart]');",
    '    for (var i = 0; i < frames.length; i++) {',
    "      if (frames[i].contentWindow === e.source) frames[i].style.height = Math.ceil(d.height) + 'px';",
    '    }',
    '  });',
    '})();',
    '</script>',
  ].join('\n');
}

/** The full snippet: iframe plus host script, ready to paste into an article. */
export function embedSnippet(opts: { origin: string; chart: string; search: string; title: string; height?: number }): string {
  const src = embedUrl(opts.origin, opts.chart, opts.search);
  const iframe =
    `<iframe src="${escapeHtml(src)}" title="${escapeHtml(opts.title)}" data-gongkai-chart="${escapeHtml(opts.chart)}" ` +
    `style="width:100%;height:${opts.height ?? 420}px;border:0" loading="lazy"></iframe>`;
  return `${iframe}\n${hostScript(opts.origin)}`;
}
