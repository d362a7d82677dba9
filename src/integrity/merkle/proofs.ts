/**
 * Tree hashes and proofs (RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1) read from any SubtreeHashSource.
 * The plans say which complete subtrees are needed; the source serves them.
 */
import { emptyTreeHash } from './hashes.js';
import { consistencyProofPlan, inclusionProofPlan, treeHashPlan } from './proof-plan.js';
import { hashNodes, type SubtreeHashSource } from './subtree-hash-source.js';

/** MTH(D[0:size]) (§2.1.1); the source must hold every leaf below `size`. */
export function merkleTreeHash(source: SubtreeHashSource, size: number): Buffer {
  const nodes = treeHashPlan(size);
  return nodes.length === 0 ? emptyTreeHash() : hashNodes(source, nodes);
}

/** The audit path of leaf `leafIndex` in the tree of size `treeSize` (§2.1.3.1), leaf level first. */
export function generateInclusionProof(source: SubtreeHashSource, leafIndex: number, treeSize: number): Buffer[] {
  return inclusionProofPlan(leafIndex, treeSize).map((nodes) => hashNodes(source, nodes));
}

/** The consistency proof between tree sizes `fromSize` and `toSize` (§2.1.4.1); 0 < fromSize <= toSize. */
export function generateConsistencyProof(source: SubtreeHashSource, fromSize: number, toSize: number): Buffer[] {
  return consistencyProofPlan(fromSize, toSize).map((nodes) => hashNodes(source, nodes));
}
