/**
 * URL ⇄ state for the app: reads the query string, pushes a history entry on every
 * change and restores state on back/forward. Invalid parameters are dropped and reported.
 */
import { useCallback, useEffect, useState } from 'react';
import { parseUrlState, toSearch, type ParsedState, type UrlState } from '../data/state.ts';

function read(): ParsedState {
  return parseUrlState(window.location.search);
}

/** The current URL state, a setter that pushes history, and the parameters ignored on load. */
export function useUrlState(): { state: UrlState; setState: (next: UrlState) => void; invalid: ParsedState['invalid']; dismiss: () => void } {
  const [parsed, setParsed] = useState<ParsedState>(read);
  useEffect(() => {
    // Drop invalid parameters from the address bar without adding a history entry.
    if (parsed.invalid.length) {
      window.history.replaceState(null, '', window.location.pathname + toSearch(parsed.state) + window.location.hash);
    }
    const onPop = () => setParsed(read());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const setState = useCallback((next: UrlState) => {
    const search = toSearch(next);
    if (search !== window.location.search) window.history.pushState(null, '', window.location.pathname + search);
    setParsed({ state: next, invalid: [] });
  }, []);
  const dismiss = useCallback(() => setParsed((p) => ({ ...p, invalid: [] })), []);
  return { state: parsed.state, setState, invalid: parsed.invalid, dismiss };
}
