/**
 * The request's life, as a fold and a status: pure functions of the request stream and an instant.
 * 164.528(c)(1): act within 60 days of receipt; one extension of at most 30 days, noticed within the 60.
 * 164.528(c)(2): the first accounting in any 12 months is free; a fee needs notice first.
 */
import type { StoredEvent } from '../../event-store/event-store.port.js';
import { planDate } from '../../shared/plan-dates.js';
import type {
  AccountingProvided,
  AccountingRequested,
  ExtensionNoticeSent,
  FeeNoticeSent,
  RequestModified,
  RequestWithdrawn,
} from './request-events.js';

export interface RequestState {
  requested: AccountingRequested | null;
  period: { from: string; to: string } | null;
  extension: ExtensionNoticeSent | null;
  feeNotice: FeeNoticeSent | null;
  withdrawn: RequestWithdrawn | null;
  provided: AccountingProvided | null;
  /** command hashes by kind (request, extension, fee, modification:{hash}, withdrawal, fulfilment), with positions */
  commands: Map<string, { hash: string; position: bigint }>;
}

const KEYS: Record<string, string> = {
  AccountingRequested: 'request',
  ExtensionNoticeSent: 'extension',
  FeeNoticeSent: 'fee',
  RequestWithdrawn: 'withdrawal',
  AccountingProvided: 'fulfilment',
};

export function foldRequest(events: Pick<StoredEvent, 'type' | 'data' | 'position'>[]): RequestState {
  const s: RequestState = {
    requested: null,
    period: null,
    extension: null,
    feeNotice: null,
    withdrawn: null,
    provided: null,
    commands: new Map(),
  };
  for (const e of events) {
    const hash = (e.data as { commandHash: string }).commandHash;
    s.commands.set(e.type === 'RequestModified' ? `modification:${hash}` : KEYS[e.type], {
      hash,
      position: e.position,
    });
    if (e.type === 'AccountingRequested') {
      s.requested = e.data as AccountingRequested;
      s.period = s.requested.period;
    }
    if (e.type === 'ExtensionNoticeSent') s.extension = e.data as ExtensionNoticeSent;
    if (e.type === 'FeeNoticeSent') s.feeNotice = e.data as FeeNoticeSent;
    if (e.type === 'RequestModified') s.period = (e.data as RequestModified).period;
    if (e.type === 'RequestWithdrawn') s.withdrawn = e.data as RequestWithdrawn;
    if (e.type === 'AccountingProvided') s.provided = e.data as AccountingProvided;
  }
  return s;
}

export type RequestStatus = 'open' | 'extended' | 'fee-pending' | 'provided' | 'withdrawn' | 'overdue';

export const effectiveDueOn = (s: RequestState) => s.extension?.newDueOn ?? s.requested!.dueOn;

/** The status at `asOf`, most final first: withdrawn, provided, overdue, fee-pending, extended, open. */
export function requestStatus(s: RequestState, asOf: string, timeZone: string): RequestStatus {
  const at = Date.parse(asOf);
  if (s.withdrawn && Date.parse(s.withdrawn.withdrawnAt) <= at) return 'withdrawn';
  if (s.provided && Date.parse(s.provided.providedAt) <= at) return 'provided';
  if (planDate(asOf, timeZone) > effectiveDueOn(s)) return 'overdue';
  if (s.requested!.feeRequired) return 'fee-pending';
  if (s.extension && Date.parse(s.extension.sentAt) <= at) return 'extended';
  return 'open';
}

export function requestView(requestId: string, s: RequestState, asOf: string, timeZone: string) {
  const r = s.requested!;
  return {
    requestId,
    memberId: r.memberId,
    requester: r.requester,
    receivedAt: r.receivedAt,
    receivedOn: planDate(r.receivedAt, timeZone),
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
