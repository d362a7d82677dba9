import { describe, expect, it } from '@jest/globals';
import { cites, citesAny, exclusionFor } from './legal-bases.js';

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

  it('a citation cites any of several bases', () => {
    expect(citesAny('164.512(f)(1)', ['164.512(d)', '164.512(f)'])).toBe(true);
    expect(citesAny('164.512(e)(1)', ['164.512(d)', '164.512(f)'])).toBe(false);
  });
});

describe('164.528(a)(1): the exclusion a citation triggers', () => {
  const onDay = (cfr: string | null, permitted = true, date = '2024-01-01', inCustody = false) =>
    exclusionFor({ cfr, permitted }, date, '2003-04-14', () => inCustody);

  it.each([
    ['164.506(c)(1)', 'EXCL_TPO', '(i) treatment, payment, operations'],
    ['164.506(c)(5)', 'EXCL_TPO', '(i) an OHCA'],
    ['164.504(f)(1)(ii)', 'EXCL_TPO', '(i) plan sponsor (policy, regulation.md §7.3)'],
    ['164.502(a)(1)(i)', 'EXCL_INDIVIDUAL', '(ii) to the individual'],
    ['164.502(g)(1)', 'EXCL_INDIVIDUAL', '(ii) a personal representative as the individual'],
    ['164.524', 'EXCL_INDIVIDUAL', "(ii) the individual's own access"],
    ['164.502(a)(1)(iii)', 'EXCL_INCIDENTAL', '(iii) incidental'],
    ['164.508(a)(1)', 'EXCL_AUTH', '(iv) an authorization'],
    ['164.510(b)', 'EXCL_510', '(v) persons involved in care'],
    ['164.512(k)(2)(i)', 'EXCL_NATSEC', '(vi) national security'],
    ['164.514(e)(4)', 'EXCL_LDS', '(viii) a limited data set'],
    ['164.512(k)(20)', null, 'not (vi): another paragraph'],
    ['164.512(b)(1)(i)', null, 'public health: accountable'],
    [null, null, 'no basis: accountable'],
  ])('%s → %s (%s)', (cfr, code, _clause) => {
    expect(onDay(cfr)).toBe(code);
  });

  it('(vii): 164.512(k)(5) only while the member is in lawful custody', () => {
    expect(onDay('164.512(k)(5)')).toBeNull();
    expect(onDay('164.512(k)(5)', true, '2024-01-01', true)).toBe('EXCL_CORRECTIONAL');
  });

  it('(ix): before the compliance date, whatever the basis and even if impermissible; on it, no longer', () => {
    expect(onDay('164.512(e)(1)', true, '2003-04-13')).toBe('EXCL_PRECOMPLIANCE');
    expect(onDay(null, false, '2003-04-13')).toBe('EXCL_PRECOMPLIANCE');
    expect(onDay('164.512(e)(1)', true, '2003-04-14')).toBeNull();
  });

  it('an impermissible disclosure never matches an exclusion (regulation.md §1.1)', () => {
    expect(onDay('164.506(c)(1)', false)).toBeNull();
    expect(onDay('164.508', false)).toBeNull();
  });
});
