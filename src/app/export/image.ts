/**
 * PNG and SVG images of a chart with its title above and its source line below.
 * The chart is drawn again from its option at the on-screen size: PNG through the
 * canvas renderer at pixel ratio 2, SVG through ECharts' SVG renderer (server-side
 * mode, no DOM) — then framed with the title and source text.
 */
import { echarts } from '../echarts.ts';
import type { EChartsOption } from 'echarts';
import { escapeHtml } from '../embed/snippet.ts';

/** Height in CSS px of the title band above the chart and the source band below it. */
export const TITLE_BAND = 36;
export const SOURCE_BAND = 26;
/** PNG pixels per CSS px. */
export const PNG_PIXEL_RATIO = 2;

const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

/** What an image shows: the chart's option and size, and the text around it. */
export interface ChartImage {
  option: EChartsOption;
  /** Chart area in CSS px (the card's chart element). */
  width: number;
  height: number;
  title: string;
  source: string;
  theme?: 'light' | 'dark';
}

function colours(theme: ChartImage['theme']) {
  return theme === 'dark'
    ? { background: '#100c2a', title: '#eef1f4', source: '#a7b0ba' }
    : { background: '#ffffff', title: '#1d2a36', source: '#5b6670' };
}

/** The full image size in CSS px: chart plus title and source bands. */
export function imageSize(width: number, height: number): { width: number; height: number } {
  return { width: Math.round(width), height: Math.round(height) + TITLE_BAND + SOURCE_BAND };
}

/** Draws the option on a detached canvas-renderer instance and returns its PNG data URL. */
function chartPngUrl(img: ChartImage): string {
  const el = document.createElement('div');
  el.style.cssText = `position:fixed;left:-10000px;top:0;width:${img.width}px;height:${img.height}px`;
  document.body.appendChild(el);
  const chart = echarts.init(el, img.theme === 'dark' ? 'dark' : undefined, { renderer: 'canvas', width: img.width, height: img.height });
  try {
    chart.setOption({ ...img.option, animation: false });
    return chart.getDataURL({ type: 'png', pixelRatio: PNG_PIXEL_RATIO, backgroundColor: colours(img.theme).background });
  } finally {
    chart.dispose();
    el.remove();
  }
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((ok, fail) => {
    const i = new Image();
    i.onload = () => ok(i);
    i.onerror = () => fail(new Error('chart image could not be decoded'));
    i.src = url;
  });
}

/** A PNG of the chart at 2× pixel ratio, title above and source below. */
export async function chartPng(img: ChartImage): Promise<Blob> {
  const size = imageSize(img.width, img.height);
  const c = colours(img.theme);
  const canvas = document.createElement('canvas');
  canvas.width = size.width * PNG_PIXEL_RATIO;
  canvas.height = size.height * PNG_PIXEL_RATIO;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2D canvas context');
  g.scale(PNG_PIXEL_RATIO, PNG_PIXEL_RATIO);
  g.fillStyle = c.background;
  g.fillRect(0, 0, size.width, size.height);
  g.textBaseline = 'middle';
  g.fillStyle = c.title;
  g.font = `600 16px ${FONT}`;
  g.fillText(img.title, 12, TITLE_BAND / 2, size.width - 24);
  g.drawImage(await loadImage(chartPngUrl(img)), 0, TITLE_BAND, img.width, img.height);
  g.fillStyle = c.source;
  g.font = `12px ${FONT}`;
  g.fillText(img.source, 12, TITLE_BAND + img.height + SOURCE_BAND / 2, size.width - 24);
  return new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('PNG encoding failed'))), 'image/png'));
}

/**
 * The option with double quotes in font families turned into single quotes: ECharts' SVG
 * renderer writes the family into a double-quoted `style` attribute without escaping it,
 * which makes the SVG ill-formed XML.
 */
export function svgSafeFonts<T>(value: T): T {
  if (Array.isArray(value)) return value.map(svgSafeFonts) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === 'fontFamily' && typeof v === 'string' ? v.replaceAll('"', "'") : svgSafeFonts(v);
  }
  return out as T;
}

/** An SVG document of the chart (ECharts SVG renderer), title above and source below. */
export function chartSvg(img: ChartImage): string {
  const chart = echarts.init(null, img.theme === 'dark' ? 'dark' : undefined, { renderer: 'svg', ssr: true, width: img.width, height: img.height });
  let inner: string;
  try {
    chart.setOption({ ...svgSafeFonts(img.option), animation: false });
    inner = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const size = imageSize(img.width, img.height);
  const c = colours(img.theme);
  // Nest the chart's own <svg> at the title band's offset.
  const nested = inner.replace(/^<svg\b/, `<svg x="0" y="${TITLE_BAND}"`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}">`,
    `<rect width="100%" height="100%" fill="${c.background}"/>`,
    `<text x="12" y="${TITLE_BAND / 2}" dominant-baseline="middle" font-family='${FONT}' font-size="16" font-weight="600" fill="${c.title}">${escapeHtml(img.title)}</text>`,
    nested,
    `<text x="12" y="${TITLE_BAND + img.height + SOURCE_BAND / 2}" dominant-baseline="middle" font-family='${FONT}' font-size="12" fill="${c.source}">${escapeHtml(img.source)}</text>`,
    '</svg>',
  ].join('\n');
}
