/** Suspensions (164.528(a)(2)) as pure decisions over the suspension stream. */
import { conflictOf, replayOf, type Decision } from '../../commands/decision.js';
import { ledgerError, type LedgerError } from '../../commands/ledger-error.js';
import type { SuspensionEvent, SuspensionRequested } from '../../events/suspension.events.js';
import type { ConfirmInWriting, SuspensionState } from './suspension.command.js';

export interface SuspensionResult {
  suspensionId: string;
}

export function decideSuspension(
  cmd: SuspensionRequested,
  state: SuspensionState,
): Decision<SuspensionResult, SuspensionEvent> | LedgerError {
  const result = () => ({ suspensionId: cmd.suspensionId });
  const recorded = state.requested && { hash: state.requested.commandHash, position: state.requested.position };
  const replay = replayOf(recorded ?? undefined, cmd.commandHash, result, conflictOf('suspension', cmd.suspensionId));
  if (replay) return replay;
  // (a)(2)(ii)(A): document the oral statement, including the identity of the agency or official
  if (cmd.form === 'oral' && !cmd.officialIdentity) {
    return ledgerError(
      422,
      'OFFICIAL_IDENTITY_REQUIRED',
      'an oral statement must record the identity of the official who made it',
      'officialIdentity',
    );
  }
  // (a)(2)(i): a written statement specifies the time for which the suspension is required
  if (cmd.form === 'written' && !cmd.until) {
    return ledgerError(
      422,
      'SUSPENSION_END_REQUIRED',
      'a written statement must give the time the suspension is required (until)',
      'until',
    );
  }
  return {
    events: [{ type: 'SuspensionRequested', eventId: `suspension:${cmd.suspensionId}`, data: cmd }],
    result: result(),
  };
}

/**
 * (a)(2)(ii)(C): the written statement that makes an oral suspension last beyond 30 days. Idempotent by its content:
 * the event id carries the command hash, so the same statement again is stored once.
 */
export function decideWrittenStatement(
  cmd: ConfirmInWriting,
  state: SuspensionState,
): Decision<SuspensionResult, SuspensionEvent> | LedgerError {
  if (!state.requested) return ledgerError(404, 'UNKNOWN_SUSPENSION', `no suspension ${cmd.suspensionId} is recorded`);
  if (Date.parse(cmd.receivedAt) < Date.parse(state.requested.statedAt)) {
    return ledgerError(
      422,
      'INVALID_DATE',
      'the written statement cannot be received before the suspension was stated',
      'receivedAt',
    );
  }
  return {
    events: [
      {
        type: 'SuspensionConfirmedInWriting',
        eventId: `suspension-statement:${cmd.suspensionId}:${cmd.commandHash}`,
        data: { suspensionId: cmd.suspensionId, receivedAt: cmd.receivedAt, until: cmd.until },
      },
    ],
    result: { suspensionId: cmd.suspensionId },
  };
}
