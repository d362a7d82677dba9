/**
 * Consistency proof verification, RFC 9162 §2.1.4.2, plus the cases the RFC leaves implicit: equal sizes need
 * an empty proof and equal roots; there is no consistency from the empty tree (§2.1.4.1 defines 0 < m).
 */
import { nodeHash } from './hashes.js';
import { MerkleError } from './merkle-error.js';
import { consistencyProofPlan } from './proof-plan.js';
import { assertCount, isPowerOfTwo, lsb, shiftRight } from './tree-math.js';
import { assertHashLengths } from './verify-inclusion.js';

export interface ConsistencyClaim {
  readonly fromSize: number;
  readonly toSize: number;
  readonly fromRoot: Uint8Array;
  readonly toRoot: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

/** Throws a MerkleError saying why, unless `proof` shows the tree `toRoot` extends the tree `fromRoot`. */
export function assertConsistencyProof(claim: ConsistencyClaim): void {
  const { fromSize, toSize, proof } = claim;
  assertCount('first tree size', fromSize);
  assertCount('second tree size', toSize);
  assertHashLengths({ 'first root hash': claim.fromRoot, 'second root hash': claim.toRoot }, proof);
  const expectedLength = consistencyProofPlan(fromSize, toSize).length;
  if (proof.length !== expectedLength) {
    throw new MerkleError(
      'PROOF_LENGTH',
      `sizes ${fromSize} → ${toSize} need ${expectedLength} hashes, got ${proof.length}`,
    );
  }
  const [first, second] =
    fromSize === toSize ? [Buffer.from(claim.toRoot), Buffer.from(claim.toRoot)] : rootsFromProof(claim);
  if (!first.equals(claim.fromRoot) || !second.equals(claim.toRoot)) {
    throw new MerkleError('ROOT_MISMATCH', `the proof does not link the roots of sizes ${fromSize} and ${toSize}`);
  }
}

/** True exactly when assertConsistencyProof accepts. */
export function verifyConsistencyProof(claim: ConsistencyClaim): boolean {
  try {
    assertConsistencyProof(claim);
    return true;
  } catch (error) {
    if (error instanceof MerkleError) return false;
    throw error;
  }
}

/** §2.1.4.2 steps 1–7 for 0 < first < second; returns the recomputed (first, second) roots. */
function rootsFromProof({ fromSize, toSize, fromRoot, proof }: ConsistencyClaim): [Buffer, Buffer] {
  if (proof.length === 0)
    throw new MerkleError('PROOF_LENGTH', 'a consistency proof between different sizes is never empty');
  const path = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : [...proof]; // step 2
  let fn = fromSize - 1; // step 3
  let sn = toSize - 1;
  while (lsb(fn)) {
    fn = shiftRight(fn); // step 4
    sn = shiftRight(sn);
  }
  let fr: Buffer = Buffer.from(path[0]); // step 5
  let sr: Buffer = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) throw new MerkleError('PROOF_LENGTH', 'the proof has more hashes than the tree has levels'); // 6a
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr); // 6b
      sr = nodeHash(c, sr);
      while (!lsb(fn) && fn !== 0) {
        fn = shiftRight(fn);
        sn = shiftRight(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = shiftRight(fn); // 6c
    sn = shiftRight(sn);
  }
  if (sn !== 0) throw new MerkleError('PROOF_LENGTH', 'the proof has fewer hashes than the tree has levels'); // step 7
  return [fr, sr];
}
