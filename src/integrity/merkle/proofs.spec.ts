import { describe, expect, it } from '@jest/globals';
import {
  referenceConsistencyProof,
  referenceLeafHashes,
  referenceMth,
  referencePath,
} from '../../../test/support/merkle/reference-tree.js';
import {
  MemoryMerkleTree,
  generateInclusionProof,
  verifyConsistencyProof,
  verifyInclusionProof,
  type SubtreeHashSource,
} from './rfc9162.js';

const MAX = 64;
const leaves = referenceLeafHashes(MAX);
const tree = new MemoryMerkleTree();
leaves.forEach((hash) => tree.appendLeafHash(hash));
const roots = Array.from({ length: MAX + 1 }, (_, size) => referenceMth(leaves.slice(0, size)));
const hex = (hashes: Buffer[]): string[] => hashes.map((hash) => hash.toString('hex'));

describe('RFC 9162 §2.1.3 inclusion proofs, every leaf of every tree size 1..64', () => {
  it('generates PATH(m, D_n) exactly and every proof verifies against MTH(D_n)', () => {
    let checked = 0;
    for (let size = 1; size <= MAX; size += 1) {
      for (let index = 0; index < size; index += 1) {
        const proof = tree.inclusionProof(index, size);
        expect(hex(proof)).toEqual(hex(referencePath(index, leaves.slice(0, size))));
        expect(
          verifyInclusionProof({
            leafIndex: index,
            treeSize: size,
            leafHash: leaves[index],
            proof,
            rootHash: roots[size],
          }),
        ).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBe((MAX * (MAX + 1)) / 2);
  });
});

describe('RFC 9162 §2.1.4 consistency proofs, every pair of sizes 1 <= m <= n <= 64', () => {
  it('generates PROOF(m, D_n) exactly and every proof verifies between MTH(D_m) and MTH(D_n)', () => {
    for (let to = 1; to <= MAX; to += 1) {
      for (let from = 1; from <= to; from += 1) {
        const proof = tree.consistencyProof(from, to);
        expect(hex(proof)).toEqual(hex(referenceConsistencyProof(from, leaves.slice(0, to))));
        expect(
          verifyConsistencyProof({ fromSize: from, toSize: to, fromRoot: roots[from], toRoot: roots[to], proof }),
        ).toBe(true);
      }
    }
  });

  it('has no proof from the empty tree or backwards', () => {
    expect(() => tree.consistencyProof(0, 5)).toThrow(expect.objectContaining({ code: 'EMPTY_TREE' }));
    expect(() => tree.consistencyProof(6, 5)).toThrow(expect.objectContaining({ code: 'INDEX_OUT_OF_RANGE' }));
    expect(() => tree.inclusionProof(5, 5)).toThrow(expect.objectContaining({ code: 'INDEX_OUT_OF_RANGE' }));
  });
});

describe('proof generation reads O(log n) complete subtrees', () => {
  it('given 65537 leaves, each proof reads at most 2·log2(n) nodes', () => {
    const big = new MemoryMerkleTree();
    for (let i = 0; i < 65537; i += 1) big.appendEntry(Buffer.from(String(i)));
    let reads = 0;
    const counting: SubtreeHashSource = { get: (level, index) => ((reads += 1), big.get(level, index)) };
    for (const [index, size] of [
      [0, 65535],
      [32767, 65537],
      [65536, 65537],
      [12345, 60001],
    ]) {
      reads = 0;
      generateInclusionProof(counting, index, size);
      expect(reads).toBeLessThanOrEqual(2 * 17);
    }
  });
});
