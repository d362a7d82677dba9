/**
 * The hashing of RFC 9162 §2.1 with SHA-256, the algorithm every phi-ledger tree uses.
 * Leaves and interior nodes are domain-separated by a one-byte prefix (§2.1.1: 0x00 for leaves, 0x01 for nodes),
 * so a leaf can never be passed off as an interior node (the second-preimage defence of §2.1.1).
 */
import { createHash } from 'node:crypto';

/** Length in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

/** MTH({}) = HASH() (§2.1.1): the hash of an empty tree is the hash of the empty string. */
export function emptyTreeHash(): Buffer {
  return createHash('sha256').digest();
}

/** MTH({d(0)}) = HASH(0x00 || d(0)) (§2.1.1): the hash of one log entry. */
export function leafHash(entry: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(entry).digest();
}

/** HASH(0x01 || left || right) (§2.1.1): the hash of an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
