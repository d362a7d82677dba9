/** Corrections and voids as specifications: new events, never edits; a corrected basis is judged again. */
import { describe, expect, it } from '@jest/globals';
import type { DisclosureRecord } from '../../events/member.events.js';
import { decider, type GivenEvent } from '../../../test/support/decider.js';
import { RecordDisclosureCommand } from '../record-disclosure/record-disclosure.command.js';
import { CorrectDisclosureCommand, VoidDisclosureCommand } from './correct-disclosure.command.js';

const correcting = decider(CorrectDisclosureCommand.useCase);
const voiding = decider(VoidDisclosureCommand.useCase);

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

/** When the ledger received the commands below. */
const RECEIVED_AT = '2024-07-01T12:00:00Z';

/** The member stream after the disclosure was recorded (with its breach assessment when impermissible). */
const recorded = (d: DisclosureRecord = base): GivenEvent[] =>
  decider(RecordDisclosureCommand.useCase).given().when({ disclosure: d, commandHash: 'h', receivedAt: RECEIVED_AT })
    .events;

const correction = (changes: Record<string, unknown>, correctionId = 'C1') => ({
  disclosureId: 'E1',
  correctionId,
  changes,
  reason: 'typo',
  commandHash: `c-${correctionId}-${JSON.stringify(changes)}`,
  receivedAt: RECEIVED_AT,
});

describe('correcting a disclosure', () => {
  it('records DisclosureCorrected with the corrected judgement', () => {
    correcting
      .given(...recorded())
      .when(correction({ recipient: { name: 'Superior Court', address: '1 Court St', id: 'CT' } }))
      .then([
        { type: 'DisclosureCorrected', eventId: 'correction:E1:C1', data: { permitted: true, accountable: true } },
      ]);
  });

  it('a corrected basis that is impermissible flags a breach assessment, once', () => {
    const decision = correcting
      .given(...recorded())
      .when(correction({ legalBasis: { cfr: null, permitted: false } }))
      .then([{ type: 'DisclosureCorrected' }, { type: 'BreachAssessmentRequired', eventId: 'breach-assessment:E1' }]);
    expect(decision.result).toMatchObject({ flags: ['BREACH_ASSESSMENT_REQUIRED'] });
    const alreadyFlagged = recorded({ ...base, legalBasis: { ...base.legalBasis, cfr: null, permitted: false } });
    correcting
      .given(...alreadyFlagged)
      .when(correction({ purpose: 'misdirected fax' }))
      .then([{ type: 'DisclosureCorrected' }]);
  });

  it('correcting to a TPO basis makes it not accountable', () => {
    const decision = correcting
      .given(...recorded())
      .when(correction({ legalBasis: { cfr: '164.506(c)(1)', permitted: true } }))
      .then([{ type: 'DisclosureCorrected', data: { accountable: false } }]);
    expect(decision.result).toMatchObject({ accountable: false });
  });

  it('correcting to a de-identified report makes it not accountable (NOT_PHI, as the accounting judges it)', () => {
    correcting
      .given(...recorded())
      .when(correction({ legalBasis: { cfr: '164.514(b)', permitted: true } }))
      .then([{ type: 'DisclosureCorrected', data: { accountable: false } }]);
  });

  it('a corrected time after the correction was received is refused (422 OCCURRED_IN_FUTURE)', () => {
    correcting
      .given(...recorded())
      .when(correction({ occurredAt: '2024-07-01T12:05:00.001Z' }))
      .then({ status: 422, code: 'OCCURRED_IN_FUTURE', path: 'changes.occurredAt' });
    correcting
      .given(...recorded())
      .when(correction({ occurredPeriod: { from: '2024-06-01', to: '2024-07-02' } }))
      .then({ status: 422, code: 'OCCURRED_IN_FUTURE', path: 'changes.occurredPeriod.to' });
  });

  it('a corrected basis the rule table does not know is refused (422 UNKNOWN_LEGAL_BASIS)', () => {
    correcting
      .given(...recorded())
      .when(correction({ legalBasis: { cfr: '999.1', permitted: true, authorizationId: null, rationale: null } }))
      .then({ status: 422, code: 'UNKNOWN_LEGAL_BASIS', path: 'legalBasis.cfr' });
  });

  it('an unknown disclosure is 404; a voided one cannot be corrected', () => {
    correcting
      .given()
      .when(correction({ purpose: 'x' }))
      .then({ status: 404, code: 'UNKNOWN_DISCLOSURE' });
    const voided = {
      type: 'DisclosureVoided',
      data: { voidId: 'V1', disclosureId: 'E1', reason: 'x', commandHash: 'v' },
    };
    correcting
      .given(...recorded(), voided)
      .when(correction({ purpose: 'x' }))
      .then({ status: 409, code: 'DISCLOSURE_VOIDED' });
  });

  it('a retried correction replays; the same correction id with other changes conflicts', () => {
    const cmd = correction({ purpose: 'court order' });
    const corrected = [...recorded(), ...correcting.given(...recorded()).when(cmd).events];
    expect(
      correcting
        .given(...corrected)
        .when(cmd)
        .thenNothingHappened().replayedAt,
    ).toBe(2n);
    correcting
      .given(...corrected)
      .when(correction({ purpose: 'other' }))
      .then({ status: 409, code: 'ID_CONFLICT' });
  });
});

describe('voiding a disclosure entered in error', () => {
  const entered = { disclosureId: 'E1', voidId: 'V1', reason: 'wrong member', commandHash: 'v' };

  it('records DisclosureVoided; the disclosure stays in the stream', () => {
    const decision = voiding
      .given(...recorded())
      .when(entered)
      .then([{ type: 'DisclosureVoided', eventId: 'void:E1:V1' }]);
    expect(decision.result).toMatchObject({ voidId: 'V1', accountable: false });
  });

  it('a retried void replays; a void of an unknown disclosure is 404', () => {
    const voided = [...recorded(), ...voiding.given(...recorded()).when(entered).events];
    voiding
      .given(...voided)
      .when(entered)
      .thenNothingHappened();
    voiding.given().when(entered).then({ status: 404, code: 'UNKNOWN_DISCLOSURE' });
  });
});
