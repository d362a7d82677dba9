/** Each snooping rule (docs/snooping.md) with a case that fires and one that must not. */
import { describe, expect, it } from '@jest/globals';
import { addressKey, surnameKey } from '../events/match-key.js';
import type { PhiUsed } from '../events/use.events.js';
import { isAfterHours, useFindings, type Profile, type SnoopingPolicy } from './snooping.js';

const use = (over: Partial<PhiUsed> = {}): PhiUsed => ({
  useId: 'U1',
  memberId: 'M-PATIENT',
  occurredAt: '2026-03-04T15:00:00Z',
  actor: { id: 'W-1', name: 'Pat Clerk', role: 'claims examiner' },
  action: 'view',
  phiDescription: 'Claim detail',
  purposeOfUse: 'HPAYMT',
  sourceSystem: 'claims-ui',
  context: { kind: 'claim', id: 'CLM-1' },
  commandHash: 'h',
  ...over,
});

const profile = (memberId: string, over: Partial<Profile> = {}): Profile => ({
  memberId,
  surnameKey: surnameKey('Smith'),
  addressKey: addressKey('1 Elm Street'),
  vip: false,
  workforceActorId: null,
  ...over,
});

describe('relationship rules: the actor is a member too (linked by workforceActorId)', () => {
  const actor = profile('M-ACTOR', { workforceActorId: 'W-1' });

  it('SAME_SURNAME fires for a shared surname, whatever its case or accents; not for another surname', () => {
    const patient = profile('M-PATIENT', { surnameKey: surnameKey('SMITH'), addressKey: addressKey('9 Oak Rd') });
    expect(useFindings(use(), actor, patient)).toEqual(['SAME_SURNAME']);
    const accents = profile('M-PATIENT', { surnameKey: surnameKey('García'), addressKey: null });
    expect(useFindings(use(), { ...actor, surnameKey: surnameKey('garcia') }, accents)).toEqual(['SAME_SURNAME']);
    expect(
      useFindings(use(), actor, profile('M-PATIENT', { surnameKey: surnameKey('Jones'), addressKey: null })),
    ).toEqual([]);
  });

  it('SAME_ADDRESS fires for one address written two ways; not for a neighbour', () => {
    const patient = profile('M-PATIENT', { surnameKey: null, addressKey: addressKey('1 ELM ST.') });
    expect(useFindings(use(), actor, patient)).toEqual(['SAME_ADDRESS']);
    const neighbour = profile('M-PATIENT', { surnameKey: null, addressKey: addressKey('3 Elm Street') });
    expect(useFindings(use(), actor, neighbour)).toEqual([]);
  });

  it('a missing key never matches another missing key', () => {
    const blank = { surnameKey: null, addressKey: null };
    expect(useFindings(use(), { ...actor, ...blank }, profile('M-PATIENT', blank))).toEqual([]);
  });

  it('an actor using their own record raises no relationship rule', () => {
    expect(useFindings(use({ memberId: 'M-ACTOR' }), actor, { ...actor, vip: true })).toEqual([]);
  });

  it('an actor who is not a member raises no surname or address rule', () => {
    expect(useFindings(use(), null, profile('M-PATIENT'))).toEqual([]);
  });
});

describe('VIP_RECORD and WORKFORCE_RECORD', () => {
  it('VIP_RECORD fires on a member the plan flags as a VIP; not on others', () => {
    expect(useFindings(use(), null, profile('M-PATIENT', { vip: true }))).toEqual(['VIP_RECORD']);
    expect(useFindings(use(), null, profile('M-PATIENT', { vip: false }))).toEqual([]);
  });

  it('WORKFORCE_RECORD fires on a fellow workforce member’s record; not on a member who is not workforce', () => {
    expect(useFindings(use(), null, profile('M-PATIENT', { workforceActorId: 'W-2' }))).toEqual(['WORKFORCE_RECORD']);
    expect(useFindings(use(), null, profile('M-PATIENT'))).toEqual([]);
  });
});

describe('NO_CONTEXT', () => {
  it('fires on a use that names no claim, case or ticket; not on one that does', () => {
    expect(useFindings(use({ context: null }), null, null)).toEqual(['NO_CONTEXT']);
    expect(useFindings(use({ context: undefined }), null, null)).toEqual(['NO_CONTEXT']);
    expect(useFindings(use(), null, null)).toEqual([]);
  });
});

describe('business hours (AFTER_HOURS_BULK counts uses outside them), in the plan’s time zone', () => {
  const policy: SnoopingPolicy = {
    timeZone: 'America/New_York',
    businessHours: { from: 7 * 60, until: 19 * 60 },
    bulkReadThreshold: 50,
  };

  it.each([
    ['2026-03-04T11:59:00Z', false, 'Wednesday 06:59 EST is before 07:00'],
    ['2026-03-04T12:00:00Z', true, 'Wednesday 07:00 EST is the first business minute'],
    ['2026-03-04T23:59:00Z', true, 'Wednesday 18:59 EST is the last business minute'],
    ['2026-03-05T00:00:00Z', false, 'Wednesday 19:00 EST is after hours'],
    ['2026-03-07T15:00:00Z', false, 'Saturday 10:00 EST: weekends are after hours all day'],
    ['2026-03-09T11:30:00Z', true, 'Monday 07:30 EDT (after the DST change) is business time'],
  ])('%s → in business hours: %s (%s)', (instant, inHours) => {
    expect(isAfterHours(instant, policy)).toBe(!inHours);
  });
});
