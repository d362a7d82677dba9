/**
 * Which subtrees each proof hash is made of, computed from the sizes alone (no hashes). A persisted store can
 * fetch all the listed nodes in one query, then hand them to hashNodes; generation in proofs.ts does just that.
 * Each entry of a plan becomes one proof hash; at most one entry has more than one node, so a proof costs
 * O(log n) reads.
 */
import { rangeNodes, type NodeId } from './subtree-hash-source.js';
import { assertCount, largestPowerOfTwoBelow } from './tree-math.js';
import { MerkleError } from './merkle-error.js';

type LeafRange = readonly [begin: number, end: number];

/** The subtrees whose fold is MTH(D[0:size]) (§2.1.1); empty for the empty tree. */
export function treeHashPlan(size: number): NodeId[] {
  assertCount('tree size', size);
  return rangeNodes(0, size);
}

/** The audit path PATH(m, D_n) of RFC 9162 §2.1.3.1, from the leaf's sibling up to the root's child. */
export function inclusionProofPlan(leafIndex: number, treeSize: number): NodeId[][] {
  assertCount('leaf index', leafIndex);
  assertCount('tree size', treeSize);
  if (leafIndex >= treeSize) {
    throw new MerkleError('INDEX_OUT_OF_RANGE', `leaf index ${leafIndex} is not below tree size ${treeSize}`);
  }
  return path(leafIndex, 0, treeSize).map(([begin, end]) => rangeNodes(begin, end));
}

/**
 * PROOF(m, D_n) = SUBPROOF(m, D_n, true) of RFC 9162 §2.1.4.1, defined there for 0 < m < n; m = n gives the
 * empty proof (the roots must then be equal). There is no proof from the empty tree.
 */
export function consistencyProofPlan(fromSize: number, toSize: number): NodeId[][] {
  assertCount('first tree size', fromSize);
  assertCount('second tree size', toSize);
  if (fromSize === 0) throw new MerkleError('EMPTY_TREE', 'there is no consistency proof from the empty tree');
  if (fromSize > toSize) {
    throw new MerkleError('INDEX_OUT_OF_RANGE', `first tree size ${fromSize} exceeds second tree size ${toSize}`);
  }
  return subproof(fromSize, 0, toSize, true).map(([begin, end]) => rangeNodes(begin, end));
}

/** §2.1.3.1 over leaves [begin, end), with m an absolute leaf index. */
function path(m: number, begin: number, end: number): LeafRange[] {
  if (end - begin <= 1) return [];
  const split = begin + largestPowerOfTwoBelow(end - begin);
  return m < split ? [...path(m, begin, split), [split, end]] : [...path(m, split, end), [begin, split]];
}

/** §2.1.4.1 over leaves [begin, end), with m an absolute tree size. */
function subproof(m: number, begin: number, end: number, isFirstTreeRoot: boolean): LeafRange[] {
  if (m === end) return isFirstTreeRoot ? [] : [[begin, end]];
  const split = begin + largestPowerOfTwoBelow(end - begin);
  return m <= split
    ? [...subproof(m, begin, split, isFirstTreeRoot), [split, end]]
    : [...subproof(m, split, end, false), [begin, split]];
}
