/**
 * An append as it crosses to a writer thread (and as the writers take it inline): the events already
 * serialised, so that crossing copies strings only; and its outcome, with the store's error classes rebuilt.
 */
import { serializeData } from './append-rules.js';
import { EventIdConflictError, RevisionConflictError } from './errors.js';
import type { AppendResult, ExpectedRevision, NewEvent } from './event-store.port.js';
import type { Outcome } from './group-commit.js';
import { serializeRecordedBy } from './row-mapping.js';

export interface EncodedEvent {
  eventId: string;
  type: string;
  version: number;
  recordedBy: string;
  correlationId: string;
  /** the stored JSON text of the event's data */
  data: string;
}

export interface EncodedAppend {
  stream: string;
  expected: ExpectedRevision;
  events: EncodedEvent[];
}

export function encodeAppend(stream: string, events: NewEvent[], expected: ExpectedRevision): EncodedAppend {
  return {
    stream,
    expected,
    events: events.map((e) => ({
      eventId: e.eventId, type: e.type, version: e.version ?? 1, recordedBy: serializeRecordedBy(e.recordedBy),
      correlationId: e.correlationId, data: serializeData(e.data),
    })),
  };
}

/** An append's outcome as it crosses between threads (errors are rebuilt as the store's own error classes). */
export type EncodedOutcome =
  | { ok: true; value: AppendResult }
  | { ok: false; error: { kind: 'revision'; stream: string; expected: ExpectedRevision; actual: bigint | null }
    | { kind: 'event-id'; eventId: string } | { kind: 'other'; message: string } };

export function encodeOutcome(outcome: Outcome<AppendResult>): EncodedOutcome {
  if (outcome.ok) return outcome;
  const error = outcome.error;
  if (error instanceof RevisionConflictError) return { ok: false, error: { kind: 'revision', stream: error.stream, expected: error.expected, actual: error.actual } };
  if (error instanceof EventIdConflictError) return { ok: false, error: { kind: 'event-id', eventId: error.eventId } };
  return { ok: false, error: { kind: 'other', message: (error as Error)?.message ?? String(error) } };
}

export function decodeOutcome(outcome: EncodedOutcome): Outcome<AppendResult> {
  if (outcome.ok) return outcome;
  const e = outcome.error;
  if (e.kind === 'revision') return { ok: false, error: new RevisionConflictError(e.stream, e.expected, e.actual) };
  if (e.kind === 'event-id') return { ok: false, error: new EventIdConflictError(e.eventId) };
  return { ok: false, error: new Error(e.message) };
}
