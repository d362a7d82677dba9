/**
 * Event seals: what the ledger's own writer signs as it commits, so that a row put into the events table by anyone
 * else (raw SQL, a restored file) is told apart from what the ledger wrote, before it is integrated into the Merkle
 * tree and signed into a checkpoint (docs/reliability.md).
 *
 * The writer keeps a hash chain over every event it commits, in position order:
 *   chain(0) = 32 zero bytes;  chain(n) = SHA-256(chain(n−1) || leaf(n))
 * where leaf(n) is the RFC 9162 leaf hash of the event's canonical envelope (the same leaf the Merkle log holds).
 * Each commit ends with one seal row at its last position: the chain there, signed with the checkpoint key
 * (Ed25519) over `sealMessage`. Seal and events are written in the same transaction, so every committed event is
 * covered by the seal at or after it. The chain head lives in the store under the writers' lock, so several writers
 * (instances on one PostgreSQL) extend one chain.
 *
 * A store that held events before sealing began is adopted: the first sealing writer chains over everything already
 * there and writes one seal of kind `adopted` (the audit reports it).
 *
 * Kept here because the writers compute it; the integrity log verifies it (integrity/log/).
 */
import { createPrivateKey, hash, sign, type KeyObject } from 'node:crypto';
import type { EncodedEvent } from './encoded-append.js';
import type { StoredEvent } from './event-store.port.js';
import { toStoredEvent, type EventRow } from './row-mapping.js';

export const GENESIS_CHAIN: Buffer = Buffer.alloc(32);

export type SealKind = 'commit' | 'adopted';

/** A seal as stored next to the event at its position: the chain there (base64) and the signature (base64). */
export interface EventSeal {
  chain: string;
  signature: string;
  kind: SealKind;
}

/** How a store seals its commits: the log's origin (as in checkpoints) and the signing key (PKCS#8 PEM). */
export interface SealingSettings {
  origin: string;
  keyPem: string;
}

/** The envelope fields a leaf commits to; `recordedBy` as stored (JSON text) or parsed. */
export interface EnvelopeFields {
  position: bigint;
  stream: string;
  revision: bigint;
  eventId: string;
  type: string;
  version: number;
  recordedAt: string;
  subject: string;
  clientId: string | null;
  correlationId: string;
  dataText: string;
}

/**
 * The canonical form of a stored event: a JSON array of the envelope's fields in a fixed order, ending with the
 * data's stored JSON text byte for byte. Any edited byte, deleted, inserted or reordered row changes it, because the
 * position and stream revision are part of it.
 */
export function canonicalEnvelope(e: EnvelopeFields): Buffer {
  return Buffer.from(canonicalEnvelopeText(e), 'utf8');
}

/** The canonical envelope as text (hashed as its UTF-8 bytes). */
export function canonicalEnvelopeText(e: EnvelopeFields): string {
  const fields = JSON.stringify([
    e.position.toString(),
    e.stream,
    e.revision.toString(),
    e.eventId,
    e.type,
    e.version,
    e.recordedAt,
    e.subject,
    e.clientId,
    e.correlationId,
  ]);
  return `${fields.slice(0, -1)},${e.dataText}]`;
}

export function envelopeOf(event: StoredEvent): EnvelopeFields {
  return {
    position: event.position,
    stream: event.stream,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    version: event.version,
    recordedAt: event.recordedAt,
    subject: event.recordedBy.subject,
    clientId: event.recordedBy.clientId ?? null,
    correlationId: event.correlationId,
    dataText: event.dataText,
  };
}

/**
 * RFC 9162 §2.1.1 leaf hash, HASH(0x00 || canonical envelope). One-shot hashing (`crypto.hash`) of one string:
 * "\0" is the single byte 0x00 in UTF-8. A writer and the integrity log hash every event this way, twice per event
 * with the chain below, so it avoids a Hash object and a Buffer of the envelope per event.
 */
export function envelopeLeafHash(e: EnvelopeFields): Buffer {
  return hash('sha256', `\0${canonicalEnvelopeText(e)}`, 'buffer');
}

/** chain(n) = SHA-256(chain(n−1) || leaf(n)): both 32 bytes, hashed from one reused 64-byte buffer. */
export function nextChain(chain: Uint8Array, leaf: Uint8Array): Buffer {
  if (chain.length !== 32 || leaf.length !== 32) return hash('sha256', Buffer.concat([chain, leaf]), 'buffer');
  CHAIN_PAIR.set(chain, 0);
  CHAIN_PAIR.set(leaf, 32);
  return hash('sha256', CHAIN_PAIR, 'buffer');
}

const CHAIN_PAIR = Buffer.alloc(64);

export function extendChain(chain: Buffer, events: readonly EnvelopeFields[]): Buffer {
  let next = chain;
  for (const event of events) next = nextChain(next, envelopeLeafHash(event));
  return next;
}

/** What a seal's signature covers. */
export function sealMessage(origin: string, position: bigint, chain: Uint8Array, kind: SealKind): Buffer {
  return Buffer.from(
    `phi-ledger event seal v1\n${origin}\n${position}\n${Buffer.from(chain).toString('base64')}\n${kind}\n`,
    'utf8',
  );
}

/** Signs seals with the checkpoint key (in the writer, on whichever thread commits). */
export class Sealer {
  private readonly key: KeyObject;

  constructor(private readonly settings: SealingSettings) {
    this.key = createPrivateKey(settings.keyPem);
  }

  seal(position: bigint, chain: Buffer, kind: SealKind = 'commit'): EventSeal {
    const signature = sign(null, sealMessage(this.settings.origin, position, chain, kind), this.key);
    return { chain: chain.toString('base64'), signature: signature.toString('base64'), kind };
  }

  /** The chain extended over a commit's new events (in position order), sealed at the last; null when none. */
  sealCommit(
    chain: Buffer,
    events: readonly EnvelopeFields[],
    kind: SealKind = 'commit',
  ): { position: bigint; chain: Buffer; seal: EventSeal } | null {
    if (events.length === 0) return null;
    const next = extendChain(chain, events);
    const position = events[events.length - 1].position;
    return { position, chain: next, seal: this.seal(position, next, kind) };
  }
}

/** The chain head as the store keeps it (base64), or the genesis value before the first seal. */
export function chainFrom(stored: string | null | undefined): Buffer {
  return stored ? Buffer.from(stored, 'base64') : GENESIS_CHAIN;
}

/** A new event as the writer inserts it (recordedBy is the stored JSON text, row-mapping.ts). */
export function envelopeOfEncoded(
  event: EncodedEvent,
  at: { position: bigint; stream: string; revision: bigint; recordedAt: string },
): EnvelopeFields {
  const by = recordedByOf(event.recordedBy);
  return {
    position: at.position,
    stream: at.stream,
    revision: at.revision,
    eventId: event.eventId,
    type: event.type,
    version: event.version,
    recordedAt: at.recordedAt,
    subject: by.subject,
    clientId: by.clientId ?? null,
    correlationId: event.correlationId,
    dataText: event.data,
  };
}

/** The last recordedBy parsed: a commit's events are mostly recorded by one caller. */
let lastRecordedBy: { text: string; value: { subject: string; clientId?: string | null } } | null = null;

function recordedByOf(text: string): { subject: string; clientId?: string | null } {
  if (lastRecordedBy?.text !== text)
    lastRecordedBy = { text, value: JSON.parse(text) as { subject: string; clientId?: string | null } };
  return lastRecordedBy.value;
}

/** A stored row, as a writer adopting a log reads it. */
export function envelopeOfRow(row: EventRow): EnvelopeFields {
  return envelopeOf(toStoredEvent(row));
}
