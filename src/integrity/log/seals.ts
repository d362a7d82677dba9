/**
 * Checking the writer's seals (event-store/seal.ts) as the log is read in position order: the chain is extended by
 * each event's leaf, and where a commit ended (the event carries a seal) the chain must equal the sealed one and the
 * signature must verify with a trusted key. An event that no seal covers was not committed by the ledger's writer:
 * the Merkle log integrates it into no checkpoint and the audit names it.
 */
import { verify } from 'node:crypto';
import type { StoredEvent } from '../../event-store/event-store.port.js';
import { chainFrom, GENESIS_CHAIN, nextChain, sealMessage } from '../../event-store/seal.js';
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

export class SealChain {
  private chain: Buffer;
  private readonly keys: NoteVerifier[];
  sealedThrough: number;
  adoptedThrough: number | null;

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

  get state(): SealChainState {
    return {
      chain: this.chain.toString('base64'),
      sealedThrough: this.sealedThrough,
      adoptedThrough: this.adoptedThrough,
    };
  }

  /** Extends the chain by the event (its leaf hash given); when a commit ended there, checks its seal. */
  push(event: StoredEvent, leaf: Buffer): string | null {
    this.chain = nextChain(this.chain, leaf);
    const seal = event.seal;
    if (!seal) return null;
    const position = Number(event.position);
    if (seal.chain !== this.chain.toString('base64'))
      return `the seal at position ${position} does not cover the events before it: an event after position ${this.sealedThrough} was not written by the ledger (inserted, edited or removed around it)`;
    const message = sealMessage(this.origin, event.position, this.chain, seal.kind);
    const signature = Buffer.from(seal.signature, 'base64');
    if (!this.keys.some((k) => verify(null, message, k.publicKey, signature)))
      return `the seal at position ${position} is not signed by a trusted key`;
    this.sealedThrough = position;
    if (seal.kind === 'adopted') this.adoptedThrough = position;
    return null;
  }
}
