/**
 * The hashing of RFC 9162 §2.1 with SHA-256, the algorithm every phi-ledger tree uses.
 * Leaves and interior nodes are domain-separated by a one-byte prefix (§2.1.1: 0x00 for leaves, 0x01 for nodes),
 * so a leaf can never be passed off as an interior node (the second-preimage defence of §2.1.1).
 */
import { hash } from 'node:crypto';

/** Length in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

/** MTH({}) = HASH() (§2.1.1): the hash of an empty tree is the hash of the empty string. */
export function emptyTreeHash(): Buffer {
  return hash('sha256', '', 'buffer');
}

/** MTH({d(0)}) = HASH(0x00 || d(0)) (§2.1.1): the hash of one log entry. */
export function leafHash(entry: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, entry]), 'buffer');
}

/** HASH(0x01 || left || right) (§2.1.1): the hash of an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE)
    return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
  // one-shot hashing of a reused buffer: the log hashes about one node per event it integrates
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return hash('sha256', NODE_INPUT, 'buffer');
}

const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_SIZE, 0x01);

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
