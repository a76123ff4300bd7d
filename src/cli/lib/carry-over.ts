/**
 * Check C5 (carry-over across years) for a whole set of records, as ingest needs it:
 * any C5 result stored earlier is dropped and recomputed against the current set.
 */
import { checkCarryOver } from '../../report/checks.ts';
import type { ReportRecord } from '../../report/record.ts';

/** The records with their C5 results recomputed across all of them (other checks kept). */
export function withCarryOverChecks(records: readonly ReportRecord[]): ReportRecord[] {
  const stripped = records.map((r) => (r.checks.some((c) => c.check === 'C5') ? { ...r, checks: r.checks.filter((c) => c.check !== 'C5') } : r));
  const failures = checkCarryOver(stripped);
  return stripped.map((r) => {
    const c5 = failures.get(r);
    return c5 && c5.length > 0 ? { ...r, checks: [...r.checks, ...c5] } : r;
  });
}
