/**
 * Posts the embed page's height to its parent on load and on every resize, so a host
 * page can size the iframe without scroll bars (see the snippet's host script).
 */
import type { ResizeMessage } from './snippet.ts';

/** The page's content height in CSS px (body box; the embed page has no body margin). */
export function contentHeight(): number {
  return Math.ceil(document.body.getBoundingClientRect().height);
}

/** Starts posting `gongkai:resize` messages for a chart; returns a function that stops it. */
export function postHeightToParent(chart: string): () => void {
  if (window.parent === window) return () => undefined;
  let last = -1;
  const post = () => {
    const height = contentHeight();
    if (height === last) return;
    last = height;
    const message: ResizeMessage = { type: 'gongkai:resize', chart, height };
    window.parent.postMessage(message, '*');
  };
  const ro = new ResizeObserver(post);
  ro.observe(document.body);
  window.addEventListener('load', post);
  post();
  return () => { ro.disconnect(); window.removeEventListener('load', post); };
}
