/** Accounting-request commands as pure decisions over the request stream (164.528(c), (d); rules/deadlines, rules/fees). */
import { conflictOf, replayOf, type Decision } from '../../commands/decision.js';
import { ledgerError, type LedgerError } from '../../commands/ledger-error.js';
import type { AccountingRequestEvent, AccountingRequested } from '../../events/accounting-request.events.js';
import { ALREADY_EXTENDED, dueOn, extensionProblem, providedOnTime, retainUntil } from '../../rules/deadlines.js';
import { isFeeRequired } from '../../rules/fees.js';
import { INTERMEDIARY_LIST_DAYS } from '../../rules/part2.js';
import { planDate } from '../../rules/plan-dates.js';
import type { AccountingPolicy } from '../../rules/policy.js';
import type {
  FileRequest,
  FulfilRequest,
  ModifyRequest,
  SendExtensionNotice,
  SendFeeNotice,
  WithdrawRequest,
} from './request.command.js';
import { effectiveDueOn } from './request-lifecycle.js';
import { requestCommandKey, type RequestState } from './request-state.js';

type Result = Record<string, unknown> & { requestId: string };
type Outcome = Decision<Result, AccountingRequestEvent> | LedgerError;

/** Commands after the request is closed (provided or withdrawn) are refused. */
function openRequest(state: RequestState, requestId: string): LedgerError | null {
  if (!state.requested) return ledgerError(404, 'UNKNOWN_REQUEST', `no accounting request ${requestId} is recorded`);
  if (state.provided) return ledgerError(409, 'REQUEST_CLOSED', `request ${requestId} was already fulfilled`);
  if (state.withdrawn) return ledgerError(409, 'REQUEST_CLOSED', `request ${requestId} was withdrawn`);
  return null;
}

/** A request received: due 60 days after receipt ((c)(1)); free unless another came in the same 12 months ((c)(2)). */
export function decideRequest(cmd: FileRequest, state: RequestState, policy: AccountingPolicy): Outcome {
  const replay = replayOf(
    state.commands.get('request'),
    cmd.commandHash,
    () => {
      const { dueOn: due, feeRequired } = state.requested!;
      return { requestId: cmd.requestId, dueOn: due, feeRequired };
    },
    conflictOf('accounting request', cmd.requestId),
  );
  if (replay) return replay;
  const refused = part2Refusal(cmd, policy);
  if (refused) return refused;
  const receivedOn = planDate(cmd.receivedAt, policy.timeZone);
  const earlier = cmd.earlierRequestsReceivedAt.map((at) => planDate(at, policy.timeZone));
  const list = cmd.kind === 'part2-intermediary-list';
  const requested: AccountingRequested = {
    requestId: cmd.requestId,
    memberId: cmd.memberId,
    requester: cmd.requester,
    receivedAt: cmd.receivedAt,
    period: cmd.period,
    dueOn: list ? dueOn(receivedOn, INTERMEDIARY_LIST_DAYS) : dueOn(receivedOn),
    // §2.24 sets no fee; §2.25 applies 164.528(c)(2) (its 12 months counted over requests of the same kind)
    feeRequired: !list && isFeeRequired(receivedOn, earlier, policy.feeWindow),
    ...(cmd.kind !== 'accounting' ? { kind: cmd.kind } : {}),
    ...(cmd.writtenRequestRef ? { writtenRequestRef: cmd.writtenRequestRef } : {}),
    commandHash: cmd.commandHash,
  };
  return {
    events: [{ type: 'AccountingRequested', eventId: `accounting-request:${cmd.requestId}`, data: requested }],
    result: { requestId: cmd.requestId, dueOn: requested.dueOn, feeRequired: requested.feeRequired },
  };
}

/** A Part 2 request the plan does not give (its knobs), or a §2.24 list asked without a written request. */
function part2Refusal(cmd: FileRequest, policy: AccountingPolicy): LedgerError | null {
  if (cmd.kind === 'part2-accounting' && !policy.part2Program)
    return ledgerError(
      422,
      'PART2_NOT_OFFERED',
      'this plan is not a 42 CFR Part 2 program: it gives no 2.25 accounting (LEDGER_POLICY_PART2_PROGRAM)',
      'kind',
    );
  if (cmd.kind === 'part2-intermediary-list' && !policy.part2Intermediary)
    return ledgerError(
      422,
      'PART2_NOT_OFFERED',
      'this plan is not a Part 2 intermediary: it gives no 2.24 list (LEDGER_POLICY_PART2_INTERMEDIARY)',
      'kind',
    );
  if (cmd.kind === 'part2-intermediary-list' && !cmd.writtenRequestRef)
    return ledgerError(
      422,
      'WRITTEN_REQUEST_REQUIRED',
      'a 42 CFR 2.24 list is given on written request: name the copy kept in writtenRequestRef',
      'writtenRequestRef',
    );
  return null;
}

/** (c)(1)(ii): one extension, of at most 30 days, with a written statement sent within the 60 days. */
export function decideExtension(cmd: SendExtensionNotice, state: RequestState, policy: AccountingPolicy): Outcome {
  const replay = replayOf(
    state.commands.get('extension'),
    cmd.commandHash,
    () => ({ requestId: cmd.requestId, dueOn: state.extension!.newDueOn }),
    () => ledgerError(422, ALREADY_EXTENDED.code, ALREADY_EXTENDED.detail),
  );
  if (replay) return replay;
  const closed = openRequest(state, cmd.requestId);
  if (closed) return closed;
  if (state.requested!.kind === 'part2-intermediary-list')
    return ledgerError(
      422,
      'EXTENSION_NOT_ALLOWED',
      'a 42 CFR 2.24 list is due in 30 or fewer days after the written request; it cannot be extended',
    );
  const sentOn = planDate(cmd.sentAt, policy.timeZone);
  const problem = extensionProblem(state.requested!.dueOn, sentOn, cmd.newDueOn, state.extension !== null);
  if (problem) return ledgerError(422, problem.code, problem.detail, problem.path);
  const { sentAt, reason, newDueOn, commandHash } = cmd;
  return {
    events: [
      {
        type: 'ExtensionNoticeSent',
        eventId: `accounting-request-extension:${cmd.requestId}`,
        data: { memberId: state.requested!.memberId, sentAt, reason, newDueOn, commandHash },
      },
    ],
    result: { requestId: cmd.requestId, dueOn: newDueOn },
  };
}

/** (c)(2): a fee only for a request that is not the first in 12 months, and only after notice. */
export function decideFeeNotice(cmd: SendFeeNotice, state: RequestState): Outcome {
  const replay = replayOf(
    state.commands.get('fee'),
    cmd.commandHash,
    () => ({ requestId: cmd.requestId, amount: cmd.amount }),
    () => ledgerError(409, 'FEE_NOTICE_ALREADY_SENT', `a fee notice was already sent on ${state.feeNotice?.sentAt}`),
  );
  if (replay) return replay;
  const closed = openRequest(state, cmd.requestId);
  if (closed) return closed;
  if (!state.requested!.feeRequired) {
    return ledgerError(
      422,
      'FEE_NOT_ALLOWED',
      'the first accounting in any 12-month period must be provided without charge (164.528(c)(2))',
    );
  }
  const { sentAt, amount, commandHash } = cmd;
  return {
    events: [
      {
        type: 'FeeNoticeSent',
        eventId: `accounting-request-fee:${cmd.requestId}`,
        data: { memberId: state.requested!.memberId, sentAt, amount, commandHash },
      },
    ],
    result: { requestId: cmd.requestId, amount },
  };
}

/** (c)(2): after a fee notice the individual may modify the request (a shorter period) instead of paying. */
export function decideModification(cmd: ModifyRequest, state: RequestState): Outcome {
  const key = requestCommandKey('RequestModified', cmd.commandHash);
  const result = () => ({ requestId: cmd.requestId, period: cmd.period });
  const replay = replayOf(
    state.commands.get(key),
    cmd.commandHash,
    result,
    conflictOf('modification of request', cmd.requestId),
  );
  if (replay) return replay;
  const closed = openRequest(state, cmd.requestId);
  if (closed) return closed;
  return {
    events: [
      {
        type: 'RequestModified',
        eventId: `accounting-request-modification:${cmd.requestId}:${cmd.commandHash}`,
        data: { memberId: state.requested!.memberId, period: cmd.period, commandHash: cmd.commandHash },
      },
    ],
    result: result(),
  };
}

/** (c)(2): …or withdraw it; nothing can follow a withdrawal. */
export function decideWithdrawal(cmd: WithdrawRequest, state: RequestState): Outcome {
  const replay = replayOf(
    state.commands.get('withdrawal'),
    cmd.commandHash,
    () => ({ requestId: cmd.requestId, withdrawnAt: cmd.withdrawnAt }),
    () => ledgerError(409, 'REQUEST_CLOSED', `request ${cmd.requestId} was already withdrawn`),
  );
  if (replay) return replay;
  const closed = openRequest(state, cmd.requestId);
  if (closed) return closed;
  return {
    events: [
      {
        type: 'RequestWithdrawn',
        eventId: `accounting-request-withdrawal:${cmd.requestId}`,
        data: { memberId: state.requested!.memberId, withdrawnAt: cmd.withdrawnAt, commandHash: cmd.commandHash },
      },
    ],
    result: { requestId: cmd.requestId, withdrawnAt: cmd.withdrawnAt },
  };
}

/** Why the accounting cannot be provided now (besides a retry of a fulfilment, which replays), or null. */
export function fulfilmentRefusal(state: RequestState, requestId: string): LedgerError | null {
  if (state.provided) return null;
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

/**
 * (d)(2): the written accounting provided is kept (in the event, so the Merkle log covers it) with its SHA-256, whether
 * it was on time ((c)(1)), and until when it must be kept (164.530(j)(2)).
 */
export function decideFulfilment(cmd: FulfilRequest, state: RequestState, policy: AccountingPolicy): Outcome {
  const result = (p: { artifactSha256: string; onTime: boolean; retainUntil: string }) => ({
    requestId: cmd.requestId,
    artifactSha256: p.artifactSha256,
    onTime: p.onTime,
    retainUntil: p.retainUntil,
  });
  const replay = replayOf(
    state.commands.get('fulfilment'),
    cmd.commandHash,
    () => result(state.provided!),
    () => ledgerError(409, 'REQUEST_CLOSED', `request ${cmd.requestId} was already fulfilled`),
  );
  if (replay) return replay;
  const refused = fulfilmentRefusal(state, cmd.requestId);
  if (refused) return refused;
  const providedOn = planDate(cmd.providedAt, policy.timeZone);
  const { providedAt, format, artifact, artifactEncoding, artifactSha256, commandHash } = cmd;
  const provided = {
    memberId: state.requested!.memberId,
    providedAt,
    format,
    artifactSha256,
    onTime: providedOnTime(providedOn, effectiveDueOn(state)),
    retainUntil: retainUntil(providedOn),
    artifact,
    ...(artifactEncoding ? { artifactEncoding } : {}),
    commandHash,
  };
  return {
    events: [{ type: 'AccountingProvided', eventId: `accounting-request-fulfilment:${cmd.requestId}`, data: provided }],
    result: result(provided),
  };
}
