/**
 * What a Merkle leaf commits to: the stored envelope of one event in its canonical form (event-store/seal.ts, where
 * the writer computes the same leaf for its seal chain). Any edit of a stored byte, a deleted, inserted or reordered
 * row changes the leaf at that index, because the position and stream revision are part of it.
 */
import type { StoredEvent } from '../../event-store/event-store.port.js';
import { envelopeLeafHash, envelopeOf } from '../../event-store/seal.js';

/** RFC 9162 §2.1.1 leaf hash of the event; its leaf index is position − 1. */
export function eventLeafHash(event: StoredEvent): Buffer {
  return envelopeLeafHash(envelopeOf(event));
}
