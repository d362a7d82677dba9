/** Suspensions (164.528(a)(2)): recorded by the privacy office in their own stream, judged by the engine at generation time. */
import { commandHash } from '../../commands/command-hash.js';
import { LedgerCommand, type UseCase } from '../../commands/ledger-command.js';
import type { StreamKind } from '../../commands/stream-kind.js';
import { suspensionStream, type SuspensionRequested } from '../../events/suspension.events.js';
import { decideSuspension, decideWrittenStatement, type SuspensionResult } from './suspension.decider.js';
import type { RecordSuspensionRequestDto, WrittenStatementRequestDto } from './suspension.request.dto.js';

/** The suspension as requested, with where it was recorded (its first event). */
export interface SuspensionState {
  requested: (SuspensionRequested & { position: bigint }) | null;
}

export const suspensionStreamKind: StreamKind<SuspensionState> = {
  name: 'suspension',
  initial: () => ({ requested: null }),
  fold: (state, events) => {
    if (state.requested) return state;
    const first = events.find((e) => e.type === 'SuspensionRequested');
    return first ? { requested: { ...(first.data as SuspensionRequested), position: first.position } } : state;
  },
  cached: false,
};

export interface ConfirmInWriting {
  suspensionId: string;
  receivedAt: string;
  until: string;
  commandHash: string;
}

export function toSuspension(b: RecordSuspensionRequestDto): SuspensionRequested {
  const payload = {
    suspensionId: b.suspensionId,
    agency: b.agency,
    form: b.form,
    statedAt: b.statedAt,
    until: b.until ?? null,
    officialIdentity: b.officialIdentity ?? null,
    memberIds: b.memberIds ?? null,
  };
  return { ...payload, commandHash: commandHash(payload) };
}

export function toWrittenStatement(suspensionId: string, b: WrittenStatementRequestDto): ConfirmInWriting {
  return {
    suspensionId,
    receivedAt: b.receivedAt,
    until: b.until,
    commandHash: commandHash({ receivedAt: b.receivedAt, until: b.until }),
  };
}

export class RecordSuspensionCommand extends LedgerCommand<SuspensionRequested, SuspensionResult> {
  static readonly useCase: UseCase<SuspensionRequested, SuspensionState, SuspensionResult> = {
    kind: suspensionStreamKind,
    target: (c) => ({ stream: suspensionStream(c.suspensionId) }),
    decide: (c, state) => decideSuspension(c, state),
  };
}

export class ConfirmSuspensionInWritingCommand extends LedgerCommand<ConfirmInWriting, SuspensionResult> {
  static readonly useCase: UseCase<ConfirmInWriting, SuspensionState, SuspensionResult> = {
    kind: suspensionStreamKind,
    target: (c) => ({ stream: suspensionStream(c.suspensionId) }),
    decide: (c, state) => decideWrittenStatement(c, state),
  };
}
