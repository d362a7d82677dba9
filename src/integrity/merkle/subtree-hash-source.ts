/**
 * Where proof generation reads hashes from. Every hash a proof needs is either the hash of a complete perfect
 * subtree or a right-to-left fold of a few of them, so a source only has to serve complete subtrees: one in memory
 * (MemoryMerkleTree) or a persisted node table later, in O(log n) reads per proof.
 */
import { nodeHash } from './hashes.js';
import { largestPowerOfTwoUpTo, levelOf } from './tree-math.js';

/**
 * Hashes of complete perfect subtrees: `get(level, index)` is MTH(D[index·2^level : (index+1)·2^level]);
 * level 0 holds the leaf hashes. Throws when the subtree is not complete in the source.
 */
export interface SubtreeHashSource {
  get(level: number, index: number): Buffer;
}

/** A complete perfect subtree: 2^level leaves starting at leaf index · 2^level. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/**
 * The perfect subtrees that cover leaves [begin, end), largest first. Every range that RFC 9162 §2.1.1's
 * recursion produces starts at a multiple of a power of two at least as large as the range, so the pieces are
 * aligned and MTH(D[begin:end]) is their right-to-left fold (see hashNodes).
 */
export function rangeNodes(begin: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  for (let position = begin; position < end;) {
    const width = largestPowerOfTwoUpTo(end - position);
    if (position % width !== 0) throw new RangeError(`range [${begin}, ${end}) is not a subtree of an RFC 9162 tree`);
    nodes.push({ level: levelOf(width), index: position / width });
    position += width;
  }
  return nodes;
}

/**
 * MTH of the leaves covered by `nodes` (as returned by rangeNodes): with k the largest power of two below n,
 * MTH(D_n) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])) (§2.1.1), and D[0:k] is the first, largest piece.
 */
export function hashNodes(source: SubtreeHashSource, nodes: readonly NodeId[]): Buffer {
  if (nodes.length === 0) throw new RangeError('cannot hash an empty list of subtrees');
  let hash: Buffer = Buffer.from(source.get(nodes[nodes.length - 1].level, nodes[nodes.length - 1].index));
  for (let i = nodes.length - 2; i >= 0; i -= 1) hash = nodeHash(source.get(nodes[i].level, nodes[i].index), hash);
  return hash;
}
