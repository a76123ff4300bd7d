/** A thin ECharts host: creates the instance once per language, sets options, resizes with its box. */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';
import type { EChartsOption, ECharts } from 'echarts';
import type { Lang } from '../data/state.ts';

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
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { locale: lang === 'zh' ? 'ZH' : 'EN', renderer: 'canvas' });
    chart.current = c;
    onInstance?.(c);
    const ro = new ResizeObserver(() => { if (!c.isDisposed()) c.resize(); });
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      chart.current = null;
      onInstance?.(null);
      if (!c.isDisposed()) c.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang]);
  useEffect(() => {
    const c = chart.current;
    if (!c || c.isDisposed()) return;
    c.setOption(option, { notMerge: true });
    onRendered?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [option, lang]);
  useEffect(() => { if (chart.current && !chart.current.isDisposed()) chart.current.resize(); }, [height]);
  return <div ref={el} className="echart" style={{ height }} />;
}
