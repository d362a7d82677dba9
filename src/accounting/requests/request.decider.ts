/** Accounting-request commands as pure decisions over the request stream (164.528(c), (d)). */
import type { Decision } from '../../ledger/shared/decision.js';
import { idConflict, ledgerError, type LedgerError } from '../../ledger/shared/ledger-error.js';
import type { StreamEvent } from '../../ledger/shared/stream-command.js';
import { planDate } from '../../shared/plan-dates.js';
import { addDays } from '../engine/calendar.js';
import type { AccountingProvided, AccountingRequested } from './request-events.js';
import type { RequestState } from './request-lifecycle.js';

type Result = Record<string, unknown> & { requestId: string };
type Outcome = Decision<Result, StreamEvent> | LedgerError;

/** Replays a command already recorded under `key`; another body under the same key gets `otherwise`. */
function replayed(
  state: RequestState,
  key: string,
  hash: string,
  otherwise: LedgerError,
  result: Result,
): Outcome | null {
  const seen = state.commands.get(key);
  if (!seen) return null;
  return seen.hash === hash ? { events: [], result, replayedAt: seen.position } : otherwise;
}

/** Commands after the request is closed (provided or withdrawn) are refused. */
function openRequest(state: RequestState, requestId: string): LedgerError | null {
  if (!state.requested) return ledgerError(404, 'UNKNOWN_REQUEST', `no accounting request ${requestId} is recorded`);
  if (state.provided) return ledgerError(409, 'REQUEST_CLOSED', `request ${requestId} was already fulfilled`);
  if (state.withdrawn) return ledgerError(409, 'REQUEST_CLOSED', `request ${requestId} was withdrawn`);
  return null;
}

export function decideRequest(state: RequestState, cmd: AccountingRequested): Outcome {
  const result = { requestId: cmd.requestId, dueOn: cmd.dueOn, feeRequired: cmd.feeRequired };
  const again = replayed(
    state,
    'request',
    cmd.commandHash,
    idConflict('accounting request', cmd.requestId),
    state.requested
      ? { requestId: cmd.requestId, dueOn: state.requested.dueOn, feeRequired: state.requested.feeRequired }
      : result,
  );
  if (again) return again;
  return {
    events: [{ type: 'AccountingRequested', eventId: `accounting-request:${cmd.requestId}`, data: cmd }],
    result,
  };
}

/** (c)(1)(ii): one extension, of at most 30 days, with a written statement sent within the 60 days. */
export function decideExtension(
  state: RequestState,
  requestId: string,
  cmd: { sentAt: string; reason: string; newDueOn: string; commandHash: string },
  timeZone: string,
): Outcome {
  const again = replayed(
    state,
    'extension',
    cmd.commandHash,
    ledgerError(422, 'EXTENSION_ALREADY_SENT', 'only one extension is allowed per request (164.528(c)(1)(ii))'),
    { requestId, dueOn: state.extension?.newDueOn ?? '' },
  );
  if (again) return again;
  const closed = openRequest(state, requestId);
  if (closed) return closed;
  const due = state.requested!.dueOn;
  if (planDate(cmd.sentAt, timeZone) > due) {
    return ledgerError(
      422,
      'EXTENSION_TOO_LATE',
      `the extension notice must be sent within the 60 days, by ${due}`,
      'sentAt',
    );
  }
  const limit = addDays(due, 30);
  if (cmd.newDueOn > limit || cmd.newDueOn <= due) {
    return ledgerError(
      422,
      'EXTENSION_TOO_LONG',
      `newDueOn must be after ${due} and no later than ${limit} (30 days)`,
      'newDueOn',
    );
  }
  return {
    events: [
      {
        type: 'ExtensionNoticeSent',
        eventId: `accounting-request-extension:${requestId}`,
        data: { memberId: state.requested!.memberId, ...cmd },
      },
    ],
    result: { requestId, dueOn: cmd.newDueOn },
  };
}

/** (c)(2): a fee only for a request that is not the first in 12 months, and only after notice. */
export function decideFeeNotice(
  state: RequestState,
  requestId: string,
  cmd: { sentAt: string; amount: number; commandHash: string },
): Outcome {
  const again = replayed(
    state,
    'fee',
    cmd.commandHash,
    ledgerError(409, 'FEE_NOTICE_ALREADY_SENT', `a fee notice was already sent on ${state.feeNotice?.sentAt}`),
    { requestId, amount: cmd.amount },
  );
  if (again) return again;
  const closed = openRequest(state, requestId);
  if (closed) return closed;
  if (!state.requested!.feeRequired) {
    return ledgerError(
      422,
      'FEE_NOT_ALLOWED',
      'the first accounting in any 12-month period must be provided without charge (164.528(c)(2))',
    );
  }
  return {
    events: [
      {
        type: 'FeeNoticeSent',
        eventId: `accounting-request-fee:${requestId}`,
        data: { memberId: state.requested!.memberId, ...cmd },
      },
    ],
    result: { requestId, amount: cmd.amount },
  };
}

export function decideModification(
  state: RequestState,
  requestId: string,
  cmd: { period: { from: string; to: string }; commandHash: string },
): Outcome {
  const again = replayed(
    state,
    `modification:${cmd.commandHash}`,
    cmd.commandHash,
    idConflict('modification of request', requestId),
    { requestId, period: cmd.period },
  );
  if (again) return again;
  const closed = openRequest(state, requestId);
  if (closed) return closed;
  return {
    events: [
      {
        type: 'RequestModified',
        eventId: `accounting-request-modification:${requestId}:${cmd.commandHash}`,
        data: { memberId: state.requested!.memberId, ...cmd },
      },
    ],
    result: { requestId, period: cmd.period },
  };
}

export function decideWithdrawal(
  state: RequestState,
  requestId: string,
  cmd: { withdrawnAt: string; commandHash: string },
): Outcome {
  const again = replayed(
    state,
    'withdrawal',
    cmd.commandHash,
    ledgerError(409, 'REQUEST_CLOSED', `request ${requestId} was already withdrawn`),
    { requestId, withdrawnAt: cmd.withdrawnAt },
  );
  if (again) return again;
  const closed = openRequest(state, requestId);
  if (closed) return closed;
  return {
    events: [
      {
        type: 'RequestWithdrawn',
        eventId: `accounting-request-withdrawal:${requestId}`,
        data: { memberId: state.requested!.memberId, ...cmd },
      },
    ],
    result: { requestId, withdrawnAt: cmd.withdrawnAt },
  };
}

/** Preconditions of a fulfilment, checked before the accounting is generated. */
export function fulfilmentRefusal(state: RequestState, requestId: string): LedgerError | null {
  if (state.provided) return null; // a retry: decideFulfilment replays or refuses it
  const closed = openRequest(state, requestId);
  if (closed) return closed;
  if (state.requested!.feeRequired && !state.feeNotice) {
    return ledgerError(
      422,
      'FEE_NOTICE_REQUIRED',
      'a fee applies: inform the individual of it in advance (164.528(c)(2)) with a fee notice first',
    );
  }
  return null;
}

export function decideFulfilment(state: RequestState, requestId: string, provided: AccountingProvided): Outcome {
  const done = state.provided;
  const result = (p: AccountingProvided) => ({
    requestId,
    artifactSha256: p.artifactSha256,
    onTime: p.onTime,
    retainUntil: p.retainUntil,
  });
  const again = replayed(
    state,
    'fulfilment',
    provided.commandHash,
    ledgerError(409, 'REQUEST_CLOSED', `request ${requestId} was already fulfilled`),
    done ? result(done) : result(provided),
  );
  if (again) return again;
  const refused = fulfilmentRefusal(state, requestId);
  if (refused) return refused;
  return {
    events: [{ type: 'AccountingProvided', eventId: `accounting-request-fulfilment:${requestId}`, data: provided }],
    result: result(provided),
  };
}
