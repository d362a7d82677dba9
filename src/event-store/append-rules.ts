/**
 * Rules every adapter applies to one append, whatever the engine: the expected-revision check and
 * idempotent event ids. Pure functions so that the adapters only differ in how they read and write.
 */
import { EventIdConflictError, RevisionConflictError } from './errors.js';
import type { AppendResult, ExpectedRevision, NewEvent } from './event-store.port.js';

/** A stored event reduced to what idempotency compares. */
export interface StoredIdentity {
  eventId: string;
  stream: string;
  revision: bigint;
  position: bigint;
  type: string;
  version: number;
  data: string;
}

/** `current` is the stream's last revision, or null when the stream has no events. */
export function checkExpectedRevision(
  stream: string,
  expected: ExpectedRevision,
  current: bigint | null,
): RevisionConflictError | null {
  if (expected === 'any') return null;
  if (expected === 'no-stream') return current === null ? null : new RevisionConflictError(stream, expected, current);
  if (expected === 'exists') return current !== null ? null : new RevisionConflictError(stream, expected, current);
  return current === expected ? null : new RevisionConflictError(stream, expected, current);
}

/** The exact text stored for an event's data; also what idempotency compares. */
export function serializeData(data: unknown): string {
  return JSON.stringify(data ?? null);
}

/**
 * Decides whether an append whose event ids may already be stored is a replay.
 * - none stored → 'new' (append normally);
 * - all stored, in this stream, consecutively, with the same type, version and data → the original result;
 * - anything else → EventIdConflictError naming the first offending id.
 */
export function classifyReplay<E extends Pick<NewEvent, 'eventId' | 'type' | 'version'>>(
  stream: string,
  events: E[],
  stored: Map<string, StoredIdentity>,
  /** the event's data as it would be stored */
  dataText: (event: E) => string,
): 'new' | AppendResult | EventIdConflictError {
  const duplicateInBatch = firstDuplicate(events.map((e) => e.eventId));
  if (duplicateInBatch) return new EventIdConflictError(duplicateInBatch);
  if (!events.some((e) => stored.has(e.eventId))) return 'new';
  const positions: bigint[] = [];
  let previous: StoredIdentity | undefined;
  for (const event of events) {
    const found = stored.get(event.eventId);
    const sameContent =
      found !== undefined &&
      found.stream === stream &&
      found.type === event.type &&
      found.version === (event.version ?? 1) &&
      found.data === dataText(event) &&
      (previous === undefined || found.revision === previous.revision + 1n);
    if (!sameContent) return new EventIdConflictError(event.eventId);
    positions.push(found.position);
    previous = found;
  }
  return { nextRevision: previous!.revision, positions, replayed: true };
}

function firstDuplicate(ids: string[]): string | undefined {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}
