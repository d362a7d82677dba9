/**
 * RecordDisclosure: decide(command, state) → events. Pure: everything it needs is the member's folded stream, the
 * command and the plan's calendar (time zone, compliance date).
 */
import { replayOf, conflictOf, type Decision } from '../../commands/decision.js';
import { isLedgerError, ledgerError, type LedgerError } from '../../commands/ledger-error.js';
import { disclosureEventId, phiDisclosed, type MemberEvent, type PhiDisclosed } from '../../events/member.events.js';
import { accountability } from '../../rules/accountability.js';
import { disclosureDays } from '../../rules/disclosure-days.js';
import { PART2_VIOLATION_FLAG, PROCEEDINGS_FINDING, proceedingsRestricted } from '../../rules/part2.js';
import type { AssociateOnFile } from '../../rules/business-associates.js';
import type { PlanCalendar } from '../../rules/policy.js';
import type { MemberLedger } from '../member/member-state.js';
import { BREACH_FLAG, judgeLegalBasis, occurredInFuture } from './legal-basis.js';
import type { RecordDisclosure } from './record-disclosure.command.js';

export interface RecordedDisclosure {
  disclosureId: string;
  memberId: string;
  permitted: boolean;
  accountable: boolean;
  flags: string[];
}

const resultOf = (e: PhiDisclosed): RecordedDisclosure => ({
  disclosureId: e.disclosureId,
  memberId: e.memberId,
  permitted: e.permitted,
  accountable: e.accountable,
  flags: e.flags,
});

export function decideRecordDisclosure(
  { disclosure, commandHash, receivedAt }: RecordDisclosure,
  state: MemberLedger,
  plan: PlanCalendar,
  associate: AssociateOnFile | null = null,
): Decision<RecordedDisclosure, MemberEvent> | LedgerError {
  const existing = state.disclosures.get(disclosure.disclosureId);
  const replay = replayOf(
    existing && { hash: existing.data.commandHash, position: existing.position },
    commandHash,
    () => resultOf(existing!.data),
    conflictOf('disclosure', disclosure.disclosureId),
  );
  if (replay) return replay;
  const future = occurredInFuture(disclosure, receivedAt, plan.timeZone);
  if (future) return future;
  const days = disclosureDays(disclosure, plan.timeZone);
  const judgement = judgeLegalBasis(state, disclosure, days, plan.timeZone, associate);
  if (isLedgerError(judgement)) return judgement;
  const restricted = proceedingsRestricted(disclosure.sensitivity);
  // 42 CFR 2.12(d)(1): refused when claimed as permitted; recorded as the violation it was when reported as having
  // happened anyway (permitted: false)
  if (restricted && disclosure.legalBasis.permitted) {
    return ledgerError(
      422,
      'PART2_PROCEEDINGS_RESTRICTION',
      'Part 2 records may not be disclosed for proceedings against the member without a court order or the ' +
        "member's specific consent (42 CFR 2.12(d)(1)); name one in sensitivity.part2Proceedings, or record the " +
        'disclosure as impermissible (legalBasis.permitted: false) if it happened',
      'sensitivity.part2Proceedings',
    );
  }
  const { permitted } = judgement;
  const findings = restricted ? [...judgement.findings, PROCEEDINGS_FINDING] : judgement.findings;
  const basis = { cfr: disclosure.legalBasis.cfr, permitted };
  const accountable = accountability(basis, state, days, plan.complianceDate) === null;
  const disclosed = phiDisclosed(disclosure, {
    commandHash,
    permitted,
    accountable,
    flags: permitted ? [] : restricted ? [BREACH_FLAG, PART2_VIOLATION_FLAG] : [BREACH_FLAG],
    findings,
  });
  const events: MemberEvent[] = [
    { type: 'PhiDisclosed', eventId: disclosureEventId(disclosure.disclosureId), data: disclosed },
  ];
  // 164.402: an impermissible disclosure is presumed a breach until assessed; one assessment per disclosure.
  if (!permitted) events.push(breachAssessment(disclosure.disclosureId, findings));
  return { events, result: resultOf(disclosed) };
}

/** The breach-assessment flag of an impermissible disclosure (event id: one per disclosure, ever). */
export function breachAssessment(disclosureId: string, reasons: string[]): MemberEvent {
  return {
    type: 'BreachAssessmentRequired',
    eventId: `breach-assessment:${disclosureId}`,
    data: { disclosureId, reasons },
  };
}
