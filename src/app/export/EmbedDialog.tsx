/** The embed dialog: a read-only snippet (iframe + host script) with a copy button. */
import { useEffect, useRef, useState } from 'react';
import type { ChartActionInfo } from '../chart-actions.tsx';
import { toSearch } from '../../data/state.ts';
import { embedSnippet } from '../embed/snippet.ts';
import { tx } from './strings.ts';

/** Modal dialog showing the embed snippet of one chart under the current URL state. */
export function EmbedDialog({ info, onClose }: { info: ChartActionInfo; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [copied, setCopied] = useState(false);
  const height = (info.getInstance()?.getHeight() ?? 320) + 90;
  const snippet = embedSnippet({ origin: window.location.origin, chart: info.def.id, search: toSearch(info.state), title: info.title, height });
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied(true);
    } catch {
      const area = dialog.current?.querySelector('textarea');
      area?.select();
    }
  };
  return (
    <dialog ref={dialog} className="embed-dialog" data-embed-dialog={info.def.id} onClose={onClose} aria-label={tx(info.lang, 'embedTitle')}>
      <h4>{tx(info.lang, 'embedTitle')}</h4>
      <p>{tx(info.lang, 'embedHelp')}</p>
      <textarea readOnly value={snippet} rows={12} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
      <div className="embed-dialog-actions">
        <button type="button" onClick={copy}>{copied ? tx(info.lang, 'copied') : tx(info.lang, 'copy')}</button>
        <button type="button" onClick={() => dialog.current?.close()}>{tx(info.lang, 'close')}</button>
      </div>
    </dialog>
  );
}
