/**
 * Accountability: the one judgement of whether a disclosure belongs in an accounting at all, made by the write side,
 * the audit read model and the accounting engine alike. Given the disclosure, the member's facts and its days.
 */
import { describe, expect, it } from '@jest/globals';
import { accountability, type AccountabilityFacts } from './accountability.js';

const noFacts: AccountabilityFacts = { diedOn: null, custodyPeriods: [] };
const day = (date: string) => ({ first: date, last: date });
const judge = (cfr: string | null, permitted: boolean, facts = noFacts, at = day('2024-06-15')) =>
  accountability({ cfr, permitted }, facts, at, '2003-04-14');

describe('accountability (164.528(a)(1), 160.103)', () => {
  it('a permitted 164.512 disclosure is accountable', () => {
    expect(judge('164.512(b)(1)(i)', true)).toBeNull();
  });

  it('an impermissible disclosure is accountable whatever its claimed basis', () => {
    expect(judge('164.506(c)(1)', false)).toBeNull();
    expect(judge(null, false)).toBeNull();
  });

  it('the (a)(1) exclusions name themselves', () => {
    expect(judge('164.506(c)(1)', true)).toBe('EXCL_TPO');
    expect(judge('164.508', true)).toBe('EXCL_AUTH');
    expect(judge('164.512(e)(1)', true, noFacts, day('2003-04-13'))).toBe('EXCL_PRECOMPLIANCE');
  });

  it('164.514(a)-(b): de-identified information is not PHI; a disclosure claimed so but impermissible is', () => {
    expect(judge('164.514(b)(2)', true)).toBe('NOT_PHI');
    expect(judge('164.514(a)', true)).toBe('NOT_PHI');
    expect(judge('164.514(b)', false)).toBeNull();
    expect(judge('164.514(e)', true)).toBe('EXCL_LDS'); // a limited data set is PHI, excluded by (a)(1)(viii)
  });

  it.each([
    ['1974-06-14', '2024-06-15', 'NOT_PHI', 'more than 50 years after the death'],
    ['1974-06-15', '2024-06-15', null, 'on the 50th anniversary: still PHI'],
    ['1974-06-16', '2024-06-15', null, 'less than 50 years'],
    ['1972-02-29', '2022-03-01', null, 'a death on 29 February: its 50th anniversary in a common year is 1 March'],
    ['1972-02-29', '2022-03-02', 'NOT_PHI', '…and the day after it is more than 50 years'],
  ])('160.103 (iv): died %s, disclosed %s → %s (%s)', (diedOn, on, code, _why) => {
    expect(judge('164.512(b)', true, { diedOn, custodyPeriods: [] }, day(on))).toBe(code);
  });

  it('not PHI comes before the exclusions: a decedent’s TPO disclosure is NOT_PHI', () => {
    expect(judge('164.506(c)(1)', true, { diedOn: '1960-01-01', custodyPeriods: [] })).toBe('NOT_PHI');
  });

  it('(a)(1)(vii): correctional disclosures only while in custody on every day of the disclosure', () => {
    const custody = (from: string, until: string | null) => ({ diedOn: null, custodyPeriods: [{ from, until }] });
    expect(judge('164.512(k)(5)', true, custody('2024-06-01', null))).toBe('EXCL_CORRECTIONAL');
    expect(judge('164.512(k)(5)', true, custody('2024-06-01', '2024-06-15'))).toBe('EXCL_CORRECTIONAL');
    expect(judge('164.512(k)(5)', true, custody('2024-06-16', null))).toBeNull();
    const period = { first: '2024-06-14', last: '2024-06-16' };
    expect(judge('164.512(k)(5)', true, custody('2024-06-15', null), period)).toBeNull();
  });
});
