/**
 * Corrections and voids are new events: nothing stored is ever updated or deleted (architecture.md §3).
 * A correction is re-judged like a new disclosure (a changed basis can make it impermissible); a void marks
 * a disclosure entered in error, which stays in the audit trail but leaves the accounting (trace VOIDED).
 */
import { conflictOf, replayOf, type Decision } from '../../commands/decision.js';
import { isLedgerError, ledgerError, type LedgerError } from '../../commands/ledger-error.js';
import type { DisclosureRecord, MemberEvent } from '../../events/member.events.js';
import { accountability } from '../../rules/accountability.js';
import { disclosureDays } from '../../rules/disclosure-days.js';
import type { AssociateOnFile } from '../../rules/business-associates.js';
import type { PlanCalendar } from '../../rules/policy.js';
import { commandKeys, type DisclosureOnFile, type MemberLedger } from '../member/member-state.js';
import { breachAssessment } from '../record-disclosure/record-disclosure.decider.js';
import { BREACH_FLAG, judgeLegalBasis, occurredInFuture } from '../record-disclosure/legal-basis.js';
import type { CorrectDisclosure, VoidDisclosure } from './correct-disclosure.command.js';

export interface CorrectionResult {
  disclosureId: string;
  correctionId?: string;
  voidId?: string;
  permitted: boolean;
  accountable: boolean;
  flags: string[];
}

/** The disclosure a correction or void names: recorded for this member, and not voided. */
function target(state: MemberLedger, disclosureId: string): DisclosureOnFile | LedgerError {
  const disclosure = state.disclosures.get(disclosureId);
  if (!disclosure) return ledgerError(404, 'UNKNOWN_DISCLOSURE', `no disclosure ${disclosureId} is recorded`);
  if (disclosure.voided) {
    return ledgerError(409, 'DISCLOSURE_VOIDED', `disclosure ${disclosureId} was voided as entered in error`);
  }
  return disclosure;
}

export function decideCorrection(
  cmd: CorrectDisclosure,
  state: MemberLedger,
  plan: PlanCalendar,
  associate: AssociateOnFile | null = null,
): Decision<CorrectionResult, MemberEvent> | LedgerError {
  const replay = replayOf(
    state.commands.get(commandKeys.DisclosureCorrected(cmd)),
    cmd.commandHash,
    () => {
      const { permitted, accountable, flags } = state.disclosures.get(cmd.disclosureId)!.data;
      return { disclosureId: cmd.disclosureId, correctionId: cmd.correctionId, permitted, accountable, flags };
    },
    conflictOf('correction', cmd.correctionId),
  );
  if (replay) return replay;
  const disclosure = target(state, cmd.disclosureId);
  if (isLedgerError(disclosure)) return disclosure;
  const changes = { ...cmd.changes };
  if (changes.occurredAt) changes.occurredPeriod = null;
  if (changes.occurredPeriod) changes.occurredAt = null;
  const corrected: DisclosureRecord = { ...disclosure.data, ...changes };
  const future = occurredInFuture(corrected, cmd.receivedAt, plan.timeZone, 'changes.');
  if (future) return future;
  const days = disclosureDays(corrected, plan.timeZone);
  const judgement = judgeLegalBasis(state, corrected, days, plan.timeZone, associate, changes.legalBasis !== undefined);
  if (isLedgerError(judgement)) return judgement;
  const { permitted, findings } = judgement;
  const accountable =
    accountability({ cfr: corrected.legalBasis.cfr, permitted }, state, days, plan.complianceDate) === null;
  const events: MemberEvent[] = [
    {
      type: 'DisclosureCorrected',
      eventId: `correction:${cmd.disclosureId}:${cmd.correctionId}`,
      data: {
        correctionId: cmd.correctionId,
        disclosureId: cmd.disclosureId,
        changes,
        reason: cmd.reason,
        commandHash: cmd.commandHash,
        permitted,
        accountable,
        findings,
      },
    },
  ];
  if (!permitted && !disclosure.breachRequired) events.push(breachAssessment(cmd.disclosureId, findings));
  const flags = permitted ? [] : [BREACH_FLAG];
  return {
    events,
    result: { disclosureId: cmd.disclosureId, correctionId: cmd.correctionId, permitted, accountable, flags },
  };
}

export function decideVoid(
  cmd: VoidDisclosure,
  state: MemberLedger,
): Decision<CorrectionResult, MemberEvent> | LedgerError {
  const result = () => {
    const { permitted, flags } = state.disclosures.get(cmd.disclosureId)!.data;
    return { disclosureId: cmd.disclosureId, voidId: cmd.voidId, permitted, accountable: false, flags };
  };
  const replay = replayOf(
    state.commands.get(commandKeys.DisclosureVoided(cmd)),
    cmd.commandHash,
    result,
    conflictOf('void', cmd.voidId),
  );
  if (replay) return replay;
  const disclosure = target(state, cmd.disclosureId);
  if (isLedgerError(disclosure)) return disclosure;
  return {
    events: [
      {
        type: 'DisclosureVoided',
        eventId: `void:${cmd.disclosureId}:${cmd.voidId}`,
        data: { voidId: cmd.voidId, disclosureId: cmd.disclosureId, reason: cmd.reason, commandHash: cmd.commandHash },
      },
    ],
    result: result(),
  };
}
