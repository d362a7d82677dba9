/** Suspensions (164.528(a)(2)): recorded by the privacy office, judged by the engine at generation time. */
import type { StoredEvent } from '../../event-store/event-store.port.js';
import type { Decision } from '../../ledger/shared/decision.js';
import { idConflict, ledgerError, type LedgerError } from '../../ledger/shared/ledger-error.js';
import type { StreamEvent } from '../../ledger/shared/stream-command.js';

export interface SuspensionRequested {
  suspensionId: string;
  agency: string;
  form: 'written' | 'oral';
  statedAt: string;
  /** last day (plan date) the agency asked for */
  until: string | null;
  officialIdentity: string | null;
  /** null: every member */
  memberIds: string[] | null;
  commandHash: string;
}

export interface SuspensionState {
  requested: (SuspensionRequested & { position: bigint }) | null;
}

export const suspensionStream = (id: string) => `suspension-${id}`;

export function foldSuspension(events: StoredEvent[]): SuspensionState {
  const first = events.find((e) => e.type === 'SuspensionRequested');
  return { requested: first ? { ...(first.data as SuspensionRequested), position: first.position } : null };
}

type Result = { suspensionId: string };

export function decideSuspension(
  state: SuspensionState,
  cmd: SuspensionRequested,
): Decision<Result, StreamEvent> | LedgerError {
  if (state.requested) {
    return state.requested.commandHash === cmd.commandHash
      ? { events: [], result: { suspensionId: cmd.suspensionId }, replayedAt: state.requested.position }
      : idConflict('suspension', cmd.suspensionId);
  }
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
    result: { suspensionId: cmd.suspensionId },
  };
}

export function decideWrittenStatement(
  state: SuspensionState,
  cmd: { suspensionId: string; receivedAt: string; until: string; commandHash: string },
): Decision<Result, StreamEvent> | LedgerError {
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
