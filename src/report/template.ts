/**
 * The national report template: the single source of truth for every figure.
 *
 * Every canonical key of `report-template.md` is declared here once, with its labels,
 * its table, row and column, and the templates that print it. The parser's row
 * matching, the Parquet columns, the SQL column lists, CSV headers and UI labels are
 * all derived from these declarations.
 */

export const TEMPLATES = ['2019', '2021'] as const;
export type TemplateKey = (typeof TEMPLATES)[number];

export const TABLES = ['table2', 'table3', 'table4'] as const;
export type TableId = (typeof TABLES)[number];

export const TABLE_LABELS: Record<TableId, { zh: string; en: string; short: { zh: string; en: string } }> = {
  table2: { zh: '主动公开政府信息情况', en: 'Proactive disclosure', short: { zh: '表二', en: 'Table 2' } },
  table3: { zh: '收到和处理政府信息公开申请情况', en: 'Disclosure applications', short: { zh: '表三', en: 'Table 3' } },
  table4: { zh: '政府信息公开行政复议、行政诉讼情况', en: 'Administrative review and litigation', short: { zh: '表四', en: 'Table 4' } },
};

/** What a figure counts: plain counts, money, or a signed change. */
export type FigureUnit = 'count' | 'items' | 'delta' | 'yuan' | '10k_yuan';

/** True for the units of money figures (amounts may hold fen; counts are whole numbers). */
export function isMoneyUnit(unit: FigureUnit): unit is 'yuan' | '10k_yuan' {
  return unit === 'yuan' || unit === '10k_yuan';
}

export const UNIT_LABELS: Record<FigureUnit, { zh: string; en: string }> = {
  count: { zh: '件', en: 'cases' },
  items: { zh: '项', en: 'items' },
  delta: { zh: '项', en: 'items' },
  yuan: { zh: '元', en: 'yuan' },
  '10k_yuan': { zh: '万元', en: '10k yuan' },
};

export interface Label {
  zh: string;
  en: string;
}

/** One figure of the template: a cell addressed by its canonical key. */
export interface FigureDef {
  /** Canonical key, e.g. `licensing` or `granted.natural_person`. */
  key: string;
  table: TableId;
  /** Row key (table 3: the row part of the key; tables 2 and 4: the printed row). */
  row: string;
  /** Column key (table 3: applicant type; tables 2 and 4: the printed column). */
  column: string;
  label: Label;
  unit: FigureUnit;
  templates: readonly TemplateKey[];
  /** Item of article 20 (第二十条第（N）项) the row is printed under; table 2 only. */
  article20Item?: number;
}

const BOTH: readonly TemplateKey[] = ['2019', '2021'];
const T2019: readonly TemplateKey[] = ['2019'];
const T2021: readonly TemplateKey[] = ['2021'];

// ---------------------------------------------------------------- table 2

/** A printed row of table 2, with the label variants used to find it. */
export interface Table2RowDef {
  row: string;
  template: TemplateKey;
  article20Item: number;
  label: Label;
  /** Simplified-Chinese label variants, most specific first. */
  match: readonly string[];
  /** Columns in printed order: [column key, figure key, column label, unit]. */
  columns: readonly (readonly [string, string, Label, FigureUnit])[];
}

const ISSUED: Label = { zh: '本年制发件数', en: 'issued this year' };
const REPEALED: Label = { zh: '本年废止件数', en: 'repealed this year' };
const IN_FORCE: Label = { zh: '现行有效件数', en: 'in force' };
const MADE: Label = { zh: '本年新制作数量', en: 'made this year' };
const PUBLISHED: Label = { zh: '本年新公开数量', en: 'published this year' };
const TOTAL_PUBLIC: Label = { zh: '对外公开总数量', en: 'total public' };
const DECISIONS: Label = { zh: '本年处理决定数量', en: 'decisions this year' };
const ITEMS_PREV: Label = { zh: '上一年项目数量', en: 'items last year' };
const ITEMS_DELTA: Label = { zh: '本年增/减', en: 'change in items' };

export const TABLE2_ROWS: readonly Table2RowDef[] = [
  {
    row: 'regs', template: '2021', article20Item: 1, label: { zh: '规章', en: 'Regulations' }, match: ['规章'],
    columns: [['issued', 'regs_issued', ISSUED, 'count'], ['repealed', 'regs_repealed', REPEALED, 'count'], ['in_force', 'regs_in_force', IN_FORCE, 'count']],
  },
  {
    row: 'normdocs', template: '2021', article20Item: 1, label: { zh: '行政规范性文件', en: 'Normative documents' }, match: ['行政规范性文件', '规范性文件'],
    columns: [['issued', 'normdocs_issued', ISSUED, 'count'], ['repealed', 'normdocs_repealed', REPEALED, 'count'], ['in_force', 'normdocs_in_force', IN_FORCE, 'count']],
  },
  {
    row: 'licensing', template: '2021', article20Item: 5, label: { zh: '行政许可', en: 'Licensing' }, match: ['行政许可'],
    columns: [['decisions', 'licensing', DECISIONS, 'count']],
  },
  {
    row: 'penalty', template: '2021', article20Item: 6, label: { zh: '行政处罚', en: 'Penalties' }, match: ['行政处罚'],
    columns: [['decisions', 'penalty', DECISIONS, 'count']],
  },
  {
    row: 'coercion', template: '2021', article20Item: 6, label: { zh: '行政强制', en: 'Coercive measures' }, match: ['行政强制'],
    columns: [['decisions', 'coercion', DECISIONS, 'count']],
  },
  {
    row: 'fees', template: '2021', article20Item: 8, label: { zh: '行政事业性收费', en: 'Administrative fees' }, match: ['行政事业性收费'],
    columns: [['amount', 'fees_10k_yuan', { zh: '本年收费金额（单位：万元）', en: 'fees charged (10k yuan)' }, '10k_yuan']],
  },
  {
    row: 'regs', template: '2019', article20Item: 1, label: { zh: '规章', en: 'Regulations' }, match: ['规章'],
    columns: [['made', 'regs_made', MADE, 'count'], ['published', 'regs_published', PUBLISHED, 'count'], ['total_public', 'regs_total_public', TOTAL_PUBLIC, 'count']],
  },
  {
    row: 'normdocs', template: '2019', article20Item: 1, label: { zh: '规范性文件', en: 'Normative documents' }, match: ['行政规范性文件', '规范性文件'],
    columns: [['made', 'normdocs_made', MADE, 'count'], ['published', 'normdocs_published', PUBLISHED, 'count'], ['total_public', 'normdocs_total_public', TOTAL_PUBLIC, 'count']],
  },
  {
    row: 'licensing', template: '2019', article20Item: 5, label: { zh: '行政许可', en: 'Licensing' }, match: ['行政许可'],
    columns: [['items_prev', 'licensing_items_prev', ITEMS_PREV, 'items'], ['items_delta', 'licensing_items_delta', ITEMS_DELTA, 'delta'], ['decisions', 'licensing', { zh: '处理决定数量', en: 'decisions' }, 'count']],
  },
  {
    row: 'other_services', template: '2019', article20Item: 5, label: { zh: '其他对外管理服务事项', en: 'Other public services' }, match: ['其他对外管理服务事项'],
    columns: [['items_prev', 'other_services_items_prev', ITEMS_PREV, 'items'], ['items_delta', 'other_services_items_delta', ITEMS_DELTA, 'delta'], ['decisions', 'other_services', { zh: '处理决定数量', en: 'decisions' }, 'count']],
  },
  {
    row: 'penalty', template: '2019', article20Item: 6, label: { zh: '行政处罚', en: 'Penalties' }, match: ['行政处罚'],
    columns: [['items_prev', 'penalty_items_prev', ITEMS_PREV, 'items'], ['items_delta', 'penalty_items_delta', ITEMS_DELTA, 'delta'], ['decisions', 'penalty', { zh: '处理决定数量', en: 'decisions' }, 'count']],
  },
  {
    row: 'coercion', template: '2019', article20Item: 6, label: { zh: '行政强制', en: 'Coercive measures' }, match: ['行政强制'],
    columns: [['items_prev', 'coercion_items_prev', ITEMS_PREV, 'items'], ['items_delta', 'coercion_items_delta', ITEMS_DELTA, 'delta'], ['decisions', 'coercion', { zh: '处理决定数量', en: 'decisions' }, 'count']],
  },
  {
    row: 'fees', template: '2019', article20Item: 8, label: { zh: '行政事业性收费', en: 'Administrative fees' }, match: ['行政事业性收费'],
    columns: [['items_prev', 'fees_items_prev', ITEMS_PREV, 'items'], ['items_delta', 'fees_items_delta', ITEMS_DELTA, 'delta']],
  },
  {
    row: 'procurement', template: '2019', article20Item: 9, label: { zh: '政府集中采购', en: 'Central government procurement' }, match: ['政府集中采购'],
    columns: [['items', 'procurement_items', { zh: '采购项目数量', en: 'procurement items' }, 'items'], ['amount', 'procurement_amount', { zh: '采购总金额（元）', en: 'procurement amount (yuan)' }, 'yuan']],
  },
];

// ---------------------------------------------------------------- table 3

/** Applicant columns of table 3, left to right. */
export const APPLICANT_COLUMNS = [
  { key: 'natural_person', label: { zh: '自然人', en: 'Natural persons' }, match: ['自然人'] },
  { key: 'commercial', label: { zh: '商业企业', en: 'Commercial enterprises' }, match: ['商业企业'] },
  { key: 'research', label: { zh: '科研机构', en: 'Research institutions' }, match: ['科研机构'] },
  { key: 'social_org', label: { zh: '社会公益组织', en: 'Public-interest organisations' }, match: ['社会公益组织'] },
  { key: 'legal_service', label: { zh: '法律服务机构', en: 'Legal service providers' }, match: ['法律服务机构'] },
  { key: 'other_org', label: { zh: '其他', en: 'Other organisations' }, match: ['其他'] },
  { key: 'total', label: { zh: '总计', en: 'Total' }, match: ['总计'] },
] as const;
export type ApplicantColumn = (typeof APPLICANT_COLUMNS)[number]['key'];
export const APPLICANT_COLUMN_KEYS: readonly ApplicantColumn[] = APPLICANT_COLUMNS.map((c) => c.key);
/** The six applicant columns whose sum is `total` (check C3). */
export const APPLICANT_PARTS: readonly ApplicantColumn[] = APPLICANT_COLUMN_KEYS.filter((c) => c !== 'total');

/** Outcome groups of table 3 (一 … 四, and the (一)…(七) results). */
export type OutcomeGroup = 'intake' | 'granted' | 'partial' | 'denied' | 'unable' | 'rejected' | 'other' | 'processed_total' | 'carried_forward';

export const OUTCOME_GROUP_LABELS: Record<OutcomeGroup, Label> = {
  intake: { zh: '收到申请', en: 'Applications' },
  granted: { zh: '予以公开', en: 'Granted' },
  partial: { zh: '部分公开', en: 'Partly granted' },
  denied: { zh: '不予公开', en: 'Refused' },
  unable: { zh: '无法提供', en: 'Unable to provide' },
  rejected: { zh: '不予处理', en: 'Not processed' },
  other: { zh: '其他处理', en: 'Other handling' },
  processed_total: { zh: '总计', en: 'Total processed' },
  carried_forward: { zh: '结转下年度继续办理', en: 'Carried forward' },
};

/** A row of table 3. */
export interface Table3RowDef {
  row: string;
  group: OutcomeGroup;
  label: Label;
  /** Simplified-Chinese label variants (without the numbering), most specific first. */
  match: readonly string[];
  templates: readonly TemplateKey[];
}

export const TABLE3_ROWS: readonly Table3RowDef[] = [
  { row: 'new', group: 'intake', templates: BOTH, label: { zh: '本年新收政府信息公开申请数量', en: 'New applications this year' }, match: ['本年新收'] },
  { row: 'carried_over', group: 'intake', templates: BOTH, label: { zh: '上年结转政府信息公开申请数量', en: 'Carried over from last year' }, match: ['上年结转'] },
  { row: 'granted', group: 'granted', templates: BOTH, label: { zh: '予以公开', en: 'Granted' }, match: ['予以公开'] },
  { row: 'partial', group: 'partial', templates: BOTH, label: { zh: '部分公开', en: 'Partly granted' }, match: ['部分公开'] },
  { row: 'denied_state_secret', group: 'denied', templates: BOTH, label: { zh: '属于国家秘密', en: 'State secret' }, match: ['国家秘密'] },
  { row: 'denied_law_forbidden', group: 'denied', templates: BOTH, label: { zh: '其他法律行政法规禁止公开', en: 'Forbidden by other laws' }, match: ['禁止公开', '其他法律'] },
  { row: 'denied_three_safety', group: 'denied', templates: BOTH, label: { zh: '危及“三安全一稳定”', en: 'Endangers the “three securities and one stability”' }, match: ['三安全一稳定', '危及'] },
  { row: 'denied_third_party', group: 'denied', templates: BOTH, label: { zh: '保护第三方合法权益', en: 'Third-party rights' }, match: ['第三方'] },
  { row: 'denied_internal', group: 'denied', templates: BOTH, label: { zh: '属于三类内部事务信息', en: 'Internal affairs' }, match: ['内部事务'] },
  { row: 'denied_process', group: 'denied', templates: BOTH, label: { zh: '属于四类过程性信息', en: 'Process information' }, match: ['过程性'] },
  { row: 'denied_enforcement_file', group: 'denied', templates: BOTH, label: { zh: '属于行政执法案卷', en: 'Enforcement files' }, match: ['执法案卷'] },
  { row: 'denied_admin_query', group: 'denied', templates: BOTH, label: { zh: '属于行政查询事项', en: 'Administrative query matters' }, match: ['行政查询'] },
  { row: 'unable_no_info', group: 'unable', templates: BOTH, label: { zh: '本机关不掌握相关政府信息', en: 'Information not held' }, match: ['不掌握'] },
  { row: 'unable_need_creation', group: 'unable', templates: BOTH, label: { zh: '没有现成信息需要另行制作', en: 'Would need to be created' }, match: ['另行制作', '没有现成'] },
  { row: 'unable_unclear', group: 'unable', templates: BOTH, label: { zh: '补正后申请内容仍不明确', en: 'Still unclear after correction' }, match: ['仍不明确', '补正后'] },
  { row: 'rejected_complaint', group: 'rejected', templates: BOTH, label: { zh: '信访举报投诉类申请', en: 'Petitions and complaints' }, match: ['信访', '举报投诉'] },
  { row: 'rejected_repeat', group: 'rejected', templates: BOTH, label: { zh: '重复申请', en: 'Repeat applications' }, match: ['重复申请'] },
  { row: 'rejected_publication', group: 'rejected', templates: BOTH, label: { zh: '要求提供公开出版物', en: 'Published materials requested' }, match: ['出版物'] },
  { row: 'rejected_excessive', group: 'rejected', templates: BOTH, label: { zh: '无正当理由大量反复申请', en: 'Excessive repeated applications' }, match: ['大量反复'] },
  { row: 'rejected_confirm', group: 'rejected', templates: BOTH, label: { zh: '要求行政机关确认或重新出具已获取信息', en: 'Confirmation or reissue requested' }, match: ['确认或重新出具', '重新出具'] },
  { row: 'other_no_correction', group: 'other', templates: T2021, label: { zh: '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', en: 'No correction by the applicant' }, match: ['逾期不补正', '不补正'] },
  { row: 'other_no_fee', group: 'other', templates: T2021, label: { zh: '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', en: 'Fee not paid by the applicant' }, match: ['缴纳费用', '收费通知'] },
  { row: 'other_misc', group: 'other', templates: T2021, label: { zh: '其他', en: 'Other' }, match: [] },
  { row: 'other_total', group: 'other', templates: BOTH, label: { zh: '其他处理', en: 'Other handling' }, match: ['其他处理'] },
  { row: 'processed_total', group: 'processed_total', templates: BOTH, label: { zh: '总计', en: 'Total processed' }, match: ['总计'] },
  { row: 'carried_forward', group: 'carried_forward', templates: BOTH, label: { zh: '结转下年度继续办理', en: 'Carried forward to next year' }, match: ['结转下年'] },
];

/** Rows whose sum is `processed_total` (check C2); `other_total` stands for the 其他处理 rows. */
export const OUTCOME_ROWS: readonly string[] = TABLE3_ROWS
  .filter((r) => ['granted', 'partial', 'denied', 'unable', 'rejected'].includes(r.group) || r.row === 'other_total')
  .map((r) => r.row);

/** The three 其他处理 rows of template 2021 whose sum is `other_total`. */
export const OTHER_PARTS: readonly string[] = ['other_no_correction', 'other_no_fee', 'other_misc'];

// ---------------------------------------------------------------- table 4

export const REVIEW_GROUPS = [
  { key: 'review', label: { zh: '行政复议', en: 'Administrative review' } },
  { key: 'suit_direct', label: { zh: '行政诉讼·未经复议直接起诉', en: 'Lawsuit without review' } },
  { key: 'suit_after_review', label: { zh: '行政诉讼·复议后起诉', en: 'Lawsuit after review' } },
] as const;
export type ReviewGroup = (typeof REVIEW_GROUPS)[number]['key'];

export const REVIEW_RESULTS = [
  { key: 'upheld', label: { zh: '结果维持', en: 'upheld' } },
  { key: 'corrected', label: { zh: '结果纠正', en: 'corrected' } },
  { key: 'other', label: { zh: '其他结果', en: 'other result' } },
  { key: 'pending', label: { zh: '尚未审结', en: 'pending' } },
  { key: 'total', label: { zh: '总计', en: 'total' } },
] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number]['key'];

// ---------------------------------------------------------------- the registry

function buildFigures(): FigureDef[] {
  const figures: FigureDef[] = [];
  const table2Seen = new Map<string, FigureDef>();
  for (const r of TABLE2_ROWS) {
    for (const [column, key, colLabel, unit] of r.columns) {
      const known = table2Seen.get(key);
      if (known) {
        (known.templates as TemplateKey[]).push(r.template);
        continue;
      }
      const def: FigureDef = {
        key, table: 'table2', row: r.row, column, unit, templates: [r.template], article20Item: r.article20Item,
        label: column === 'decisions' || column === 'amount' && r.columns.length === 1
          ? r.label
          : { zh: `${r.label.zh}·${colLabel.zh}`, en: `${r.label.en}: ${colLabel.en}` },
      };
      table2Seen.set(key, def);
      figures.push(def);
    }
  }
  for (const r of TABLE3_ROWS) {
    for (const c of APPLICANT_COLUMNS) {
      figures.push({
        key: `${r.row}.${c.key}`, table: 'table3', row: r.row, column: c.key, unit: 'count', templates: r.templates,
        label: { zh: `${r.label.zh}·${c.label.zh}`, en: `${r.label.en}: ${c.label.en}` },
      });
    }
  }
  for (const g of REVIEW_GROUPS) {
    for (const res of REVIEW_RESULTS) {
      figures.push({
        key: `${g.key}_${res.key}`, table: 'table4', row: g.key, column: res.key, unit: 'count', templates: BOTH,
        label: { zh: `${g.label.zh}·${res.label.zh}`, en: `${g.label.en}: ${res.label.en}` },
      });
    }
  }
  return figures;
}

/** Every figure of both templates, in printed order. */
export const FIGURES: readonly FigureDef[] = buildFigures();

/** Figure definitions by canonical key. */
export const FIGURE_BY_KEY: ReadonlyMap<string, FigureDef> = new Map(FIGURES.map((f) => [f.key, f]));

/** Position of each canonical key in `FIGURES`: the parser keeps figures in arrays by this slot. */
const FIGURE_SLOT: ReadonlyMap<string, number> = new Map(FIGURES.map((f, i) => [f.key, i]));

/** The `FIGURES` slot of a canonical key (throws on a key the registry lacks). */
export function figureSlot(key: string): number {
  const slot = FIGURE_SLOT.get(key);
  if (slot === undefined) throw new Error(`unknown figure key "${key}"`);
  return slot;
}

/** The canonical keys one template prints, in printed order (one list per template, built once). */
export function figureKeysOf(template: TemplateKey): readonly string[] {
  return TEMPLATE_FIGURE_KEYS[template];
}
const TEMPLATE_FIGURE_KEYS: Record<TemplateKey, readonly string[]> = {
  '2019': Object.freeze(FIGURES.filter((f) => f.templates.includes('2019')).map((f) => f.key)),
  '2021': Object.freeze(FIGURES.filter((f) => f.templates.includes('2021')).map((f) => f.key)),
};

/** The canonical keys of one table for a template. */
export function tableKeysOf(template: TemplateKey, table: TableId): string[] {
  return FIGURES.filter((f) => f.table === table && f.templates.includes(template)).map((f) => f.key);
}

/** The figures compared across templates and years (same meaning in both). */
export const HEADLINE_FIGURES = ['licensing', 'penalty', 'coercion'] as const;

/** Column name for a canonical key in Parquet and SQL (`granted.natural_person` → `granted__natural_person`). */
export function columnOf(key: string): string {
  return key.replace('.', '__');
}

/** Canonical key for a Parquet/SQL column name (inverse of `columnOf`). */
export function keyOfColumn(column: string): string {
  return column.replace('__', '.');
}
