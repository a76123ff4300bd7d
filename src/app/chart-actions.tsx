/**
 * Extension point for chart card actions (CSV, PNG/SVG, embed …): a provider near the
 * app root supplies a function that returns the actions for one chart.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { ECharts } from 'echarts';
import type { ChartDef, DataColumn, Row } from '../charts/registry.ts';
import type { Lang, UrlState } from '../data/state.ts';

/** Everything an action needs about one rendered chart. */
export interface ChartActionInfo {
  def: ChartDef;
  title: string;
  /** Exactly the rows drawn (and shown in the data table). */
  rows: Row[];
  columns: DataColumn[];
  state: UrlState;
  lang: Lang;
  /** The SQL that produced the rows. */
  sql: string;
  /** The ECharts instance, when the chart is an ECharts chart and is mounted. */
  getInstance: () => ECharts | null;
}

export type ChartActionsProvider = (info: ChartActionInfo) => ReactNode;

/** Provide with `<ChartActionsContext.Provider value={(info) => <…/>}>`; default: no actions. */
export const ChartActionsContext = createContext<ChartActionsProvider | null>(null);

/** The actions for one chart from the nearest provider, or null. */
export function useChartActions(info: ChartActionInfo | null): ReactNode {
  const provider = useContext(ChartActionsContext);
  return provider && info ? provider(info) : null;
}
