/**
 * ECharts as the app uses it: the core with only the chart types, components and renderers
 * that the option builders (src/charts/options.ts) and the image export draw, instead of the
 * whole package (≈ 1.1 MB of script, most of it maps, graphs and 3-D-like series nobody
 * draws here). Import it lazily (`loadECharts`) so pages paint their HTML before it arrives.
 */
import * as echarts from 'echarts/core';
import { BarChart, BoxplotChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  AriaComponent, DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent,
  TransformComponent, VisualMapContinuousComponent,
} from 'echarts/components';
import { LabelLayout, LegacyGridContainLabel } from 'echarts/features';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart, BoxplotChart, HeatmapChart, LineChart,
  AriaComponent, DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent,
  TransformComponent, VisualMapContinuousComponent,
  // `grid.containLabel` (ECharts 6 keeps it behind this feature) and label overlap handling.
  LabelLayout, LegacyGridContainLabel,
  // Canvas on screen and for PNG export, SVG for SVG export.
  CanvasRenderer, SVGRenderer,
]);

export { echarts };
