import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { referenceLeafHashes, referenceMth } from '../../../test/support/merkle/reference-tree.js';
import { MemoryMerkleTree, MerkleError, emptyTreeHash, leafHash, nodeHash } from './rfc9162.js';

/** Roots computed by test/fixtures/merkle/compute_roots.py (Python hashlib, RFC 9162 §2.1.1 recursion). */
const knownRoots = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/merkle/roots.json', import.meta.url), 'utf8'),
) as { roots: Record<string, string> };

function treeOf(size: number): MemoryMerkleTree {
  const tree = new MemoryMerkleTree();
  for (let i = 0; i < size; i += 1) tree.appendEntry(Buffer.from(String(i)));
  return tree;
}

describe('RFC 9162 §2.1.1 Merkle tree hash', () => {
  it('hashes the empty tree as SHA-256 of the empty string', () => {
    expect(emptyTreeHash().toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('separates leaves (0x00) from nodes (0x01)', () => {
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    expect(nodeHash(Buffer.alloc(32), Buffer.alloc(32)).equals(leafHash(Buffer.alloc(64)))).toBe(false);
  });

  const largest = Math.max(...Object.keys(knownRoots.roots).map(Number));
  const tree = treeOf(largest);
  it.each(Object.entries(knownRoots.roots))(
    'given %s leaves, the root matches the Python known answer',
    (size, root) => {
      expect(tree.rootHash(Number(size)).toString('base64')).toBe(root);
      expect(treeOf(Number(size)).rootHash().toString('base64')).toBe(root);
    },
  );

  it('computes the root of every earlier size from stored subtrees, as the RFC recursion does', () => {
    const leaves = referenceLeafHashes(130);
    const grown = treeOf(130);
    for (let size = 0; size <= 130; size += 1) {
      expect(grown.rootHash(size).equals(referenceMth(leaves.slice(0, size)))).toBe(true);
    }
  });

  it('refuses sizes beyond the tree, incomplete subtrees and leaf hashes of the wrong length', () => {
    const small = treeOf(5);
    expect(() => small.rootHash(6)).toThrow(MerkleError);
    expect(() => small.get(1, 2)).toThrow(expect.objectContaining({ code: 'MISSING_NODE' }));
    expect(() => small.rootHash(-1)).toThrow(expect.objectContaining({ code: 'BAD_SIZE' }));
    expect(() => small.rootHash(1.5)).toThrow(expect.objectContaining({ code: 'BAD_SIZE' }));
    expect(() => small.appendLeafHash(Buffer.alloc(31))).toThrow(expect.objectContaining({ code: 'BAD_HASH_LENGTH' }));
    expect(small.size).toBe(5);
  });

  it('serves copies, so a caller cannot corrupt stored nodes', () => {
    const small = treeOf(4);
    const root = small.rootHash();
    small.get(2, 0).fill(0);
    small.inclusionProof(0)[0].fill(0);
    expect(small.rootHash().equals(root)).toBe(true);
  });
});
