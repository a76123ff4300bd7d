/** The full-width alert shown when the dataset cannot be loaded, naming the file at fault. */
import { DataError } from '../data/engine.ts';
import type { Lang } from '../data/state.ts';
import { t } from './i18n.ts';

/** Explains a data loading failure (role="alert"), never a blank page. */
export function DataAlert({ error, lang }: { error: unknown; lang: Lang }) {
  const e = error instanceof DataError ? error : null;
  const what = e ? t(lang, e.kind === 'missing' ? 'error.missing' : e.kind === 'schema' ? 'error.schema' : e.kind === 'columns' ? 'error.columns' : 'error.corrupt') : '';
  return (
    <div className="data-alert" role="alert">
      <h2>{t(lang, 'error.title')}</h2>
      {e ? (
        <p>{t(lang, 'error.file')} <code data-file>data/{e.file}</code> {what}.</p>
      ) : null}
      <p className="detail">{e ? e.detail : String((error as Error)?.message ?? error)}</p>
    </div>
  );
}
