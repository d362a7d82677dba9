/**
 * What a Merkle leaf commits to: the stored envelope of one event, in a canonical form (fixed field order,
 * data re-serialised as stored). Any edit of a stored field, a deleted, inserted or reordered row changes the
 * leaf at that index, because the position and stream revision are part of it.
 */
import type { StoredEvent } from '../../event-store/event-store.port.js';
import { leafHash } from '../merkle/hashes.js';

export function canonicalEnvelope(event: StoredEvent): Buffer {
  return Buffer.from(
    JSON.stringify([
      event.position.toString(), event.stream, event.revision.toString(), event.eventId, event.type, event.version,
      event.recordedAt, event.recordedBy.subject, event.recordedBy.clientId ?? null, event.correlationId, event.data,
    ]),
    'utf8',
  );
}

/** RFC 9162 §2.1.1 leaf hash of the event; its leaf index is position − 1. */
export function eventLeafHash(event: StoredEvent): Buffer {
  return leafHash(canonicalEnvelope(event));
}
