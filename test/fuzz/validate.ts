/**
 * What every parser outcome must be, whatever the input: a well-formed record (all figures
 * of its template, numbers finite or null, counts whole and within 32 bits, checks C1–C4 equal to checkReport, year sane)
 * or a failure with a non-empty message. Returns the problems found (empty = valid).
 */
import { checkReport } from '../../src/report/checks.ts';
import { AGENCY_KINDS, type ParseOutcome } from '../../src/report/record.ts';
import { FIGURE_BY_KEY, figureKeysOf, TABLES, TEMPLATES, type TemplateKey } from '../../src/report/template.ts';
import { MAX_COUNT } from '../../src/report/parse.ts';

/** Years a record may carry (the templates start in 2019). */
export const SANE_YEARS = { min: 2019, max: 2100 } as const;

const RECORD_FIELDS = ['source', 'sha256', 'agency', 'agency_kind', 'province', 'city', 'district', 'region_code', 'year', 'template', 'figures', 'complete', 'checks', 'warnings'];

const strOrNull = (v: unknown) => v === null || typeof v === 'string';

/** Problems with one outcome of `parseReport({ source, … })`. */
export function outcomeProblems(outcome: ParseOutcome, source: string): string[] {
  const p: string[] = [];
  if (outcome === null || typeof outcome !== 'object') return [`outcome is ${String(outcome)}`];
  if (outcome.source !== source) p.push(`source ${JSON.stringify(outcome.source)} is not ${JSON.stringify(source)}`);
  if ('error' in outcome) {
    if (Object.keys(outcome).sort().join() !== 'error,source') p.push(`failure has keys ${Object.keys(outcome).join()}`);
    if (typeof outcome.error !== 'string' || outcome.error.trim() === '') p.push('failure without a message');
    return p;
  }
  const r = outcome;
  if (Object.keys(r).join() !== RECORD_FIELDS.join()) p.push(`record keys ${Object.keys(r).join()}`);
  if (!TEMPLATES.includes(r.template as TemplateKey)) return [...p, `template ${String(r.template)}`];
  const template = r.template as TemplateKey;
  const keys = figureKeysOf(template);
  const have = Object.keys(r.figures);
  if (have.length !== keys.length || keys.some((k) => !(k in r.figures))) p.push(`figure keys differ from template ${template}: ${have.length} vs ${keys.length}`);
  for (const [k, v] of Object.entries(r.figures)) {
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) p.push(`figure ${k} = ${String(v)}`);
    const unit = FIGURE_BY_KEY.get(k)?.unit;
    // Counts go into 32-bit integer columns: a fraction or a larger number cannot be stored.
    if (typeof v === 'number' && unit !== 'yuan' && unit !== '10k_yuan' && !(Number.isInteger(v) && Math.abs(v) <= MAX_COUNT)) p.push(`count ${k} = ${v}`);
  }
  const checks = checkReport(r.figures, template);
  if (JSON.stringify(checks) !== JSON.stringify(r.checks)) p.push(`checks ${JSON.stringify(r.checks).slice(0, 200)} ≠ checkReport ${JSON.stringify(checks).slice(0, 200)}`);
  for (const c of r.checks) if (!Number.isFinite(c.expected) || !Number.isFinite(c.actual)) p.push(`check ${c.check} ${c.column} not finite`);
  if (r.year !== null && !(Number.isInteger(r.year) && r.year >= SANE_YEARS.min && r.year <= SANE_YEARS.max)) p.push(`year ${r.year}`);
  if (!AGENCY_KINDS.includes(r.agency_kind)) p.push(`agency_kind ${String(r.agency_kind)}`);
  for (const f of ['agency', 'province', 'city', 'district', 'region_code'] as const) if (!strOrNull(r[f])) p.push(`${f} not a string or null`);
  if (typeof r.sha256 !== 'string') p.push('sha256 not a string');
  if (!TABLES.every((t) => typeof r.complete?.[t] === 'boolean')) p.push(`complete ${JSON.stringify(r.complete)}`);
  if (!Array.isArray(r.warnings) || r.warnings.some((w) => typeof w !== 'string' || w === '')) p.push('warnings not non-empty strings');
  return p;
}
