/**
 * The typed record of one report (one agency, one year), as the parser produces it and
 * the dataset stores it.
 */
import type { TableId, TemplateKey } from './template.ts';

export const AGENCY_KINDS = ['government', 'department', 'street-town', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_LABELS: Record<AgencyKind, { zh: string; en: string }> = {
  government: { zh: '政府', en: 'Government' },
  department: { zh: '部门', en: 'Department' },
  'street-town': { zh: '街道/乡镇', en: 'Street office / town' },
  other: { zh: '其他', en: 'Other' },
};

export const CHECK_IDS = ['C1', 'C2', 'C3', 'C4', 'C5'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** One failed consistency check: which check, on which column/row, and the numbers. */
export interface CheckResult {
  check: CheckId;
  /** Applicant column (C1, C2, C5), table-3 row (C3) or table-4 group (C4). */
  column: string;
  expected: number;
  actual: number;
}

/** Figures by canonical key: a number, or null where the report does not state one. */
export type Figures = Record<string, number | null>;

export interface ReportRecord {
  source: string;
  sha256: string;
  agency: string | null;
  agency_kind: AgencyKind;
  province: string | null;
  city: string | null;
  district: string | null;
  region_code: string | null;
  year: number | null;
  template: TemplateKey | null;
  figures: Figures;
  complete: Record<TableId, boolean>;
  checks: CheckResult[];
  warnings: string[];
}

/** What `parse` says of a file it could not read as a report. */
export interface ParseFailure {
  source: string;
  error: string;
}

export type ParseOutcome = ReportRecord | ParseFailure;

/** True when a parse outcome is a failure rather than a record. */
export function isFailure(outcome: ParseOutcome): outcome is ParseFailure {
  return 'error' in outcome;
}
