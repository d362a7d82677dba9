/**
 * RecordDisclosure: decide(state, command) → events. Pure: everything it needs is the member's folded
 * stream, the command and the plan's calendar (time zone, compliance date).
 */
import { exclusionFor } from '../../accounting/engine/legal-bases.js';
import { planDate } from '../../shared/plan-dates.js';
import type { DisclosureRecord, MemberEvent, PhiDisclosed } from '../member/member-events.js';
import type { MemberLedger } from '../member/member-ledger.js';
import type { Decision } from '../shared/decision.js';
import { idConflict, type LedgerError } from '../shared/ledger-error.js';
import { inCustody, judgeLegalBasis, type DisclosureDays } from './legal-basis.js';

export const BREACH_FLAG = 'BREACH_ASSESSMENT_REQUIRED';

export interface RecordDisclosure {
  disclosure: DisclosureRecord;
  commandHash: string;
}

export interface PlanCalendar {
  timeZone: string;
  complianceDate: string;
}

export interface RecordedDisclosure {
  disclosureId: string;
  memberId: string;
  permitted: boolean;
  accountable: boolean;
  flags: string[];
}

export function disclosureDays(
  d: Pick<DisclosureRecord, 'occurredAt' | 'occurredPeriod'>,
  timeZone: string,
): DisclosureDays {
  if (d.occurredPeriod) return { first: d.occurredPeriod.from, last: d.occurredPeriod.to };
  const day = planDate(d.occurredAt!, timeZone);
  return { first: day, last: day };
}

const resultOf = (e: PhiDisclosed): RecordedDisclosure => ({
  disclosureId: e.disclosureId,
  memberId: e.memberId,
  permitted: e.permitted,
  accountable: e.accountable,
  flags: e.flags,
});

export function decideRecordDisclosure(
  state: MemberLedger,
  { disclosure, commandHash }: RecordDisclosure,
  calendar: PlanCalendar,
): Decision<RecordedDisclosure> | LedgerError {
  const existing = state.disclosures.get(disclosure.disclosureId);
  if (existing) {
    return existing.data.commandHash === commandHash
      ? { events: [], result: resultOf(existing.data), replayedAt: existing.position }
      : idConflict('disclosure', disclosure.disclosureId);
  }
  const days = disclosureDays(disclosure, calendar.timeZone);
  const judgement = judgeLegalBasis(state, disclosure, days, (i) => planDate(i, calendar.timeZone));
  if ('kind' in judgement) return judgement;
  const { permitted, findings } = judgement;
  // 164.528(a)(1): accountable unless an exclusion applies; an impermissible disclosure never matches one.
  const accountable =
    exclusionFor({
      cfr: disclosure.legalBasis.cfr,
      permitted,
      date: days.first,
      complianceDate: calendar.complianceDate,
      inCustody: inCustody(state, days),
    }) === null;
  const flags = permitted ? [] : [BREACH_FLAG];
  // (the record spread last: V8 builds `{ ...record, a, b }` the slow way, ~3.6 KB of garbage per disclosure; the
  // judgement's keys are not the record's, so the order changes nothing but the stored JSON's key order)
  const disclosed: PhiDisclosed = { commandHash, permitted, accountable, flags, findings, ...disclosure };
  const events: MemberEvent[] = [
    { type: 'PhiDisclosed', eventId: `disclosure:${disclosure.disclosureId}`, data: disclosed },
  ];
  if (!permitted) {
    // 164.402: an impermissible disclosure is presumed a breach until assessed; one assessment per disclosure.
    events.push({
      type: 'BreachAssessmentRequired',
      eventId: `breach-assessment:${disclosure.disclosureId}`,
      data: { disclosureId: disclosure.disclosureId, reasons: findings },
    });
  }
  return { events, result: resultOf(disclosed) };
}
