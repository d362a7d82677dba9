/**
 * RecordDisclosure as a specification: given the member's stream, when a disclosure is recorded, then these
 * events (or this refusal). Rules: api.md "Commands", regulation.md §1.1, §1.10, §1.12, 164.508, 164.512(k)(5).
 */
import { describe, expect, it } from '@jest/globals';
import type { DisclosureRecord, MemberEvent, MemberEventMap, MemberEventType } from '../member/member-events.js';
import { emptyLedger, evolve, type MemberLedger } from '../member/member-ledger.js';
import { isLedgerError } from '../shared/ledger-error.js';
import { decideRecordDisclosure } from './record-disclosure.decider.js';

const calendar = { timeZone: 'America/New_York', complianceDate: '2003-04-14' };

function given(...events: { type: MemberEventType; data: Partial<MemberEventMap[MemberEventType]> }[]): MemberLedger {
  return events.reduce(
    (state, e, i) =>
      evolve(state, {
        type: e.type,
        data: { commandHash: 'h', ...e.data },
        revision: BigInt(i),
        position: BigInt(i + 1),
      }),
    emptyLedger(),
  );
}

const authorization = (over: Record<string, unknown> = {}) => ({
  type: 'AuthorizationRecorded' as const,
  data: {
    authorizationId: 'A1',
    recipient: { name: 'Acme Employer HR', id: 'EMP-1' },
    purpose: 'return to work',
    phiScope: 'all',
    signedOn: '2024-01-10',
    expiresOn: '2024-12-31',
    ...over,
  },
});

function disclosure(
  over: Partial<DisclosureRecord> & { cfr?: string | null; permitted?: boolean; authorizationId?: string | null } = {},
): DisclosureRecord {
  const { cfr = '164.512(b)(1)(i)', permitted = true, authorizationId = null, ...rest } = over;
  return {
    disclosureId: 'E2',
    memberId: 'M-1001',
    occurredAt: '2024-06-15T14:00:00Z',
    occurredPeriod: null,
    recipient: { name: 'State Dept. of Health', address: '1 Capitol Way', id: 'PHA-1' },
    channel: 'government',
    madeBy: null,
    phiDescription: 'Immunization history',
    purpose: 'Immunization registry reporting',
    purposeOfUse: 'PUBHLTH',
    legalBasis: { cfr, permitted, authorizationId, rationale: null },
    writtenRequestRef: null,
    researchProtocolId: null,
    sensitivity: { part2: false, minorConsented: false },
    sourceSystem: 'test',
    ...rest,
  };
}

function when(state: MemberLedger, d: DisclosureRecord, commandHash = 'cmd-1') {
  return decideRecordDisclosure(state, { disclosure: d, commandHash }, calendar);
}

function thenRecorded(decision: ReturnType<typeof when>) {
  if (isLedgerError(decision)) throw new Error(`refused: ${decision.code} ${decision.detail}`);
  return { ...decision.result, types: decision.events.map((e: MemberEvent) => e.type), events: decision.events };
}

describe('recording a disclosure', () => {
  it('a permitted public-health disclosure (164.512(b)) is accountable, with no flag', () => {
    expect(thenRecorded(when(emptyLedger(), disclosure()))).toMatchObject({
      permitted: true,
      accountable: true,
      flags: [],
      types: ['PhiDisclosed'],
    });
  });

  it.each([
    ['164.506(c)(1)', 'TPO, (a)(1)(i)'],
    ['164.506(c)(5)', 'OHCA, (a)(1)(i)'],
    ['164.502(a)(1)(i)', 'to the individual, (a)(1)(ii)'],
    ['164.502(a)(1)(iii)', 'incidental, (a)(1)(iii)'],
    ['164.510(b)', 'persons involved in care, (a)(1)(v)'],
    ['164.512(k)(2)', 'national security, (a)(1)(vi)'],
    ['164.514(e)', 'limited data set, (a)(1)(viii)'],
  ])('a permitted %s disclosure is not accountable (%s)', (cfr) => {
    expect(thenRecorded(when(emptyLedger(), disclosure({ cfr })))).toMatchObject({
      permitted: true,
      accountable: false,
    });
  });

  it.each(['164.512(d)(1)', '164.512(e)(1)(i)', '164.512(f)(1)(ii)(A)', '164.512(k)(1)', '164.502(a)(2)(ii)'])(
    'a permitted %s disclosure is accountable',
    (cfr) => {
      expect(thenRecorded(when(emptyLedger(), disclosure({ cfr })))).toMatchObject({ accountable: true });
    },
  );

  it('a disclosure before the compliance date is not accountable ((a)(1)(ix))', () => {
    expect(thenRecorded(when(emptyLedger(), disclosure({ occurredAt: '2003-04-13T12:00:00Z' })))).toMatchObject({
      accountable: false,
    });
    expect(thenRecorded(when(emptyLedger(), disclosure({ occurredAt: '2003-04-14T12:00:00Z' })))).toMatchObject({
      accountable: true,
    });
  });

  describe('impermissible disclosures', () => {
    it('recorded with cfr null and permitted false: accountable, flagged, one breach assessment', () => {
      const recorded = thenRecorded(
        when(emptyLedger(), disclosure({ cfr: null, permitted: false, channel: 'tracking-technology' })),
      );
      expect(recorded).toMatchObject({ permitted: false, accountable: true, flags: ['BREACH_ASSESSMENT_REQUIRED'] });
      expect(recorded.types).toEqual(['PhiDisclosed', 'BreachAssessmentRequired']);
    });

    it('cfr null with permitted true is refused: 422 INVALID_LEGAL_BASIS', () => {
      expect(when(emptyLedger(), disclosure({ cfr: null, permitted: true }))).toMatchObject({
        status: 422,
        code: 'INVALID_LEGAL_BASIS',
        path: 'legalBasis.cfr',
      });
    });

    it('an impermissible disclosure never matches an exclusion (TPO basis, permitted false)', () => {
      expect(thenRecorded(when(emptyLedger(), disclosure({ cfr: '164.506(c)(1)', permitted: false })))).toMatchObject({
        accountable: true,
      });
    });
  });

  describe('164.508: the authorization is checked against the member stream', () => {
    const employer = {
      recipient: { name: 'Acme Employer HR', id: 'EMP-1' },
      channel: 'employer',
      cfr: '164.508',
      authorizationId: 'A1',
    };

    it('valid, covering the recipient, signed before: permitted and excluded ((a)(1)(iv))', () => {
      expect(thenRecorded(when(given(authorization()), disclosure(employer)))).toMatchObject({
        permitted: true,
        accountable: false,
        flags: [],
      });
    });

    it.each<[string, MemberLedger, Partial<DisclosureRecord>]>([
      ['no authorizationId', given(authorization()), { authorizationId: null } as never],
      ['an authorization not recorded for the member', emptyLedger(), {}],
      [
        'an authorization for another recipient',
        given(authorization({ recipient: { name: 'Other Co', id: 'EMP-2' } })),
        {},
      ],
      ['an authorization signed the day after', given(authorization({ signedOn: '2024-06-16' })), {}],
      [
        'an authorization revoked the same day',
        given(authorization(), {
          type: 'AuthorizationRevoked',
          data: { authorizationId: 'A1', revokedOn: '2024-06-15' },
        }),
        {},
      ],
      ['an authorization that expired the day before', given(authorization({ expiresOn: '2024-06-14' })), {}],
    ])('with %s the disclosure is recorded impermissible and flagged', (_label, state, over) => {
      const recorded = thenRecorded(when(state, disclosure({ ...employer, ...over })));
      expect(recorded).toMatchObject({ permitted: false, accountable: true, flags: ['BREACH_ASSESSMENT_REQUIRED'] });
    });

    it.each<[string, MemberLedger]>([
      ['signed on the day of the disclosure', given(authorization({ signedOn: '2024-06-15' }))],
      [
        'revoked the day after',
        given(authorization(), {
          type: 'AuthorizationRevoked',
          data: { authorizationId: 'A1', revokedOn: '2024-06-16' },
        }),
      ],
      ['expiring on the day of the disclosure', given(authorization({ expiresOn: '2024-06-15' }))],
      ['with no expiry date', given(authorization({ expiresOn: null }))],
    ])('an authorization %s still covers it', (_label, state) => {
      expect(thenRecorded(when(state, disclosure(employer)))).toMatchObject({ permitted: true });
    });

    it('dates are judged in the plan time zone: 2024-03-01T03:00Z is 29 Feb in New York', () => {
      const state = given(authorization({ signedOn: '2024-03-01' }));
      expect(thenRecorded(when(state, disclosure({ ...employer, occurredAt: '2024-03-01T03:00:00Z' })))).toMatchObject({
        permitted: false,
      });
      expect(thenRecorded(when(state, disclosure({ ...employer, occurredAt: '2024-03-01T05:00:00Z' })))).toMatchObject({
        permitted: true,
      });
    });

    it('a disclosure known by period needs the authorization through the whole period', () => {
      const state = given(authorization({ expiresOn: '2024-08-02' }));
      const period = { occurredAt: null, occurredPeriod: { from: '2024-08-01', to: '2024-08-03' } };
      expect(thenRecorded(when(state, disclosure({ ...employer, ...period })))).toMatchObject({ permitted: false });
    });
  });

  describe('HIE opt-out', () => {
    const hie = { channel: 'hie', cfr: '164.506(c)(2)' };
    const consent = (decision: 'opt-out' | 'opt-in', effectiveAt: string, consentId = decision) => ({
      type: 'HieConsentRecorded' as const,
      data: { consentId, decision, effectiveAt },
    });

    it('a disclosure through the HIE after an effective opt-out is impermissible', () => {
      expect(thenRecorded(when(given(consent('opt-out', '2024-06-01T00:00:00Z')), disclosure(hie)))).toMatchObject({
        permitted: false,
        accountable: true,
      });
    });
    it('an opt-out effective after the disclosure does not apply', () => {
      expect(thenRecorded(when(given(consent('opt-out', '2024-06-15T14:00:01Z')), disclosure(hie)))).toMatchObject({
        permitted: true,
        accountable: false,
      });
    });
    it('an opt-in after the opt-out restores it', () => {
      const state = given(consent('opt-out', '2024-01-01T00:00:00Z'), consent('opt-in', '2024-05-01T00:00:00Z'));
      expect(thenRecorded(when(state, disclosure(hie)))).toMatchObject({ permitted: true });
    });
    it('other channels are not affected by the HIE opt-out', () => {
      expect(
        thenRecorded(when(given(consent('opt-out', '2024-06-01T00:00:00Z')), disclosure({ cfr: '164.506(c)(2)' }))),
      ).toMatchObject({ permitted: true });
    });
  });

  describe('164.512(k)(5): correctional institutions', () => {
    const correctional = { cfr: '164.512(k)(5)(i)(A)', recipient: { name: 'County Jail Medical', id: 'JAIL-1' } };
    const custody = (from: string, until: string | null) => ({
      type: 'CustodyPeriodRecorded' as const,
      data: { custodyId: 'C1', from, until },
    });

    it('is rejected for a member not in custody: 422 INVALID_LEGAL_BASIS', () => {
      expect(when(emptyLedger(), disclosure(correctional))).toMatchObject({ status: 422, code: 'INVALID_LEGAL_BASIS' });
      expect(when(given(custody('2024-01-01', '2024-06-14')), disclosure(correctional))).toMatchObject({
        code: 'INVALID_LEGAL_BASIS',
      });
    });
    it('while in custody it is permitted and excluded ((a)(1)(vii)), including the last day', () => {
      expect(thenRecorded(when(given(custody('2024-01-01', '2024-06-15')), disclosure(correctional)))).toMatchObject({
        permitted: true,
        accountable: false,
      });
      expect(thenRecorded(when(given(custody('2024-06-15', null)), disclosure(correctional)))).toMatchObject({
        accountable: false,
      });
    });
  });

  describe('idempotency by disclosure id', () => {
    const state = () => {
      const first = when(emptyLedger(), disclosure({ cfr: null, permitted: false }));
      if (isLedgerError(first)) throw new Error('refused');
      return first.events.reduce(
        (s, e, i) => evolve(s, { ...e, revision: BigInt(i), position: BigInt(40 + i) }),
        emptyLedger(),
      );
    };
    it('the same id and body replays the first result with its position and emits nothing (no second breach assessment)', () => {
      const replay = when(state(), disclosure({ cfr: null, permitted: false }));
      expect(replay).toMatchObject({ events: [], replayedAt: 40n, result: { flags: ['BREACH_ASSESSMENT_REQUIRED'] } });
    });
    it('the same id with another body is 409 ID_CONFLICT', () => {
      expect(when(state(), disclosure({ cfr: null, permitted: false }), 'another-body')).toMatchObject({
        status: 409,
        code: 'ID_CONFLICT',
      });
    });
  });
});
