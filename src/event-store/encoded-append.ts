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

/** Serialises an append; a NUL in its stream name, an event id, type or correlation id is refused (see packAppends). */
export function encodeAppend(stream: string, events: NewEvent[], expected: ExpectedRevision): EncodedAppend {
  return {
    stream: withoutNul(stream),
    expected,
    events: events.map((e) => ({
      eventId: withoutNul(e.eventId),
      type: withoutNul(e.type),
      version: e.version ?? 1,
      recordedBy: serializeRecordedBy(e.recordedBy),
      correlationId: withoutNul(e.correlationId),
      data: serializeData(e.data),
    })),
  };
}

function withoutNul(value: string): string {
  if (value.includes('\0')) throw new Error('a stream name, event id, type or correlation id may not contain NUL');
  return value;
}

/**
 * A group of appends as one string for the writer thread: posting one string is a copy of its bytes, while posting
 * 1,000 appends as objects is a structured clone of every value on each side (docs/benchmarks.md). Fields are separated by NUL, which no stored value holds: the data and recordedBy are JSON text (JSON
 * escapes control characters), and encodeAppend refuses a NUL in a stream name, id, type or correlation id
 * (PostgreSQL cannot store one in text either).
 */
export function packAppends(batch: EncodedAppend[]): string {
  let out = '';
  for (const { stream, expected, events } of batch) {
    out += `${stream}\0${String(expected)}\0${events.length}\0`;
    for (const e of events)
      out += `${e.eventId}\0${e.type}\0${e.version}\0${e.recordedBy}\0${e.correlationId}\0${e.data}\0`;
  }
  return out;
}

export function unpackAppends(packed: string): EncodedAppend[] {
  const f = packed.split('\0');
  const batch: EncodedAppend[] = [];
  let i = 0;
  while (i < f.length - 1) {
    const stream = f[i++];
    const expected = f[i++];
    const count = Number(f[i++]);
    const events: EncodedEvent[] = [];
    for (let k = 0; k < count; k++) {
      events.push({
        eventId: f[i],
        type: f[i + 1],
        version: Number(f[i + 2]),
        recordedBy: f[i + 3],
        correlationId: f[i + 4],
        data: f[i + 5],
      });
      i += 6;
    }
    batch.push({
      stream,
      expected: expected === 'any' || expected === 'no-stream' || expected === 'exists' ? expected : BigInt(expected),
      events,
    });
  }
  return batch;
}

/** An append's outcome as it crosses between threads (errors are rebuilt as the store's own error classes). */
export type EncodedOutcome =
  | { ok: true; value: AppendResult }
  | {
      ok: false;
      error:
        | { kind: 'revision'; stream: string; expected: ExpectedRevision; actual: bigint | null }
        | { kind: 'event-id'; eventId: string }
        | { kind: 'other'; message: string };
    };

export function encodeOutcome(outcome: Outcome<AppendResult>): EncodedOutcome {
  if (outcome.ok) return outcome;
  const error = outcome.error;
  if (error instanceof RevisionConflictError)
    return {
      ok: false,
      error: { kind: 'revision', stream: error.stream, expected: error.expected, actual: error.actual },
    };
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
