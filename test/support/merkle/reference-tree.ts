/**
 * Test support: the RFC 9162 definitions transcribed literally over arrays of leaf hashes, for tests only: MTH (§2.1.1),
 * PATH (§2.1.3.1) and PROOF/SUBPROOF (§2.1.4.1). Independent of src/integrity/merkle (own hashing, no
 * subtree store), so the optimised code is checked against the specification's own recursion.
 */
import { createHash } from 'node:crypto';

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** Leaf i of every test tree: the ASCII decimal text of i, as in compute_roots.py. */
export const referenceLeafHash = (i: number): Buffer => sha256(Buffer.from([0]), Buffer.from(String(i)));

export const referenceLeafHashes = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => referenceLeafHash(i));

const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

export function referenceMth(d: Buffer[]): Buffer {
  if (d.length === 0) return sha256();
  if (d.length === 1) return d[0];
  const k = split(d.length);
  return sha256(Buffer.from([1]), referenceMth(d.slice(0, k)), referenceMth(d.slice(k)));
}

export function referencePath(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k
    ? [...referencePath(m, d.slice(0, k)), referenceMth(d.slice(k))]
    : [...referencePath(m - k, d.slice(k)), referenceMth(d.slice(0, k))];
}

export function referenceConsistencyProof(m: number, d: Buffer[]): Buffer[] {
  return subproof(m, d, true);
}

function subproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  const n = d.length;
  if (m === n) return b ? [] : [referenceMth(d)];
  const k = split(n);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), referenceMth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), referenceMth(d.slice(0, k))];
}
