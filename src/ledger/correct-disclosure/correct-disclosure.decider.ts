/**
 * Corrections and voids are new events: nothing stored is ever updated or deleted (architecture.md §3).
 * A correction is re-judged like a new disclosure (a changed basis can make it impermissible); a void marks
 * a disclosure entered in error, which stays in the audit trail but leaves the accounting (trace VOIDED).
 */
import { exclusionFor } from '../../accounting/engine/legal-bases.js';
import { planDate } from '../../shared/plan-dates.js';
import type { DisclosureCorrected, DisclosureRecord, MemberEvent } from '../member/member-events.js';
import type { MemberLedger } from '../member/member-ledger.js';
import { inCustody, judgeLegalBasis } from '../record-disclosure/legal-basis.js';
import { BREACH_FLAG, disclosureDays, type PlanCalendar } from '../record-disclosure/record-disclosure.decider.js';
import type { Decision } from '../shared/decision.js';
import { idConflict, ledgerError, type LedgerError } from '../shared/ledger-error.js';

export interface CorrectionResult {
  disclosureId: string;
  correctionId?: string;
  voidId?: string;
  permitted: boolean;
  accountable: boolean;
  flags: string[];
}

function target(state: MemberLedger, disclosureId: string) {
  const disclosure = state.disclosures.get(disclosureId);
  if (!disclosure) return ledgerError(404, 'UNKNOWN_DISCLOSURE', `no disclosure ${disclosureId} is recorded`);
  if (disclosure.voided)
    return ledgerError(409, 'DISCLOSURE_VOIDED', `disclosure ${disclosureId} was voided as entered in error`);
  return disclosure;
}

function replay(
  state: MemberLedger,
  key: string,
  hash: string,
  what: string,
  id: string,
  result: () => CorrectionResult,
) {
  const seen = state.commands.get(key);
  if (!seen) return null;
  return seen.hash === hash ? { events: [], result: result(), replayedAt: seen.position } : idConflict(what, id);
}

export function decideCorrection(
  state: MemberLedger,
  cmd: {
    disclosureId: string;
    correctionId: string;
    changes: DisclosureCorrected['changes'];
    reason: string;
    commandHash: string;
  },
  calendar: PlanCalendar,
): Decision<CorrectionResult> | LedgerError {
  const current = () => state.disclosures.get(cmd.disclosureId)!.data;
  const replayed = replay(
    state,
    `correction:${cmd.correctionId}`,
    cmd.commandHash,
    'correction',
    cmd.correctionId,
    () => ({
      disclosureId: cmd.disclosureId,
      correctionId: cmd.correctionId,
      permitted: current().permitted,
      accountable: current().accountable,
      flags: current().flags,
    }),
  );
  if (replayed) return replayed;
  const disclosure = target(state, cmd.disclosureId);
  if ('kind' in disclosure) return disclosure;
  const changes = { ...cmd.changes };
  if (changes.occurredAt) changes.occurredPeriod = null;
  if (changes.occurredPeriod) changes.occurredAt = null;
  const corrected: DisclosureRecord = { ...disclosure.data, ...changes };
  const days = disclosureDays(corrected, calendar.timeZone);
  const judgement = judgeLegalBasis(state, corrected, days, (i) => planDate(i, calendar.timeZone));
  if ('kind' in judgement) return judgement;
  const accountable =
    exclusionFor({
      cfr: corrected.legalBasis.cfr,
      permitted: judgement.permitted,
      date: days.first,
      complianceDate: calendar.complianceDate,
      inCustody: inCustody(state, days),
    }) === null;
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
        permitted: judgement.permitted,
        accountable,
        findings: judgement.findings,
      },
    },
  ];
  if (!judgement.permitted && !disclosure.breachRequired) {
    events.push({
      type: 'BreachAssessmentRequired',
      eventId: `breach-assessment:${cmd.disclosureId}`,
      data: { disclosureId: cmd.disclosureId, reasons: judgement.findings },
    });
  }
  const flags = judgement.permitted ? [] : [BREACH_FLAG];
  return {
    events,
    result: {
      disclosureId: cmd.disclosureId,
      correctionId: cmd.correctionId,
      permitted: judgement.permitted,
      accountable,
      flags,
    },
  };
}

export function decideVoid(
  state: MemberLedger,
  cmd: { disclosureId: string; voidId: string; reason: string; commandHash: string },
): Decision<CorrectionResult> | LedgerError {
  const result = () => {
    const d = state.disclosures.get(cmd.disclosureId)!.data;
    return {
      disclosureId: cmd.disclosureId,
      voidId: cmd.voidId,
      permitted: d.permitted,
      accountable: false,
      flags: d.flags,
    };
  };
  const replayed = replay(state, `void:${cmd.voidId}`, cmd.commandHash, 'void', cmd.voidId, result);
  if (replayed) return replayed;
  const disclosure = target(state, cmd.disclosureId);
  if ('kind' in disclosure) return disclosure;
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
