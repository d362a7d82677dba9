/**
 * Commands are plain data with a name (their class): they can be logged, replayed and traced. Each command class
 * names the use case that decides it; one handler (LedgerCommandHandler) runs them all: load the stream's state →
 * decide → append with the expected revision → retry on conflict → answer.
 */
import { Command } from '@nestjs/cqrs';
import type { AccountingPolicy } from '../rules/policy.js';
import type { CommandContext } from './command-context.js';
import type { Decision, Outcome } from './decision.js';
import type { LedgerError } from './ledger-error.js';
import type { StreamKind } from './stream-kind.js';

/**
 * The stream a command is decided on: named, or the stream (of the kind `prefix` names) that holds an event: a
 * correction names a disclosure, not its member; `notFound` answers when there is none.
 */
export type StreamTarget = { stream: string } | { streamOfEvent: string; prefix: string; notFound: LedgerError };

/**
 * A use case's decision: the kind of stream it reads, which stream, and the pure decision on that stream's state.
 * `policy` is the plan's (time zone, compliance date, fee window, …): configuration, not part of the command.
 */
export interface UseCase<C, S, R> {
  readonly kind: StreamKind<S>;
  target(command: C): StreamTarget;
  /**
   * Another stream the decision reads but never writes (a disclosure to a registered business associate reads the
   * associate's agreements), given the command and the state of its own stream; null when none. Read as stored when
   * the command is decided; its state is `decide`'s `consulted`.
   */
  consults?(command: C, state: S): Consulted | null;
  decide(command: C, state: S, policy: AccountingPolicy, consulted?: unknown): Decision<R> | LedgerError;
  /**
   * True when a decision that appends reads, of the stream, only its facts (EventStore.readStreamFacts) and whatever
   * the store checks itself (an id recorded before: event ids are unique). The bulk path then decides a stream that
   * is not cached on its facts, folded, instead of reading every event. A refusal decided on them is decided again
   * on the whole stream (as one decided on a cached state is); a replay can only be of a command decided with it
   * (the facts hold no command of this use case), and is answered as such.
   */
  readonly decidesOnFacts?: boolean;
}

/** A stream a decision reads, and how its events fold. */
export interface Consulted {
  stream: string;
  kind: StreamKind<unknown>;
}

/** What the one handler runs (a command or a batch of them), with who sent it. */
export abstract class LedgerCommandBase<T> extends Command<T> {
  constructor(readonly context: CommandContext) {
    super();
  }
}

/** A command: its data (what the caller asked, validated and normalised) and who asked. */
export abstract class LedgerCommand<C = unknown, R = unknown> extends LedgerCommandBase<Outcome<R>> {
  constructor(
    readonly data: C,
    context: CommandContext,
  ) {
    super(context);
  }
}

/** A command class with the use case that decides its commands. */
export interface LedgerCommandClass<C = unknown, S = unknown, R = unknown> {
  new (data: C, context: CommandContext): LedgerCommand<C, R>;
  readonly useCase: UseCase<C, S, R>;
}

/** The use case of a command, from its class. */
export function useCaseOf(command: LedgerCommand): UseCase<unknown, unknown, unknown> {
  const useCase = (command.constructor as Partial<LedgerCommandClass>).useCase;
  if (!useCase) throw new Error(`${command.constructor.name} names no use case`);
  return useCase;
}

/** One item of a batch: its index in the request, and its command. */
export interface BatchItem {
  index: number;
  command: LedgerCommand;
}

/**
 * Several commands in one request (api.md batches): items for the same stream are decided in order (each sees the ones
 * before it) and appended together; streams run concurrently. The outcome of each item, by index.
 */
export class CommandBatch extends LedgerCommandBase<Map<number, Outcome<unknown>>> {
  constructor(
    readonly items: readonly BatchItem[],
    context: CommandContext,
  ) {
    super(context);
  }
}

/**
 * A chunk of a bulk import (POST /v1/disclosure-imports): commands as in a batch, run by the handler's bulk path:
 * each stream's state taken once, every command decided in one loop, every append submitted at once (one commit).
 */
export class CommandImport extends CommandBatch {}
