/**
 * A thin ECharts host: creates the instance once per language, sets options, resizes with its box.
 * ECharts itself is loaded lazily (`loadECharts`), so HTML around the chart paints first; the
 * card holds its `data-state` at `loading` until the chart has been drawn.
 */
import { useContext, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EChartsOption, ECharts } from 'echarts';
import type { Lang } from '../data/state.ts';
import { CardDrawContext } from './ChartCard.tsx';

/** The app's ECharts namespace (src/app/echarts.ts). */
export type EChartsLib = typeof import('./echarts.ts')['echarts'];

let lib: EChartsLib | null = null;
let loading: Promise<EChartsLib> | null = null;

/** Loads (once) the app's ECharts build; call early to fetch it while other work goes on. */
export function loadECharts(): Promise<EChartsLib> {
  loading ??= import('./echarts.ts').then((m) => (lib = m.echarts));
  return loading;
}

/** ECharts once loaded (null until then); starts loading it. */
function useECharts(): EChartsLib | null {
  const [loaded, setLoaded] = useState(lib);
  useEffect(() => {
    if (loaded) return;
    let live = true;
    loadECharts().then((m) => { if (live) setLoaded(() => m); }, () => undefined);
    return () => { live = false; };
  }, [loaded]);
  return loaded;
}

interface Props {
  option: EChartsOption;
  lang: Lang;
  height: number;
  /** Receives the instance (or null on unmount), e.g. for image export. */
  onInstance?: (chart: ECharts | null) => void;
  onRendered?: () => void;
}

/** Renders one ECharts option into a div of the given height. */
export function EChart({ option, lang, height, onInstance, onRendered }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const echarts = useECharts();
  const holdCard = useContext(CardDrawContext);
  // Not drawn yet: the card is not ready (set before the first paint, released once drawn).
  const [drawn, setDrawn] = useState(false);
  useLayoutEffect(() => {
    if (drawn || !holdCard) return;
    holdCard(true);
    return () => holdCard(false);
  }, [drawn, holdCard]);
  useEffect(() => {
    if (!echarts || !el.current) return;
    const c = echarts.init(el.current, undefined, { locale: lang === 'zh' ? 'ZH' : 'EN', renderer: 'canvas' });
    chart.current = c;
    onInstance?.(c);
    // Redraw only when the box really changed size (the observer also fires once at the start).
    const ro = new ResizeObserver(() => { if (!c.isDisposed() && el.current && boxChanged(el.current, c)) c.resize(); });
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      chart.current = null;
      onInstance?.(null);
      if (!c.isDisposed()) c.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [echarts, lang]);
  useEffect(() => {
    const c = chart.current;
    if (!c || c.isDisposed()) return;
    c.setOption(option, { notMerge: true });
    setDrawn(true);
    onRendered?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [echarts, option, lang]);
  useEffect(() => {
    const c = chart.current;
    if (c && !c.isDisposed() && el.current && boxChanged(el.current, c)) c.resize();
  }, [height]);
  return <div ref={el} className="echart" style={{ height }} />;
}

/** True when the host box differs from the size ECharts last drew at. */
function boxChanged(box: HTMLElement, c: ECharts): boolean {
  return box.clientWidth !== c.getWidth() || box.clientHeight !== c.getHeight();
}
