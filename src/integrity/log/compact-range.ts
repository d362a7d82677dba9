/**
 * The right edge of an RFC 9162 tree: the roots of the perfect subtrees covering leaves [0, size), largest
 * first. Appending a leaf merges equal-sized subtrees (§2.1.1: every left subtree is perfect); the root is the
 * right-to-left fold. O(log n) memory, so the audit can re-hash 10M events without holding the tree.
 */
import { emptyTreeHash, nodeHash } from '../merkle/hashes.js';

export interface SubtreeRoot {
  level: number;
  index: number;
  hash: Buffer;
}

export class CompactRange {
  constructor(
    private readonly roots: SubtreeRoot[] = [],
    private leaves = roots.reduce((n, r) => n + 2 ** r.level, 0),
  ) {}

  get size(): number {
    return this.leaves;
  }

  /** Appends the next leaf hash; returns the leaf and every subtree it completed, bottom-up. */
  push(leaf: Buffer): SubtreeRoot[] {
    let node: SubtreeRoot = { level: 0, index: this.leaves, hash: leaf };
    const completed = [node];
    while (this.roots.length > 0 && this.roots[this.roots.length - 1].level === node.level) {
      const left = this.roots.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(left.hash, node.hash) };
      completed.push(node);
    }
    this.roots.push(node);
    this.leaves += 1;
    return completed;
  }

  /** The subtree roots (for saving an audit's progress; `new CompactRange(roots)` resumes it). */
  get frontier(): readonly SubtreeRoot[] {
    return this.roots;
  }

  root(): Buffer {
    if (this.roots.length === 0) return emptyTreeHash();
    let hash = this.roots[this.roots.length - 1].hash;
    for (let i = this.roots.length - 2; i >= 0; i -= 1) hash = nodeHash(this.roots[i].hash, hash);
    return hash;
  }
}
