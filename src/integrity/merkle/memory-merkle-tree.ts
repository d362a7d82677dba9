/**
 * An append-only RFC 9162 tree held in memory. Every complete perfect subtree is stored by (level, index), so
 * the root of any earlier size and proofs between any sizes come from stored nodes (proofs.ts).
 * Appending works like a compact range (a stack of perfect subtree roots, RFC 9162 §2.1.1's left-full shape):
 * a new leaf merges with its left sibling for as long as that completes a subtree, one node per level.
 */
import { HASH_SIZE, leafHash, nodeHash } from './hashes.js';
import { MerkleError } from './merkle-error.js';
import { generateConsistencyProof, generateInclusionProof, merkleTreeHash } from './proofs.js';
import type { SubtreeHashSource } from './subtree-hash-source.js';

export class MemoryMerkleTree implements SubtreeHashSource {
  /** levels[l][i] = hash of leaves [i·2^l, (i+1)·2^l), present only once the subtree is complete. */
  private readonly levels: Buffer[][] = [[]];

  get size(): number {
    return this.levels[0].length;
  }

  /** Appends one log entry (hashed as a leaf, §2.1.1) and returns its leaf index. */
  appendEntry(entry: Uint8Array): number {
    return this.appendLeafHash(leafHash(entry));
  }

  /** Appends an already computed leaf hash and returns its leaf index. */
  appendLeafHash(hash: Uint8Array): number {
    if (hash.length !== HASH_SIZE) {
      throw new MerkleError('BAD_HASH_LENGTH', `a leaf hash is ${HASH_SIZE} bytes, got ${hash.length}`);
    }
    const leafIndex = this.size;
    let node: Buffer = Buffer.from(hash);
    for (let level = 0; ; level += 1) {
      if (this.levels.length === level) this.levels.push([]);
      const row = this.levels[level];
      row.push(node);
      if (row.length % 2 === 1) break;
      node = nodeHash(row[row.length - 2], row[row.length - 1]);
    }
    return leafIndex;
  }

  get(level: number, index: number): Buffer {
    const node = this.levels[level]?.[index];
    if (node === undefined) {
      throw new MerkleError(
        'MISSING_NODE',
        `no complete subtree at level ${level}, index ${index} (size ${this.size})`,
      );
    }
    return Buffer.from(node);
  }

  /** MTH(D[0:size]) for any size up to the current one (§2.1.1). */
  rootHash(size: number = this.size): Buffer {
    this.assertWithinTree(size);
    return merkleTreeHash(this, size);
  }

  /** §2.1.3.1 audit path of `leafIndex` in the tree of size `treeSize`. */
  inclusionProof(leafIndex: number, treeSize: number = this.size): Buffer[] {
    this.assertWithinTree(treeSize);
    return generateInclusionProof(this, leafIndex, treeSize);
  }

  /** §2.1.4.1 consistency proof from `fromSize` to `toSize`. */
  consistencyProof(fromSize: number, toSize: number = this.size): Buffer[] {
    this.assertWithinTree(toSize);
    return generateConsistencyProof(this, fromSize, toSize);
  }

  private assertWithinTree(size: number): void {
    if (size > this.size) {
      throw new MerkleError('INDEX_OUT_OF_RANGE', `tree size ${size} exceeds the ${this.size} leaves appended`);
    }
  }
}
