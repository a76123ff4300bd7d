/** SQL for the filter bar's choices. */

/** Every (province, city, district) present, for the cascading region filter. */
export function regionTree(): string {
  return `SELECT DISTINCT province, city, district FROM reports WHERE province IS NOT NULL ORDER BY province, city NULLS FIRST, district NULLS FIRST`;
}

/** Smallest and largest year in the data. */
export function yearBounds(): string {
  return `SELECT CAST(MIN(year) AS INTEGER) AS min_year, CAST(MAX(year) AS INTEGER) AS max_year FROM reports`;
}
