/** The filter bar shared by every view: region cascade, agency kind, search, years, template. */
import { useEffect, useMemo, useState } from 'react';
import { AGENCY_KINDS, AGENCY_KIND_LABELS, type AgencyKind } from '../report/record.ts';
import { TEMPLATES, type TemplateKey } from '../report/template.ts';
import { useSqlRows } from '../data/queries.ts';
import { regionTree } from '../data/sql/options.ts';
import { EMPTY_FILTERS, type Filters, type Lang } from '../data/state.ts';
import { t } from './i18n.ts';

interface Props {
  filters: Filters;
  lang: Lang;
  years: number[];
  onChange: (next: Filters) => void;
}

function Select<T extends string | number>({ label, value, options, onChange, disabled, lang, name }: {
  label: string; value: T | null; options: readonly { value: T; label: string }[]; onChange: (v: T | null) => void; disabled?: boolean; lang: Lang; name: string;
}) {
  return (
    <label className="filter">
      <span>{label}</span>
      <select name={name} value={value === null ? '' : String(value)} disabled={disabled}
        onChange={(e) => { const v = e.target.value; onChange(v === '' ? null : (options.find((o) => String(o.value) === v)?.value ?? null)); }}>
        <option value="">{t(lang, 'filter.all')}</option>
        {value !== null && !options.some((o) => o.value === value) ? <option value={String(value)}>{String(value)}</option> : null}
        {options.map((o) => <option key={String(o.value)} value={String(o.value)}>{o.label}</option>)}
      </select>
    </label>
  );
}

/** Filter controls; every change produces a new Filters value (the app writes it to the URL). */
export function FilterBar({ filters, lang, years, onChange }: Props) {
  const regions = useSqlRows('regionTree', null, regionTree());
  const tree = regions.data ?? [];
  const provinces = useMemo(() => [...new Set(tree.map((r) => String(r.province)))], [tree]);
  const cities = useMemo(() => [...new Set(tree.filter((r) => r.province === filters.province && r.city).map((r) => String(r.city)))], [tree, filters.province]);
  const districts = useMemo(() => [...new Set(tree.filter((r) => r.province === filters.province && r.city === filters.city && r.district).map((r) => String(r.district)))], [tree, filters.province, filters.city]);
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => { setQ(filters.q ?? ''); }, [filters.q]);
  useEffect(() => {
    const v = q.trim() === '' ? null : q.trim();
    if (v === filters.q) return;
    const id = window.setTimeout(() => onChange({ ...filters, q: v }), 400);
    return () => window.clearTimeout(id);
  }, [q, filters, onChange]);
  const opts = (xs: readonly string[]) => xs.map((x) => ({ value: x, label: x }));
  const yearOpts = years.map((y) => ({ value: y, label: String(y) }));
  const active = Object.values(filters).some((v) => v !== null);
  return (
    <form className="filter-bar" role="search" aria-label={lang === 'zh' ? '筛选' : 'Filters'} onSubmit={(e) => e.preventDefault()}>
      <Select name="province" lang={lang} label={t(lang, 'filter.province')} value={filters.province} options={opts(provinces)}
        onChange={(v) => onChange({ ...filters, province: v, city: null, district: null })} />
      <Select name="city" lang={lang} label={t(lang, 'filter.city')} value={filters.city} options={opts(cities)} disabled={!filters.province}
        onChange={(v) => onChange({ ...filters, city: v, district: null })} />
      <Select name="district" lang={lang} label={t(lang, 'filter.district')} value={filters.district} options={opts(districts)} disabled={!filters.city}
        onChange={(v) => onChange({ ...filters, district: v })} />
      <Select<AgencyKind> name="kind" lang={lang} label={t(lang, 'filter.kind')} value={filters.kind} options={AGENCY_KINDS.map((k) => ({ value: k, label: AGENCY_KIND_LABELS[k][lang] }))}
        onChange={(v) => onChange({ ...filters, kind: v })} />
      <label className="filter filter-search">
        <span>{t(lang, 'filter.q')}</span>
        <input name="q" type="search" value={q} placeholder={t(lang, 'filter.qPlaceholder')} maxLength={100} onChange={(e) => setQ(e.target.value)} />
      </label>
      <Select<number> name="from" lang={lang} label={t(lang, 'filter.from')} value={filters.from} options={yearOpts.filter((y) => filters.to === null || y.value <= filters.to)}
        onChange={(v) => onChange({ ...filters, from: v })} />
      <Select<number> name="to" lang={lang} label={t(lang, 'filter.to')} value={filters.to} options={yearOpts.filter((y) => filters.from === null || y.value >= filters.from)}
        onChange={(v) => onChange({ ...filters, to: v })} />
      <Select<TemplateKey> name="template" lang={lang} label={t(lang, 'filter.template')} value={filters.template}
        options={TEMPLATES.map((k) => ({ value: k, label: t(lang, k === '2019' ? 'filter.template2019' : 'filter.template2021') }))}
        onChange={(v) => onChange({ ...filters, template: v })} />
      <button type="button" className="reset" disabled={!active} onClick={() => { setQ(''); onChange(EMPTY_FILTERS); }}>{t(lang, 'filter.reset')}</button>
    </form>
  );
}
