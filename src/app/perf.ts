/** Start-up timings exposed to benches and tests as `window.__gongkaiTimings`. */
import { firstChartDrawn, timings } from '../data/engine.ts';

declare global {
  interface Window { __gongkaiTimings?: Record<string, number> }
}

window.__gongkaiTimings = timings;

/** Records when the first chart was drawn (once). */
export function markFirstChart(): void {
  if (timings.firstChart === undefined) timings.firstChart = Math.round(performance.now());
  firstChartDrawn();
}
