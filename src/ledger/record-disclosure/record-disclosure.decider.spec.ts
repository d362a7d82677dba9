/**
 * RecordDisclosure as a specification: given the member's stream, when a disclosure is recorded, then these
 * events (or this refusal). Rules: api.md "Commands", regulation.md §1.1, §1.10, §1.12, 164.508, 164.512(k)(5),
 * 160.103 (not PHI), 164.514(b) (de-identified).
 */
import { describe, expect, it } from '@jest/globals';
import { MEMBER_EVENT_TYPES, MEMBER_FACT_TYPES, type DisclosureRecord } from '../../events/member.events.js';
import { decider, type GivenEvent } from '../../../test/support/decider.js';
import { RecordDisclosureCommand } from './record-disclosure.command.js';
import { emptyAssociate, foldAssociate } from '../../rules/business-associates.js';

const recording = decider(RecordDisclosureCommand.useCase);

const authorization = (over: Record<string, unknown> = {}): GivenEvent => ({
  type: 'AuthorizationRecorded',
  data: {
    authorizationId: 'A1',
    recipient: { name: 'Acme Employer HR', id: 'EMP-1' },
    purpose: 'return to work',
    phiScope: 'all',
    signedOn: '2024-01-10',
    expiresOn: '2024-12-31',
    commandHash: 'a',
    ...over,
  },
});
const revoked = (revokedOn: string): GivenEvent => ({
  type: 'AuthorizationRevoked',
  data: { authorizationId: 'A1', revokedOn, commandHash: 'r' },
});

type Over = Partial<DisclosureRecord> & { cfr?: string | null; permitted?: boolean; authorizationId?: string | null };

/** When the ledger received the commands below (the disclosure's own time is 2024-06-15T14:00:00Z). */
const RECEIVED_AT = '2025-01-15T12:00:00Z';

function disclosure(over: Over = {}, commandHash = 'cmd-1', receivedAt = RECEIVED_AT) {
  const { cfr = '164.512(b)(1)(i)', permitted = true, authorizationId = null, ...rest } = over;
  const record: DisclosureRecord = {
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
  return { disclosure: record, commandHash, receivedAt };
}

/** The disclosure recorded, judged so: one PhiDisclosed event with these fields. */
const disclosed = (judged: Record<string, unknown>) => [
  { type: 'PhiDisclosed', eventId: 'disclosure:E2', data: judged },
];
const flagged = (judged: Record<string, unknown> = {}) => [
  {
    type: 'PhiDisclosed',
    data: { permitted: false, accountable: true, flags: ['BREACH_ASSESSMENT_REQUIRED'], ...judged },
  },
  { type: 'BreachAssessmentRequired', eventId: 'breach-assessment:E2', data: { disclosureId: 'E2' } },
];

describe('recording a disclosure', () => {
  it('a permitted public-health disclosure (164.512(b)) is accountable, with no flag', () => {
    const decision = recording
      .given()
      .when(disclosure())
      .then(disclosed({ permitted: true, accountable: true, flags: [] }));
    expect(decision.result).toEqual({
      disclosureId: 'E2',
      memberId: 'M-1001',
      permitted: true,
      accountable: true,
      flags: [],
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
    recording
      .given()
      .when(disclosure({ cfr }))
      .then(disclosed({ permitted: true, accountable: false }));
  });

  it.each(['164.512(d)(1)', '164.512(e)(1)(i)', '164.512(f)(1)(ii)(A)', '164.512(k)(1)', '164.502(a)(2)(ii)'])(
    'a permitted %s disclosure is accountable',
    (cfr) => {
      recording
        .given()
        .when(disclosure({ cfr }))
        .then(disclosed({ accountable: true }));
    },
  );

  it('a disclosure before the compliance date is not accountable ((a)(1)(ix))', () => {
    recording
      .given()
      .when(disclosure({ occurredAt: '2003-04-13T12:00:00Z' }))
      .then(disclosed({ accountable: false }));
    recording
      .given()
      .when(disclosure({ occurredAt: '2003-04-14T12:00:00Z' }))
      .then(disclosed({ accountable: true }));
  });

  describe('not PHI: the same judgement as the accounting (rules/accountability.ts)', () => {
    it('a de-identified report (164.514(b)) is not accountable, as the accounting leaves it out (NOT_PHI)', () => {
      recording
        .given()
        .when(disclosure({ cfr: '164.514(b)(2)' }))
        .then(disclosed({ permitted: true, accountable: false }));
      recording
        .given()
        .when(disclosure({ cfr: '164.514(a)' }))
        .then(disclosed({ accountable: false }));
    });

    it('…unless it was impermissible: then it is accountable and flagged', () => {
      recording
        .given()
        .when(disclosure({ cfr: '164.514(b)', permitted: false }))
        .then(flagged());
    });

    it('160.103: information about a member deceased more than 50 years is not PHI; on the 50th anniversary it still is', () => {
      const died = { type: 'DeathRecorded', data: { diedOn: '1974-06-14', commandHash: 'd' } };
      recording
        .given(died)
        .when(disclosure())
        .then(disclosed({ accountable: false }));
      const anniversary = { type: 'DeathRecorded', data: { diedOn: '1974-06-15', commandHash: 'd' } };
      recording
        .given(anniversary)
        .when(disclosure())
        .then(disclosed({ accountable: true }));
    });
  });

  describe('impermissible disclosures', () => {
    it('recorded with cfr null and permitted false: accountable, flagged, one breach assessment', () => {
      const decision = recording
        .given()
        .when(disclosure({ cfr: null, permitted: false, channel: 'tracking-technology' }))
        .then(flagged({ findings: ['recorded as impermissible by the recorder'] }));
      expect(decision.result).toMatchObject({
        permitted: false,
        accountable: true,
        flags: ['BREACH_ASSESSMENT_REQUIRED'],
      });
    });

    it('cfr null with permitted true is refused: 422 INVALID_LEGAL_BASIS', () => {
      recording
        .given()
        .when(disclosure({ cfr: null, permitted: true }))
        .then({ status: 422, code: 'INVALID_LEGAL_BASIS', path: 'legalBasis.cfr' });
    });

    it('an impermissible disclosure never matches an exclusion (TPO basis, permitted false)', () => {
      recording
        .given()
        .when(disclosure({ cfr: '164.506(c)(1)', permitted: false }))
        .then(flagged());
    });
  });

  describe('164.508: the authorization is checked against the member stream', () => {
    const employer: Over = {
      recipient: { name: 'Acme Employer HR', id: 'EMP-1' },
      channel: 'employer',
      cfr: '164.508',
      authorizationId: 'A1',
    };

    it('valid, covering the recipient, signed before: permitted and excluded ((a)(1)(iv))', () => {
      recording
        .given(authorization())
        .when(disclosure(employer))
        .then(disclosed({ permitted: true, accountable: false, flags: [] }));
    });

    it.each<[string, GivenEvent[], Over, string]>([
      ['no authorizationId', [authorization()], { authorizationId: null }, '164.508 basis without an authorizationId'],
      ['an authorization not recorded for the member', [], {}, 'authorization A1 is not recorded for this member'],
      [
        'an authorization for another recipient',
        [authorization({ recipient: { name: 'Other Co', id: 'EMP-2' } })],
        {},
        'authorization A1 does not cover this recipient',
      ],
      [
        'an authorization signed the day after',
        [authorization({ signedOn: '2024-06-16' })],
        {},
        'authorization A1 was signed on 2024-06-16, after the disclosure',
      ],
      [
        'an authorization revoked the same day',
        [authorization(), revoked('2024-06-15')],
        {},
        'authorization A1 was revoked on 2024-06-15',
      ],
      [
        'an authorization that expired the day before',
        [authorization({ expiresOn: '2024-06-14' })],
        {},
        'authorization A1 expired on 2024-06-14',
      ],
    ])('with %s the disclosure is recorded impermissible and flagged', (_label, history, over, finding) => {
      recording
        .given(...history)
        .when(disclosure({ ...employer, ...over }))
        .then(flagged({ findings: [finding] }));
    });

    it.each<[string, GivenEvent[]]>([
      ['signed on the day of the disclosure', [authorization({ signedOn: '2024-06-15' })]],
      ['revoked the day after', [authorization(), revoked('2024-06-16')]],
      ['expiring on the day of the disclosure', [authorization({ expiresOn: '2024-06-15' })]],
      ['with no expiry date', [authorization({ expiresOn: null })]],
    ])('an authorization %s still covers it', (_label, history) => {
      recording
        .given(...history)
        .when(disclosure(employer))
        .then(disclosed({ permitted: true }));
    });

    it('dates are judged in the plan time zone: 2024-03-01T03:00Z is 29 Feb in New York', () => {
      const signed = authorization({ signedOn: '2024-03-01' });
      recording
        .given(signed)
        .when(disclosure({ ...employer, occurredAt: '2024-03-01T03:00:00Z' }))
        .then(flagged());
      recording
        .given(signed)
        .when(disclosure({ ...employer, occurredAt: '2024-03-01T05:00:00Z' }))
        .then(disclosed({ permitted: true }));
    });

    it('a disclosure known by period needs the authorization through the whole period', () => {
      const period = { occurredAt: null, occurredPeriod: { from: '2024-08-01', to: '2024-08-03' } };
      recording
        .given(authorization({ expiresOn: '2024-08-02' }))
        .when(disclosure({ ...employer, ...period }))
        .then(flagged());
    });
  });

  describe('HIE opt-out', () => {
    const hie: Over = { channel: 'hie', cfr: '164.506(c)(2)' };
    const consent = (decision: 'opt-out' | 'opt-in', effectiveAt: string): GivenEvent => ({
      type: 'HieConsentRecorded',
      data: { consentId: decision, decision, effectiveAt, commandHash: 'c' },
    });

    it('a disclosure through the HIE after an effective opt-out is impermissible', () => {
      recording
        .given(consent('opt-out', '2024-06-01T00:00:00Z'))
        .when(disclosure(hie))
        .then(flagged({ findings: ['the member opted out of the HIE effective 2024-06-01T00:00:00Z'] }));
    });
    it('an opt-out effective after the disclosure does not apply', () => {
      recording
        .given(consent('opt-out', '2024-06-15T14:00:01Z'))
        .when(disclosure(hie))
        .then(disclosed({ permitted: true, accountable: false }));
    });
    it('an opt-in after the opt-out restores it', () => {
      recording
        .given(consent('opt-out', '2024-01-01T00:00:00Z'), consent('opt-in', '2024-05-01T00:00:00Z'))
        .when(disclosure(hie))
        .then(disclosed({ permitted: true }));
    });
    it.each([
      ['164.512(a)(1)', 'required by law'],
      ['164.512(b)(1)(i)', 'public health'],
    ])('a %s disclosure (%s) through the HIE after an opt-out is permitted and not flagged', (cfr) => {
      recording
        .given(consent('opt-out', '2024-06-01T00:00:00Z'))
        .when(disclosure({ channel: 'hie', cfr }))
        .then(disclosed({ permitted: true, accountable: true, flags: [], findings: [] }));
    });
    it('the opt-out still reaches a 164.512 paragraph other than (a) and (b): 164.512(d) oversight', () => {
      recording
        .given(consent('opt-out', '2024-06-01T00:00:00Z'))
        .when(disclosure({ channel: 'hie', cfr: '164.512(d)(1)' }))
        .then(flagged());
    });
    it('other channels are not affected by the HIE opt-out', () => {
      recording
        .given(consent('opt-out', '2024-06-01T00:00:00Z'))
        .when(disclosure({ cfr: '164.506(c)(2)' }))
        .then(disclosed({ permitted: true }));
    });
  });

  describe('a basis the rule table does not know is refused, never recorded as permitted', () => {
    it.each(['999.1', '164.999', '164.512(z)', '164.5081', '164.530(j)'])('%s → 422 UNKNOWN_LEGAL_BASIS', (cfr) => {
      recording
        .given()
        .when(disclosure({ cfr }))
        .then({ status: 422, code: 'UNKNOWN_LEGAL_BASIS', path: 'legalBasis.cfr' });
    });
    it.each([
      '164.512(l)',
      '164.512',
      '164.502(a)(1)(ii)',
      '164.502(e)(1)',
      '164.502(j)(1)',
      '164.504(f)(1)(ii)',
      '164.524',
      '164.514(a)',
    ])('%s is known', (cfr) => {
      const decision = recording.given().when(disclosure({ cfr }));
      expect(decision.events.length).toBeGreaterThan(0);
    });
    it('an unknown basis is refused even when recorded as impermissible (the citation is still wrong)', () => {
      recording
        .given()
        .when(disclosure({ cfr: '999.1', permitted: false }))
        .then({ code: 'UNKNOWN_LEGAL_BASIS' });
    });
  });

  describe('a disclosure cannot have happened after the ledger received it', () => {
    const at = (occurredAt: string, receivedAt: string) => disclosure({ occurredAt }, 'cmd-1', receivedAt);
    it('occurredAt up to 5 minutes after receipt is accepted (clock skew)', () => {
      recording
        .given()
        .when(at('2024-06-15T14:05:00Z', '2024-06-15T14:00:00Z'))
        .then(disclosed({ permitted: true }));
    });
    it('one millisecond more is refused (422 OCCURRED_IN_FUTURE at occurredAt)', () => {
      recording
        .given()
        .when(at('2024-06-15T14:05:00.001Z', '2024-06-15T14:00:00Z'))
        .then({ status: 422, code: 'OCCURRED_IN_FUTURE', path: 'occurredAt' });
    });
    it('an instant given with an offset is compared as an instant', () => {
      recording
        .given()
        .when(at('2024-06-15T10:04:59-04:00', '2024-06-15T14:00:00Z'))
        .then(disclosed({ permitted: true }));
    });
    const period = (from: string, to: string, receivedAt: string) =>
      disclosure({ occurredAt: null, occurredPeriod: { from, to } }, 'cmd-1', receivedAt);
    it('a period ending on the plan date it was received is accepted', () => {
      // 2024-06-16T03:00Z is still 15 June in New York (the plan's time zone)
      recording
        .given()
        .when(period('2024-06-01', '2024-06-15', '2024-06-16T03:00:00Z'))
        .then(disclosed({ permitted: true }));
    });
    it('a period reaching past that plan date is refused, even when it is already that date in UTC', () => {
      recording
        .given()
        .when(period('2024-06-01', '2024-06-16', '2024-06-16T03:00:00Z'))
        .then({ status: 422, code: 'OCCURRED_IN_FUTURE', path: 'occurredPeriod.to' });
    });
    it('a period starting after it is refused at its start', () => {
      recording
        .given()
        .when(period('2024-06-17', '2024-06-18', '2024-06-16T12:00:00Z'))
        .then({ code: 'OCCURRED_IN_FUTURE', path: 'occurredPeriod.from' });
    });
    it('a retry of a recorded disclosure replays whenever it arrives', () => {
      const first = recording.given().when(at('2024-06-15T14:00:00Z', '2024-06-15T14:00:00Z'));
      recording
        .given(...first.events.map((e) => ({ type: e.type, data: e.data })))
        .when(at('2024-06-15T14:00:00Z', '2030-01-01T00:00:00Z'))
        .thenNothingHappened();
    });
  });

  describe('a recipient in the business-associate register (164.502(e), 164.504(e), 164.508(a)(3))', () => {
    const associate = (withAgreement: boolean) =>
      foldAssociate(emptyAssociate(), [
        {
          type: 'BusinessAssociateRegistered',
          data: {
            associateId: 'BA-PIX',
            name: 'Pixel Analytics Inc.',
            aliases: [],
            services: 'analytics',
            commandHash: 'r',
          },
          position: 1n,
        },
        ...(withAgreement
          ? [
              {
                type: 'AgreementRecorded',
                data: {
                  agreementId: 'BAA-1',
                  signedOn: '2024-01-01',
                  effectiveFrom: '2024-01-01',
                  effectiveUntil: null,
                  commandHash: 'a',
                },
                position: 2n,
              },
            ]
          : []),
      ]);
    const pixel: Over = {
      channel: 'tracking-technology',
      cfr: '164.506(c)(4)',
      recipient: { name: 'Pixel Analytics Inc.', address: null, id: 'BA-PIX' },
    };
    it('names the associate stream the decision consults', () => {
      expect(RecordDisclosureCommand.useCase.consults!(disclosure(pixel), recording.given().state)).toMatchObject({
        stream: 'business-associate-BA-PIX',
      });
      expect(RecordDisclosureCommand.useCase.consults!(disclosure(), recording.given().state)).toBeNull();
    });
    it('with an agreement in effect: permitted', () => {
      recording
        .given()
        .when(disclosure(pixel), associate(true))
        .then(disclosed({ permitted: true, accountable: false }));
    });
    it('without one: impermissible, with the finding and a breach assessment', () => {
      recording
        .given()
        .when(disclosure(pixel), associate(false))
        .then(
          flagged({
            accountable: true,
            findings: [expect.stringMatching(/^NO_BUSINESS_ASSOCIATE_AGREEMENT \(BA-PIX\)/)],
          }),
        );
    });
  });

  describe('164.512(k)(5): correctional institutions', () => {
    const correctional: Over = { cfr: '164.512(k)(5)(i)(A)', recipient: { name: 'County Jail Medical', id: 'JAIL-1' } };
    const custody = (from: string, until: string | null): GivenEvent => ({
      type: 'CustodyPeriodRecorded',
      data: { custodyId: 'C1', from, until, commandHash: 'k' },
    });

    it('is rejected for a member not in custody: 422 INVALID_LEGAL_BASIS', () => {
      recording.given().when(disclosure(correctional)).then({ status: 422, code: 'INVALID_LEGAL_BASIS' });
      recording
        .given(custody('2024-01-01', '2024-06-14'))
        .when(disclosure(correctional))
        .then({ code: 'INVALID_LEGAL_BASIS' });
    });
    it('while in custody it is permitted and excluded ((a)(1)(vii)), including the last day', () => {
      recording
        .given(custody('2024-01-01', '2024-06-15'))
        .when(disclosure(correctional))
        .then(disclosed({ permitted: true, accountable: false }));
      recording
        .given(custody('2024-06-15', null))
        .when(disclosure(correctional))
        .then(disclosed({ accountable: false }));
    });
  });

  describe('idempotency by disclosure id', () => {
    const history = recording.given().when(disclosure({ cfr: null, permitted: false })).events;

    it('the same id and body replays the first result with its position and emits nothing (no second breach assessment)', () => {
      const replay = recording
        .given(...history)
        .when(disclosure({ cfr: null, permitted: false }))
        .thenNothingHappened();
      expect(replay).toMatchObject({ replayedAt: 1n, result: { flags: ['BREACH_ASSESSMENT_REQUIRED'] } });
    });
    it('the same id with another body is 409 ID_CONFLICT', () => {
      recording
        .given(...history)
        .when(disclosure({ cfr: null, permitted: false }, 'another-body'))
        .then({ status: 409, code: 'ID_CONFLICT' });
    });
  });
});

describe("decided on the member's facts alone, as the bulk import decides (member.events.ts MEMBER_FACT_TYPES)", () => {
  const recorded = recording.given().when(disclosure({ cfr: null, permitted: false })).events; // E2 and its assessment
  const history: GivenEvent[] = [
    authorization(),
    ...recorded,
    {
      type: 'CustodyPeriodRecorded',
      data: { custodyId: 'C1', from: '2024-03-01', until: '2024-03-31', commandHash: 'k' },
    },
    {
      type: 'HieConsentRecorded',
      data: { consentId: 'H1', decision: 'opt-out', effectiveAt: '2024-06-10T00:00:00Z', commandHash: 'h' },
    },
    {
      type: 'DisclosureCorrected',
      data: {
        correctionId: 'X1',
        disclosureId: 'E2',
        changes: { purpose: 'corrected purpose' },
        permitted: false,
        accountable: true,
        findings: [],
        commandHash: 'x',
      },
    },
    {
      type: 'DisclosureVoided',
      data: { voidId: 'V1', disclosureId: 'E2', reason: 'entered in error', commandHash: 'v' },
    },
    revoked('2024-09-01'),
    {
      type: 'PersonalRepresentativeRecorded',
      data: {
        representativeId: 'R1',
        personId: 'P-9',
        kind: 'guardian',
        from: '2024-01-01',
        until: null,
        declinedBasis: null,
        commandHash: 'rp',
      },
    },
    {
      type: 'AddressStateRecorded',
      data: { addressId: 'AD1', state: 'CA', effectiveOn: '2020-01-01', commandHash: 'ad' },
    },
    {
      type: 'PrivacyProfileRecorded',
      data: {
        profileId: 'PP1',
        surnameKey: null,
        addressKey: null,
        vip: true,
        workforceActorId: null,
        commandHash: 'pp',
      },
    },
    { type: 'PhiUsed', data: { useId: 'U1', commandHash: 'u' } },
    { type: 'DeathRecorded', data: { diedOn: '2024-11-01', commandHash: 'd' } },
  ];
  const facts = history.filter((e) => (MEMBER_FACT_TYPES as readonly string[]).includes(e.type));
  const employer = { channel: 'employer' as const, cfr: '164.508', authorizationId: 'A1' };
  const hie = { channel: 'hie' as const, cfr: '164.506(c)(2)' };
  const cases: [string, Over][] = [
    ['under an authorization in force', { ...employer, disclosureId: 'N1' }],
    ['under an authorization revoked before', { ...employer, disclosureId: 'N2', occurredAt: '2024-10-01T12:00:00Z' }],
    ['through the HIE after an opt-out', { ...hie, disclosureId: 'N3' }],
    ['through the HIE before the opt-out', { ...hie, disclosureId: 'N4', occurredAt: '2024-06-01T12:00:00Z' }],
    [
      'to a correctional institution during custody',
      { cfr: '164.512(k)(5)(i)(A)', disclosureId: 'N5', occurredAt: '2024-03-15T12:00:00Z' },
    ],
    ['to a correctional institution outside custody', { cfr: '164.512(k)(5)(i)(A)', disclosureId: 'N6' }],
    ['for public health', { disclosureId: 'N7' }],
    ['recorded as impermissible', { cfr: null, permitted: false, disclosureId: 'N8' }],
    ['after the death', { disclosureId: 'N9', occurredAt: '2024-11-20T12:00:00Z' }],
  ];

  it('the history holds every member event type, and the facts are fewer', () => {
    expect(new Set(history.map((e) => e.type))).toEqual(new Set(MEMBER_EVENT_TYPES));
    expect(facts.length).toBeLessThan(history.length);
  });
  it.each(cases)('a new disclosure %s: the same events or refusal as on the whole stream', (_, over) => {
    const onFacts = recording.given(...facts).when(disclosure(over)).outcome;
    expect(onFacts).toEqual(recording.given(...history).when(disclosure(over)).outcome);
  });
  it('a disclosure id recorded before is the one difference: decided anew, with the event id the store refuses', () => {
    recording
      .given(...history)
      .when(disclosure({ cfr: null, permitted: false }))
      .thenNothingHappened();
    recording
      .given(...facts)
      .when(disclosure({ cfr: null, permitted: false }))
      .then([{ type: 'PhiDisclosed', eventId: 'disclosure:E2' }, { type: 'BreachAssessmentRequired' }]);
  });
});

describe('42 CFR Part 2 records for proceedings against the member (2.12(d)(1); regulation.md §1.9)', () => {
  const part2 = (part2Proceedings: { courtOrderRef: string | null; consentRef: string | null }, permitted = true) =>
    disclosure({
      cfr: '164.512(e)(1)(i)',
      permitted,
      channel: 'legal',
      sensitivity: { part2: true, minorConsented: false, part2Proceedings },
    });

  it('without a court order or specific consent, a disclosure claimed as permitted is refused', () => {
    recording
      .given()
      .when(part2({ courtOrderRef: null, consentRef: null }))
      .then({ status: 422, code: 'PART2_PROCEEDINGS_RESTRICTION' });
  });

  it('with a court order (subpart E), or with the member’s specific consent, it is recorded as permitted', () => {
    recording
      .given()
      .when(part2({ courtOrderRef: 'ORDER-2.64', consentRef: null }))
      .then(disclosed({ permitted: true, accountable: true, flags: [] }));
    recording
      .given()
      .when(part2({ courtOrderRef: null, consentRef: 'CONSENT-9' }))
      .then(disclosed({ permitted: true, flags: [] }));
  });

  it('recorded as having happened anyway, it is accountable, presumed a breach and flagged as a Part 2 violation', () => {
    const decision = recording
      .given()
      .when(part2({ courtOrderRef: null, consentRef: null }, false))
      .then(flagged({ flags: ['BREACH_ASSESSMENT_REQUIRED', 'PART2_VIOLATION'] }));
    expect(decision.result).toMatchObject({ permitted: false, accountable: true });
    expect((decision.events[0].data as { findings: string[] }).findings).toEqual([
      'recorded as impermissible by the recorder',
      expect.stringContaining('42 CFR 2.12(d)(1)'),
    ]);
  });

  it('records that are not Part 2 are not restricted by it', () => {
    recording
      .given()
      .when(
        disclosure({
          cfr: '164.512(e)(1)(i)',
          sensitivity: {
            part2: false,
            minorConsented: false,
            part2Proceedings: { courtOrderRef: null, consentRef: null },
          },
        }),
      )
      .then(disclosed({ permitted: true, flags: [] }));
  });
});
