import { describe, expect, it } from '@jest/globals';
import { cites, exclusionFor } from './legal-bases.js';

describe('citations of a legal basis', () => {
  it('a citation cites its base and every paragraph of it', () => {
    expect(cites('164.512(k)(2)', '164.512(k)(2)')).toBe(true);
    expect(cites('164.512(k)(2)(i)', '164.512(k)(2)')).toBe(true);
    expect(cites('164.508(a)(1)', '164.508')).toBe(true);
  });

  it('not another section or paragraph whose number merely starts the same way', () => {
    expect(cites('164.512(k)(20)', '164.512(k)(2)')).toBe(false);
    expect(cites('164.5081', '164.508')).toBe(false);
    expect(cites('164.50', '164.508')).toBe(false);
    expect(cites(null, '164.508')).toBe(false);
  });

  it('164.528(a)(1): the exclusion follows the citation; an impermissible disclosure never matches one', () => {
    const facts = { permitted: true, date: '2024-01-01', complianceDate: '2003-04-14', inCustody: false };
    expect(exclusionFor({ ...facts, cfr: '164.506(c)(1)' })).toBe('EXCL_TPO');
    expect(exclusionFor({ ...facts, cfr: '164.512(k)(2)(i)' })).toBe('EXCL_NATSEC');
    expect(exclusionFor({ ...facts, cfr: '164.512(k)(20)' })).toBeNull();
    expect(exclusionFor({ ...facts, cfr: '164.512(k)(5)' })).toBeNull();
    expect(exclusionFor({ ...facts, cfr: '164.512(k)(5)', inCustody: true })).toBe('EXCL_CORRECTIONAL');
    expect(exclusionFor({ ...facts, cfr: '164.506(c)(1)', permitted: false })).toBeNull();
    expect(exclusionFor({ ...facts, cfr: '164.512(e)(1)', date: '2003-04-13' })).toBe('EXCL_PRECOMPLIANCE');
  });
});
