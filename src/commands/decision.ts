/**
 * What a decider returns: events to append and the response, or a refusal (a LedgerError value). Deciders are pure;
 * the one command handler appends, retries and answers.
 */
import { idConflict, type LedgerError } from './ledger-error.js';

/** An event a decider emits: its stable type name, its payload, and the deterministic id that makes retries idempotent. */
export interface DecidedEvent {
  type: string;
  eventId: string;
  data: unknown;
}

/**
 * A command accepted: the events to append and the response body (without `position`, which the store assigns).
 * A replay carries no events and the position the command was first recorded at.
 */
export interface Decision<R, E extends DecidedEvent = DecidedEvent> {
  events: E[];
  result: R;
  replayedAt?: bigint;
}

/** 201 the first time, 200 when the same command was recorded before; the body gets the global `position`. */
export interface Accepted<R> {
  status: 200 | 201;
  body: R & { position: number };
}

export type Outcome<R> = Accepted<R> | LedgerError;

/** A command recorded once under its own id, as a stream's state remembers it: the body's hash and where. */
export interface RecordedCommand {
  hash: string;
  position: bigint;
}

/**
 * Commands are idempotent by their own id (architecture.md §4): when `seen` (the command recorded under this id) has
 * the same hash, the decision is a replay answered with `result`; another hash is 409 ID_CONFLICT (or `conflict`).
 * Null when nothing was recorded under the id yet.
 */
export function replayOf<R>(
  seen: RecordedCommand | undefined,
  hash: string,
  result: () => R,
  conflict: LedgerError | (() => LedgerError),
): Decision<R, never> | LedgerError | null {
  if (!seen) return null;
  if (seen.hash === hash) return { events: [], result: result(), replayedAt: seen.position };
  return typeof conflict === 'function' ? conflict() : conflict;
}

/** The usual conflict: the id was recorded with another body. */
export const conflictOf = (what: string, id: string) => () => idConflict(what, id);
