/**
 * The app's data hooks: every query goes through TanStack Query with one key per
 * (chart or builder, filter state), and through the engine's single query path.
 */
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { rowsAtHand, runQuery, startEngine, type Engine, type Row } from './engine.ts';
import type { QueryState } from './state.ts';

/** The engine once it is ready (manifest included); errors are DataErrors. */
export function useEngine(): UseQueryResult<Engine> {
  return useQuery({ queryKey: ['engine'], queryFn: startEngine, staleTime: Infinity, retry: false });
}

/** Rows of a named SQL builder for a state; the key is (name, filters, the params it reads). */
export function useRows(name: string, state: QueryState, paramsUsed: readonly (keyof QueryState['params'])[], sql: (s: QueryState) => string, enabled = true): UseQueryResult<Row[]> {
  const params = Object.fromEntries(paramsUsed.map((p) => [p, state.params[p]]));
  return useQuery({
    queryKey: [name, state.filters, params],
    queryFn: () => runQuery(sql(state)),
    // The first view's rows, when this is one of its queries: drawn in the first render.
    initialData: () => rowsAtHand(sql(state)),
    enabled,
    staleTime: Infinity,
    retry: false,
  });
}

/** Rows of a fixed SQL string under a name (queries without filter state, e.g. one report). */
export function useSqlRows(name: string, key: unknown, sql: string | null): UseQueryResult<Row[]> {
  return useQuery({
    queryKey: [name, key],
    queryFn: () => runQuery(sql!),
    initialData: () => (sql === null ? undefined : rowsAtHand(sql)),
    enabled: sql !== null,
    staleTime: Infinity,
    retry: false,
  });
}
