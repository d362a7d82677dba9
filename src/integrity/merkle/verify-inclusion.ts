/**
 * Inclusion proof verification, RFC 9162 §2.1.3.2. Every malformed input is refused with a MerkleError before
 * any hashing: sizes, index, hash lengths and the exact proof length for (index, size).
 */
import { HASH_SIZE, nodeHash } from './hashes.js';
import { MerkleError } from './merkle-error.js';
import { inclusionProofPlan } from './proof-plan.js';
import { assertCount, lsb, shiftRight } from './tree-math.js';

export interface InclusionClaim {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
  readonly rootHash: Uint8Array;
}

/** Throws a MerkleError saying why, unless `proof` shows `leafHash` at `leafIndex` in the tree `rootHash`. */
export function assertInclusionProof(claim: InclusionClaim): void {
  const { leafIndex, treeSize, proof } = claim;
  assertCount('leaf index', leafIndex);
  assertCount('tree size', treeSize);
  if (treeSize === 0) throw new MerkleError('EMPTY_TREE', 'the empty tree includes no leaf');
  assertHashLengths({ 'leaf hash': claim.leafHash, 'root hash': claim.rootHash }, proof);
  // §2.1.3.2 step 1: leaf_index must be below tree_size (checked by the plan).
  const expectedLength = inclusionProofPlan(leafIndex, treeSize).length;
  if (proof.length !== expectedLength) {
    throw new MerkleError(
      'PROOF_LENGTH',
      `leaf ${leafIndex} of ${treeSize} needs ${expectedLength} hashes, got ${proof.length}`,
    );
  }
  if (!rootFromInclusionProof(leafIndex, treeSize, claim.leafHash, proof).equals(claim.rootHash)) {
    throw new MerkleError(
      'ROOT_MISMATCH',
      `the proof for leaf ${leafIndex} does not lead to the root of size ${treeSize}`,
    );
  }
}

/** True exactly when assertInclusionProof accepts. */
export function verifyInclusionProof(claim: InclusionClaim): boolean {
  try {
    assertInclusionProof(claim);
    return true;
  } catch (error) {
    if (error instanceof MerkleError) return false;
    throw error;
  }
}

/** Throws BAD_HASH_LENGTH unless every named hash and every proof entry is a SHA-256 output. */
export function assertHashLengths(named: Record<string, Uint8Array>, proof: readonly Uint8Array[]): void {
  for (const [name, hash] of Object.entries(named)) {
    if (hash.length !== HASH_SIZE)
      throw new MerkleError('BAD_HASH_LENGTH', `${name} is ${hash.length} bytes, not ${HASH_SIZE}`);
  }
  proof.forEach((hash, i) => {
    if (hash.length !== HASH_SIZE)
      throw new MerkleError('BAD_HASH_LENGTH', `proof hash ${i} is ${hash.length} bytes, not ${HASH_SIZE}`);
  });
}

/** §2.1.3.2 steps 2–5; the length check above already guarantees sn reaches 0 exactly at the end. */
function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Buffer {
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) throw new MerkleError('PROOF_LENGTH', 'the proof has more hashes than the tree has levels');
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!lsb(fn) && fn !== 0) {
        fn = shiftRight(fn);
        sn = shiftRight(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = shiftRight(fn);
    sn = shiftRight(sn);
  }
  if (sn !== 0) throw new MerkleError('PROOF_LENGTH', 'the proof has fewer hashes than the tree has levels');
  return r;
}
