/**
 * The business-associate register (164.502(e), 164.504(e)): an associate registered once, each agreement recorded once
 * by its id, a termination once per agreement and not before its signature. Pure: the associate's folded stream.
 */
import { conflictOf, replayOf, type Decision } from '../../commands/decision.js';
import { ledgerError, type LedgerError } from '../../commands/ledger-error.js';
import type { AssociateEvent, AssociateEventMap } from '../../events/business-associate.events.js';
import { associateCommandKey, type AssociateOnFile } from '../../rules/business-associates.js';

export type AssociateStep = {
  [K in keyof AssociateEventMap]: { associateId: string; type: K; data: AssociateEventMap[K] };
}[keyof AssociateEventMap];

export interface AssociateResult {
  associateId: string;
  agreementId?: string;
}

export function decideAssociateStep(
  step: AssociateStep,
  s: AssociateOnFile,
): Decision<AssociateResult, AssociateEvent> | LedgerError {
  const agreementId = step.type === 'BusinessAssociateRegistered' ? undefined : step.data.agreementId;
  const key = associateCommandKey(step.type, { agreementId });
  const result = (): AssociateResult => ({ associateId: step.associateId, ...(agreementId ? { agreementId } : {}) });
  const what =
    step.type === 'BusinessAssociateRegistered'
      ? 'business associate'
      : step.type === 'AgreementRecorded'
        ? 'agreement'
        : 'termination of agreement';
  const replay = replayOf(
    s.commands.get(key),
    step.data.commandHash,
    result,
    conflictOf(what, agreementId ?? step.associateId),
  );
  if (replay) return replay;
  if (step.type !== 'BusinessAssociateRegistered' && !s.registered) {
    return ledgerError(404, 'UNKNOWN_ASSOCIATE', `no business associate ${step.associateId} is registered`);
  }
  if (step.type === 'AgreementTerminated') {
    const agreement = s.agreements.get(step.data.agreementId);
    if (!agreement)
      return ledgerError(
        404,
        'UNKNOWN_AGREEMENT',
        `no agreement ${step.data.agreementId} is recorded for ${step.associateId}`,
      );
    if (step.data.terminatedOn < agreement.signedOn) {
      return ledgerError(
        422,
        'INVALID_DATE',
        `terminatedOn is before the agreement was signed (${agreement.signedOn})`,
        'terminatedOn',
      );
    }
  }
  const eventId = `${key.split(':')[0]}:${step.associateId}${agreementId ? `:${agreementId}` : ''}`;
  return { events: [{ type: step.type, eventId, data: step.data } as AssociateEvent], result: result() };
}
