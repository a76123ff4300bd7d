/**
 * Layout of one report's three tables as the template prints them, and which cells a
 * failed check involves. Pure: derived from the template registry.
 */
import { APPLICANT_COLUMN_KEYS, APPLICANT_PARTS, OTHER_PARTS, OUTCOME_ROWS, REVIEW_GROUPS, REVIEW_RESULTS, TABLE2_ROWS, TABLE3_ROWS, type TemplateKey } from '../report/template.ts';

/** Figure keys of the cells a failed check involves (`column` as stored in checks). */
export function cellsOfCheck(check: string, column: string, template: TemplateKey | null): string[] {
  const cols = column === '' || column === '*' ? APPLICANT_COLUMN_KEYS : [column];
  switch (check) {
    case 'C1':
      return cols.flatMap((c) => ['new', 'carried_over', 'processed_total', 'carried_forward'].map((r) => `${r}.${c}`));
    case 'C2': {
      const rows = ['processed_total', ...OUTCOME_ROWS, ...(template === '2021' ? OTHER_PARTS : [])];
      return cols.flatMap((c) => rows.map((r) => `${r}.${c}`));
    }
    case 'C3':
      return APPLICANT_COLUMN_KEYS.map((c) => `${column}.${c}`);
    case 'C4':
      return REVIEW_RESULTS.map((r) => `${column}_${r.key}`);
    case 'C5':
      return cols.map((c) => `carried_over.${c}`);
    default:
      return [];
  }
}

/** Table 2 rows printed by a template: label and [figure key, column label] cells. */
export function table2Layout(template: TemplateKey) {
  return TABLE2_ROWS.filter((r) => r.template === template);
}

/** Table 3 rows printed by a template (2021: the three 其他处理 rows, not their sum). */
export function table3Layout(template: TemplateKey) {
  return TABLE3_ROWS.filter((r) => r.templates.includes(template) && !(template === '2021' && r.row === 'other_total'));
}

export const TABLE4_GROUPS = REVIEW_GROUPS;
export const TABLE4_RESULTS = REVIEW_RESULTS;
export { APPLICANT_PARTS };
