/**
 * Checking the writer's seals (event-store/seal.ts) as the log is read in position order: the chain is extended by
 * each event's leaf, and where a commit ended (the event carries a seal) the chain must equal the sealed one; the
 * signature of the last seal of each page must verify with a trusted key. An event that no seal covers was not committed by the ledger's writer:
 * the Merkle log integrates it into no checkpoint and the audit names it.
 */
import { verify } from 'node:crypto';
import type { StoredEvent } from '../../event-store/event-store.port.js';
import { chainFrom, GENESIS_CHAIN, nextChain, sealMessage, type EventSeal } from '../../event-store/seal.js';
import { parseVerifierKey, type NoteVerifier } from '../checkpoints/note-keys.js';

export interface SealChainState {
  /** the chain after the last event read (base64) */
  chain: string;
  /** the last position covered by a verified seal */
  sealedThrough: number;
  /** the position of the seal that adopted a log written before sealing began, if any */
  adoptedThrough: number | null;
}

export const UNSEALED: SealChainState = {
  chain: GENESIS_CHAIN.toString('base64'),
  sealedThrough: 0,
  adoptedThrough: null,
};

/**
 * The chain as the log is read. A seal's chain is compared where it stands; its signature is checked when the reader
 * settles (at the end of each page): the last seal met covers, through the chain, every event before it, so one
 * signature per page vouches for the page (an adoption seal is checked at once, so that `adoptedThrough` is exact).
 */
export class SealChain {
  private chain: Buffer;
  private readonly keys: NoteVerifier[];
  sealedThrough: number;
  adoptedThrough: number | null;
  /** the last seal whose chain matched, its signature not checked yet */
  private pending: { position: bigint; chain: Buffer; seal: EventSeal } | null = null;

  constructor(
    private readonly origin: string,
    verifiers: readonly string[],
    state: SealChainState = UNSEALED,
  ) {
    this.keys = verifiers.map(parseVerifierKey);
    this.chain = chainFrom(state.chain);
    this.sealedThrough = state.sealedThrough;
    this.adoptedThrough = state.adoptedThrough;
  }

  /** What a reader keeps between pages (after `settle`). */
  get state(): SealChainState {
    return {
      chain: this.chain.toString('base64'),
      sealedThrough: this.sealedThrough,
      adoptedThrough: this.adoptedThrough,
    };
  }

  /** Extends the chain by the event (its leaf hash given); where a commit ended, compares the sealed chain. */
  push(event: StoredEvent, leaf: Buffer): string | null {
    this.chain = nextChain(this.chain, leaf);
    const seal = event.seal;
    if (!seal) return null;
    const matched = this.pending ? Number(this.pending.position) : this.sealedThrough;
    if (seal.chain !== this.chain.toString('base64'))
      return `the seal at position ${event.position} does not cover the events before it: an event after position ${matched} was not written by the ledger (inserted, edited or removed around it)`;
    this.pending = { position: event.position, chain: this.chain, seal };
    return seal.kind === 'adopted' ? this.settle() : null;
  }

  /** Checks the signature of the last seal met; every event up to it is then sealed. */
  settle(): string | null {
    const pending = this.pending;
    if (!pending) return null;
    const message = sealMessage(this.origin, pending.position, pending.chain, pending.seal.kind);
    const signature = Buffer.from(pending.seal.signature, 'base64');
    if (!this.keys.some((k) => verify(null, message, k.publicKey, signature)))
      return `the seal at position ${pending.position} is not signed by a trusted key`;
    this.pending = null;
    this.sealedThrough = Number(pending.position);
    if (pending.seal.kind === 'adopted') this.adoptedThrough = this.sealedThrough;
    return null;
  }
}
