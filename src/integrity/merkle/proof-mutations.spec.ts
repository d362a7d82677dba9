/**
 * Adversarial property tests: take a valid proof from a 200-leaf tree, change one thing, and require the
 * verifier to refuse. A changed size is paired with the true root of the new size (a proof replayed against
 * another checkpoint), so acceptance would mean a forged proof.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MemoryMerkleTree, verifyConsistencyProof, verifyInclusionProof } from './rfc9162.js';

const N = 200;
const tree = new MemoryMerkleTree();
for (let i = 0; i < N; i += 1) tree.appendEntry(Buffer.from(String(i)));
const roots = Array.from({ length: N + 1 }, (_, size) => tree.rootHash(size));
const rootOf = (size: number): Buffer => (size >= 0 && size <= N ? roots[size] : Buffer.alloc(32, 7));

type Hashes = Buffer[];
const flipBit = (hash: Buffer, bit: number): Buffer => {
  const copy = Buffer.from(hash);
  copy[Math.floor(bit / 8) % copy.length] ^= 1 << (bit % 8);
  return copy;
};

/** One change to a proof; `null` when that change is impossible for this proof (e.g. swapping in a 1-hash proof). */
const proofMutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(255) }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    hash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncateHash' as const), at: fc.nat(), length: fc.integer({ min: 0, max: 64 }) }),
);
type ProofMutation = typeof proofMutation extends fc.Arbitrary<infer T> ? T : never;

function mutateProof(proof: Hashes, m: ProofMutation): Hashes | null {
  const i = proof.length === 0 ? 0 : m.at % proof.length;
  const out = [...proof];
  if (m.kind === 'insert') return (out.splice(m.at % (proof.length + 1), 0, Buffer.from(m.hash)), out);
  if (proof.length === 0) return null;
  if (m.kind === 'flip') out[i] = flipBit(out[i], m.bit);
  if (m.kind === 'drop') out.splice(i, 1);
  if (m.kind === 'duplicate') out.splice(i, 0, out[i]);
  if (m.kind === 'swap')
    return proof.length < 2
      ? null
      : ((out[i] = proof[(i + 1) % proof.length]), (out[(i + 1) % proof.length] = proof[i]), out);
  if (m.kind === 'truncateHash') return m.length === 32 ? null : ((out[i] = Buffer.alloc(m.length, out[i][0])), out);
  return out;
}

const sizeShift = fc.integer({ min: -300, max: 300 }).filter((d) => d !== 0);
const field = <T extends string>(...names: T[]) => fc.constantFrom(...names);

describe('inclusion verifier under 10,000 single mutations', () => {
  it('accepts the original and refuses every mutation', () => {
    const claim = fc.integer({ min: 1, max: N }).chain((size) => fc.tuple(fc.constant(size), fc.nat(size - 1)));
    const mutation = fc.oneof(
      proofMutation.map((proof) => ({ on: 'proof' as const, proof })),
      fc.record({ on: field('leafHash', 'rootHash'), bit: fc.nat(255) }),
      fc.record({ on: field('leafIndex', 'treeSize'), shift: sizeShift }),
    );
    fc.assert(
      fc.property(claim, mutation, ([size, index], m) => {
        const valid = {
          leafIndex: index,
          treeSize: size,
          leafHash: tree.get(0, index),
          proof: tree.inclusionProof(index, size),
          rootHash: roots[size],
        };
        expect(verifyInclusionProof(valid)).toBe(true);
        let forged;
        if (m.on === 'proof') {
          const proof = mutateProof(valid.proof, m.proof);
          if (proof === null) return;
          forged = { ...valid, proof };
        } else if ('bit' in m) forged = { ...valid, [m.on]: flipBit(valid[m.on], m.bit) };
        else if (m.on === 'leafIndex') forged = { ...valid, leafIndex: index + m.shift };
        else forged = { ...valid, treeSize: size + m.shift, rootHash: rootOf(size + m.shift) };
        expect(verifyInclusionProof(forged)).toBe(false);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('consistency verifier under 10,000 single mutations', () => {
  it('accepts the original and refuses every mutation', () => {
    const sizes = fc
      .integer({ min: 1, max: N })
      .chain((to) => fc.tuple(fc.integer({ min: 1, max: to }), fc.constant(to)));
    const mutation = fc.oneof(
      proofMutation.map((proof) => ({ on: 'proof' as const, proof })),
      fc.record({ on: field('fromRoot', 'toRoot'), bit: fc.nat(255) }),
      fc.record({ on: field('fromSize', 'toSize'), shift: sizeShift }),
      fc.record({ on: field('swapRoots') }),
    );
    fc.assert(
      fc.property(sizes, mutation, ([from, to], m) => {
        const valid = {
          fromSize: from,
          toSize: to,
          fromRoot: roots[from],
          toRoot: roots[to],
          proof: tree.consistencyProof(from, to),
        };
        expect(verifyConsistencyProof(valid)).toBe(true);
        let forged;
        if (m.on === 'proof') {
          const proof = mutateProof(valid.proof, m.proof);
          if (proof === null) return;
          forged = { ...valid, proof };
        } else if ('bit' in m) forged = { ...valid, [m.on]: flipBit(valid[m.on], m.bit) };
        else if (m.on === 'fromSize') forged = { ...valid, fromSize: from + m.shift, fromRoot: rootOf(from + m.shift) };
        else if (m.on === 'toSize') forged = { ...valid, toSize: to + m.shift, toRoot: rootOf(to + m.shift) };
        else if (from === to) return;
        else forged = { ...valid, fromRoot: valid.toRoot, toRoot: valid.fromRoot };
        expect(verifyConsistencyProof(forged)).toBe(false);
      }),
      { numRuns: 10_000 },
    );
  });
});
