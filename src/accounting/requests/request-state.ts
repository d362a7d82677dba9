/** The accounting-request stream folded: what was requested, noticed, modified, withdrawn and provided. */
import type { RecordedCommand } from '../../commands/decision.js';
import type { FoldableEvent, StreamKind } from '../../commands/stream-kind.js';
import type {
  AccountingProvided,
  AccountingRequestEventMap,
  AccountingRequested,
  ExtensionNoticeSent,
  FeeNoticeSent,
  RequestWithdrawn,
} from '../../events/accounting-request.events.js';
import type { Period } from '../../events/event.js';

export interface RequestState {
  requested: AccountingRequested | null;
  /** the period asked for, as last modified */
  period: Period | null;
  extension: ExtensionNoticeSent | null;
  feeNotice: FeeNoticeSent | null;
  withdrawn: RequestWithdrawn | null;
  provided: AccountingProvided | null;
  /** commands recorded, by kind (request, extension, fee, modification:{hash}, withdrawal, fulfilment) */
  commands: Map<string, RecordedCommand>;
}

const emptyRequest = (): RequestState => ({
  requested: null,
  period: null,
  extension: null,
  feeNotice: null,
  withdrawn: null,
  provided: null,
  commands: new Map(),
});

type Type = keyof AccountingRequestEventMap;

/** The key a command is remembered under (a request can be modified many times: one key per body). */
export const requestCommandKey = (type: Type, commandHash: string): string =>
  type === 'RequestModified' ? `modification:${commandHash}` : KEYS[type];

const KEYS: Record<Exclude<Type, 'RequestModified'>, string> = {
  AccountingRequested: 'request',
  ExtensionNoticeSent: 'extension',
  FeeNoticeSent: 'fee',
  RequestWithdrawn: 'withdrawal',
  AccountingProvided: 'fulfilment',
};

/** `state` with `events` folded in: a new state; `state` is left as it was. */
export function foldRequest(state: RequestState, events: readonly FoldableEvent[]): RequestState {
  const s: RequestState = { ...state, commands: new Map(state.commands) };
  for (const e of events) {
    const type = e.type as Type;
    const data = e.data as AccountingRequestEventMap[Type];
    s.commands.set(requestCommandKey(type, data.commandHash), { hash: data.commandHash, position: e.position });
    if (type === 'AccountingRequested') {
      s.requested = data as AccountingRequested;
      s.period = s.requested.period;
    }
    if (type === 'ExtensionNoticeSent') s.extension = data as ExtensionNoticeSent;
    if (type === 'FeeNoticeSent') s.feeNotice = data as FeeNoticeSent;
    if (type === 'RequestModified') s.period = (data as AccountingRequestEventMap['RequestModified']).period;
    if (type === 'RequestWithdrawn') s.withdrawn = data as RequestWithdrawn;
    if (type === 'AccountingProvided') s.provided = data as AccountingProvided;
  }
  return s;
}

/** The request stream's events folded from nothing. */
export const requestOf = (events: readonly FoldableEvent[]): RequestState => foldRequest(emptyRequest(), events);

export const requestStreamKind: StreamKind<RequestState> = {
  name: 'accounting-request',
  initial: emptyRequest,
  fold: foldRequest,
  cached: false,
};
