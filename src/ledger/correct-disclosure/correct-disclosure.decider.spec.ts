/** Corrections and voids as specifications: new events, never edits; a corrected basis is judged again. */
import { describe, expect, it } from '@jest/globals';
import { emptyLedger, evolve, type MemberLedger } from '../member/member-ledger.js';
import { decideRecordDisclosure } from '../record-disclosure/record-disclosure.decider.js';
import type { DisclosureRecord } from '../member/member-events.js';
import { decideCorrection, decideVoid } from './correct-disclosure.decider.js';

const calendar = { timeZone: 'America/New_York', complianceDate: '2003-04-14' };
const base: DisclosureRecord = {
  disclosureId: 'E1',
  memberId: 'M1',
  occurredAt: '2024-06-15T14:00:00Z',
  occurredPeriod: null,
  recipient: { name: 'Court', address: null, id: 'CT' },
  channel: 'legal',
  madeBy: null,
  phiDescription: 'claims',
  purpose: 'subpoena',
  purposeOfUse: null,
  legalBasis: { cfr: '164.512(e)(1)(ii)', permitted: true, authorizationId: null, rationale: null },
  writtenRequestRef: null,
  researchProtocolId: null,
  sensitivity: { part2: false, minorConsented: false },
  sourceSystem: null,
};

function recorded(d: DisclosureRecord = base): MemberLedger {
  const decision = decideRecordDisclosure(emptyLedger(), { disclosure: d, commandHash: 'h' }, calendar);
  if ('kind' in decision) throw new Error(decision.detail);
  return decision.events.reduce(
    (s, e, i) => evolve(s, { ...e, revision: BigInt(i), position: BigInt(i + 1) }),
    emptyLedger(),
  );
}

const correction = (changes: Record<string, unknown>, correctionId = 'C1') => ({
  disclosureId: 'E1',
  correctionId,
  changes,
  reason: 'typo',
  commandHash: `c-${correctionId}-${JSON.stringify(changes)}`,
});

describe('correcting a disclosure', () => {
  it('records DisclosureCorrected with the corrected judgement', () => {
    const decision = decideCorrection(
      recorded(),
      correction({ recipient: { name: 'Superior Court', address: '1 Court St', id: 'CT' } }),
      calendar,
    );
    expect(decision).toMatchObject({
      events: [{ type: 'DisclosureCorrected', data: { permitted: true, accountable: true } }],
    });
  });

  it('a corrected basis that is impermissible flags a breach assessment, once', () => {
    const decision = decideCorrection(
      recorded(),
      correction({ legalBasis: { cfr: null, permitted: false } }),
      calendar,
    );
    expect(decision).toMatchObject({
      events: [{ type: 'DisclosureCorrected' }, { type: 'BreachAssessmentRequired' }],
      result: { flags: ['BREACH_ASSESSMENT_REQUIRED'] },
    });
    const already = recorded({ ...base, legalBasis: { ...base.legalBasis, cfr: null, permitted: false } });
    expect(decideCorrection(already, correction({ purpose: 'misdirected fax' }), calendar)).toMatchObject({
      events: [{ type: 'DisclosureCorrected' }],
    });
  });

  it('correcting to a TPO basis makes it not accountable', () => {
    expect(
      decideCorrection(recorded(), correction({ legalBasis: { cfr: '164.506(c)(1)', permitted: true } }), calendar),
    ).toMatchObject({ result: { accountable: false } });
  });

  it('an unknown disclosure is 404; a voided one cannot be corrected', () => {
    expect(decideCorrection(emptyLedger(), correction({ purpose: 'x' }), calendar)).toMatchObject({
      status: 404,
      code: 'UNKNOWN_DISCLOSURE',
    });
    const voided = evolve(recorded(), {
      type: 'DisclosureVoided',
      data: { voidId: 'V1', disclosureId: 'E1', reason: 'x', commandHash: 'v' },
      revision: 1n,
      position: 2n,
    });
    expect(decideCorrection(voided, correction({ purpose: 'x' }), calendar)).toMatchObject({
      status: 409,
      code: 'DISCLOSURE_VOIDED',
    });
  });

  it('a retried correction replays; the same correction id with other changes conflicts', () => {
    const cmd = correction({ purpose: 'court order' });
    const decision = decideCorrection(recorded(), cmd, calendar);
    if ('kind' in decision) throw new Error('refused');
    const after = decision.events.reduce((s, e) => evolve(s, { ...e, revision: 1n, position: 5n }), recorded());
    expect(decideCorrection(after, cmd, calendar)).toMatchObject({ events: [], replayedAt: 5n });
    expect(decideCorrection(after, correction({ purpose: 'other' }), calendar)).toMatchObject({ code: 'ID_CONFLICT' });
  });
});

describe('voiding a disclosure entered in error', () => {
  it('records DisclosureVoided; the disclosure stays in the stream', () => {
    expect(
      decideVoid(recorded(), { disclosureId: 'E1', voidId: 'V1', reason: 'wrong member', commandHash: 'v' }),
    ).toMatchObject({ events: [{ type: 'DisclosureVoided', eventId: 'void:E1:V1' }] });
  });
});
