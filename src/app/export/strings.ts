/** UI strings of the export and embed features, in Chinese and English. */
import type { Lang } from '../../data/state.ts';

const STRINGS = {
  csv: { zh: 'CSV', en: 'CSV' },
  csvTitle: { zh: '下载本图数据（CSV）', en: 'Download this chart’s data (CSV)' },
  png: { zh: 'PNG', en: 'PNG' },
  pngTitle: { zh: '下载图片（PNG，2 倍分辨率）', en: 'Download image (PNG, 2× resolution)' },
  svg: { zh: 'SVG', en: 'SVG' },
  svgTitle: { zh: '下载矢量图（SVG）', en: 'Download vector image (SVG)' },
  embed: { zh: '嵌入', en: 'Embed' },
  embedTitle: { zh: '嵌入本图到其他网页', en: 'Embed this chart in another page' },
  embedHelp: {
    zh: '把下面的代码粘贴到网页中。iframe 显示本图（带当前筛选条件），脚本会根据图表高度自动调整 iframe 高度。',
    en: 'Paste this code into a page. The iframe shows this chart with the current filters; the script sizes the frame to the chart.',
  },
  copy: { zh: '复制代码', en: 'Copy code' },
  copied: { zh: '已复制', en: 'Copied' },
  close: { zh: '关闭', en: 'Close' },
  viewExport: { zh: '导出本页数据', en: 'Export this view' },
  viewExportZip: { zh: 'CSV + 口径说明（zip）', en: 'CSV + notes (zip)' },
  viewExportCsv: { zh: '仅 CSV', en: 'CSV only' },
  datasetExport: { zh: '导出全部数据（CSV）', en: 'Export whole dataset (CSV)' },
  exporting: { zh: '正在导出…', en: 'Exporting…' },
  exportDone: { zh: '已导出', en: 'Exported' },
  exportFailed: { zh: '导出失败', en: 'Export failed' },
  rows: { zh: '行', en: 'rows' },
  source: { zh: '数据来源：政府信息公开工作年度报告', en: 'Source: government information-disclosure annual reports' },
  atlas: { zh: '政务公开年报图谱', en: 'Gongkai Atlas' },
  fullView: { zh: '查看完整页面', en: 'Open the full view' },
  noChart: { zh: '未找到要嵌入的图表。', en: 'No chart to embed was found.' },
  filterYears: { zh: '年度', en: 'Years' },
  filterRegion: { zh: '地区', en: 'Region' },
  filterKind: { zh: '机关类型', en: 'Agency kind' },
  filterQ: { zh: '机关名称包含', en: 'Agency name contains' },
  filterTemplate: { zh: '模板', en: 'Template' },
  filterFigure: { zh: '指标', en: 'Figure' },
  filterReport: { zh: '年报', en: 'Report' },
  wholeDataset: { zh: '全部数据', en: 'Whole dataset' },
} as const;

export type ExportStringKey = keyof typeof STRINGS;

/** One export/embed UI string in a language. */
export function tx(lang: Lang, key: ExportStringKey): string {
  return STRINGS[key][lang];
}
