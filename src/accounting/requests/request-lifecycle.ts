/**
 * The request's status at an instant, a pure function of its folded stream (164.528(c); rules/deadlines.ts):
 * most final first, withdrawn, provided, overdue, fee-pending, extended, open.
 */
import { effectiveDueOn as dueInForce, isOverdue } from '../../rules/deadlines.js';
import { planDate } from '../../rules/plan-dates.js';
import type { RequestState } from './request-state.js';

export type RequestStatus = 'open' | 'extended' | 'fee-pending' | 'provided' | 'withdrawn' | 'overdue';

export const effectiveDueOn = (s: RequestState) => dueInForce(s.requested!.dueOn, s.extension?.newDueOn ?? null);

export function requestStatus(s: RequestState, asOf: string, timeZone: string): RequestStatus {
  const at = Date.parse(asOf);
  if (s.withdrawn && Date.parse(s.withdrawn.withdrawnAt) <= at) return 'withdrawn';
  if (s.provided && Date.parse(s.provided.providedAt) <= at) return 'provided';
  if (isOverdue(planDate(asOf, timeZone), effectiveDueOn(s))) return 'overdue';
  if (s.requested!.feeRequired) return 'fee-pending';
  if (s.extension && Date.parse(s.extension.sentAt) <= at) return 'extended';
  return 'open';
}

/** What the privacy office and auditors see of a request at `asOf`. */
export function requestView(requestId: string, s: RequestState, asOf: string, timeZone: string) {
  const r = s.requested!;
  return {
    requestId,
    memberId: r.memberId,
    requester: r.requester,
    receivedAt: r.receivedAt,
    receivedOn: planDate(r.receivedAt, timeZone),
    kind: r.kind ?? 'accounting',
    writtenRequestRef: r.writtenRequestRef ?? null,
    period: s.period,
    status: requestStatus(s, asOf, timeZone),
    asOf,
    dueOn: effectiveDueOn(s),
    originalDueOn: r.dueOn,
    extension: s.extension
      ? { sentAt: s.extension.sentAt, reason: s.extension.reason, newDueOn: s.extension.newDueOn }
      : null,
    feeRequired: r.feeRequired,
    feeNotice: s.feeNotice ? { sentAt: s.feeNotice.sentAt, amount: s.feeNotice.amount } : null,
    withdrawnAt: s.withdrawn?.withdrawnAt ?? null,
    provided: s.provided
      ? {
          providedAt: s.provided.providedAt,
          format: s.provided.format,
          artifactSha256: s.provided.artifactSha256,
          onTime: s.provided.onTime,
          retainUntil: s.provided.retainUntil,
        }
      : null,
  };
}

export type RequestView = ReturnType<typeof requestView>;
