/** 45 CFR 164.402–414 as table tests: deadlines at their edges, thresholds at 499/500/501, the annual log, delays. */
import { describe, expect, it } from '@jest/globals';
import {
  annualLogDue,
  delayEnd,
  hhsNotice,
  individualNoticesDue,
  mediaNoticeStates,
  notABreachProblem,
  type LawEnforcementDelay,
  type RiskAssessment,
} from './breach-notification.js';

const oral = (statedOn: string, over: Partial<LawEnforcementDelay> = {}): LawEnforcementDelay => ({
  form: 'oral',
  statedOn,
  until: null,
  confirmedInWriting: null,
  ...over,
});

describe('164.404(b): individual notices within 60 calendar days of discovery', () => {
  it.each([
    ['2025-01-01', '2025-03-02', 'across February of a common year'],
    ['2024-01-01', '2024-03-01', 'across 29 February'],
    ['2025-11-15', '2026-01-14', 'across the new year'],
  ])('discovered %s → due %s (%s)', (discoveredOn, due) => {
    expect(individualNoticesDue(discoveredOn, null)).toBe(due);
  });
});

describe('164.412: a law enforcement delay', () => {
  it('(a) written: for the time it specifies; the 60 days move by the days it covers after discovery', () => {
    const written: LawEnforcementDelay = {
      form: 'written',
      statedOn: '2025-01-10',
      until: '2025-02-08',
      confirmedInWriting: null,
    };
    expect(delayEnd(written)).toBe('2025-02-08');
    // 2025-01-10 … 2025-02-08 is 30 days
    expect(individualNoticesDue('2025-01-01', written)).toBe('2025-04-01');
  });
  it('(b) oral: no longer than 30 days from the statement', () => {
    expect(delayEnd(oral('2025-01-10'))).toBe('2025-02-09');
    expect(individualNoticesDue('2025-01-01', oral('2025-01-10'))).toBe('2025-04-02');
  });
  it('(b) oral, confirmed in writing within the 30 days: the written statement’s time', () => {
    const confirmed = oral('2025-01-10', { confirmedInWriting: { receivedOn: '2025-02-09', until: '2025-03-31' } });
    expect(delayEnd(confirmed)).toBe('2025-03-31');
    const late = oral('2025-01-10', { confirmedInWriting: { receivedOn: '2025-02-10', until: '2025-03-31' } });
    expect(delayEnd(late)).toBe('2025-02-09');
  });
  it('a statement made before discovery covers only the days after it', () => {
    expect(individualNoticesDue('2025-01-20', oral('2025-01-10'))).toBe('2025-04-10');
  });
});

describe('164.406: media notice for more than 500 residents of a State', () => {
  it('499 and 500 residents need none; 501 do, per State', () => {
    expect(mediaNoticeStates({ NY: 499, NJ: 500, CT: 501, PA: 10_000 })).toEqual(['CT', 'PA']);
  });
});

describe('164.408: the Secretary', () => {
  it.each([
    [499, 'annual-log', '2026-03-01'],
    [500, 'with-individual-notices', '2025-08-30'],
    [501, 'with-individual-notices', '2025-08-30'],
  ])('%i affected → %s, due %s', (affected, route, dueOn) => {
    expect(hhsNotice(affected, '2025-07-01', null)).toEqual({ route, dueOn });
  });
  it('(c) the annual log is due 60 days after the end of the calendar year of discovery', () => {
    expect(annualLogDue(2025)).toBe('2026-03-01');
    expect(annualLogDue(2023)).toBe('2024-02-29'); // a leap year's 60th day after 31 December
  });
});

describe('164.402, 164.414(b): concluding "not a breach" needs support', () => {
  const assessment = (lowProbability: boolean): RiskAssessment => ({
    natureAndExtent: 'names and claim dates of 3 members',
    unauthorizedRecipient: 'another covered entity',
    acquiredOrViewed: 'returned unopened',
    mitigation: 'attestation of destruction',
    lowProbability,
  });
  it('an exception suffices', () => expect(notABreachProblem(null, '164.402(1)(iii)')).toBeNull());
  it('a risk assessment finding a low probability suffices', () =>
    expect(notABreachProblem(assessment(true), null)).toBeNull());
  it('no assessment, or one without the low-probability finding, does not', () => {
    expect(notABreachProblem(null, null)).toMatch(/164\.414\(b\)/);
    expect(notABreachProblem(assessment(false), null)).toMatch(/presumed/);
  });
});
