/**
 * What a Merkle leaf commits to: the stored envelope of one event, in a canonical form: a JSON array of the
 * fields in a fixed order, ending with the data's stored JSON text byte for byte (which is what
 * JSON.stringify wrote). Any edit of a stored byte, a deleted, inserted or reordered row changes the leaf at
 * that index, because the position and stream revision are part of it.
 */
import type { StoredEvent } from '../../event-store/event-store.port.js';
import { leafHash } from '../merkle/hashes.js';

export function canonicalEnvelope(event: StoredEvent): Buffer {
  const fields = JSON.stringify([
    event.position.toString(),
    event.stream,
    event.revision.toString(),
    event.eventId,
    event.type,
    event.version,
    event.recordedAt,
    event.recordedBy.subject,
    event.recordedBy.clientId ?? null,
    event.correlationId,
  ]);
  return Buffer.from(`${fields.slice(0, -1)},${event.dataText}]`, 'utf8');
}

/** RFC 9162 §2.1.1 leaf hash of the event; its leaf index is position − 1. */
export function eventLeafHash(event: StoredEvent): Buffer {
  return leafHash(canonicalEnvelope(event));
}
