/** 42 CFR Part 2 rules (rules/part2.ts): what §2.25 lists, and the proceedings restriction of §2.12(d)(1). */
import { describe, expect, it } from '@jest/globals';
import type { Sensitivity } from '../events/member.events.js';
import { part2Listed, proceedingsRestricted } from './part2.js';

describe('§2.25: what a Part 2 accounting lists', () => {
  const row = (over: Partial<Parameters<typeof part2Listed>[0]>) => ({
    part2: true,
    viaEhr: false,
    cfr: '164.508(a)(1)',
    permitted: true,
    ...over,
  });
  it.each([
    ['a disclosure with the member’s consent (164.508)', row({}), true],
    ['a TPO disclosure made through an EHR ((b))', row({ cfr: '164.506(c)(1)', viaEhr: true }), true],
    ['a TPO disclosure not made through an EHR', row({ cfr: '164.506(c)(1)' }), false],
    [
      'an impermissible disclosure (a violation is a breach; 164.528(b)–(d) list it)',
      row({ cfr: null, permitted: false }),
      true,
    ],
    [
      'a public-health disclosure (the HIPAA accounting lists it; §2.25 does not)',
      row({ cfr: '164.512(b)(1)(i)' }),
      false,
    ],
    ['a consent disclosure of records that are not Part 2', row({ part2: false }), false],
  ])('%s: %s', (_label, r, listed) => {
    expect(part2Listed(r)).toBe(listed);
  });
});

describe('§2.12(d)(1): proceedings against the member', () => {
  it.each<[Sensitivity, boolean, string]>([
    [{ part2: true, minorConsented: false }, false, 'not for proceedings'],
    [
      { part2: true, minorConsented: false, part2Proceedings: { courtOrderRef: null, consentRef: null } },
      true,
      'neither',
    ],
    [
      { part2: true, minorConsented: false, part2Proceedings: { courtOrderRef: 'O-1', consentRef: null } },
      false,
      'court order',
    ],
    [
      { part2: true, minorConsented: false, part2Proceedings: { courtOrderRef: null, consentRef: 'C-1' } },
      false,
      'consent',
    ],
    [
      { part2: false, minorConsented: false, part2Proceedings: { courtOrderRef: null, consentRef: null } },
      false,
      'not Part 2',
    ],
  ])('%j → restricted %s (%s)', (sensitivity, restricted) => {
    expect(proceedingsRestricted(sensitivity)).toBe(restricted);
  });
});
