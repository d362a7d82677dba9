import { describe, expect, it } from '@jest/globals';
import { consistencyVectors, inclusionVectors } from '../../../test/support/merkle/transparency-dev-vectors.js';
import { verifyConsistencyProof, verifyInclusionProof } from './rfc9162.js';

/**
 * The one vector where we are deliberately stricter than transparency-dev: equal sizes (1) with equal "roots"
 * that are 12 bytes ("don't care 2"), not SHA-256 outputs. transparency-dev's verifier only compares the bytes;
 * ours refuses any hash that is not 32 bytes (BAD_HASH_LENGTH), since no RFC 9162 tree has such a root.
 */
const STRICTER_THAN_UPSTREAM = new Set(['consistency/additional/sizes-are-equal-one-and-proof-is-empty.json']);

describe('transparency-dev/merkle inclusion vectors (../shared/testdata)', () => {
  const vectors = inclusionVectors();
  it('are all present', () => expect(vectors.length).toBeGreaterThan(90));
  it.each(vectors.map((v) => [v.file, v] as const))('%s', (_file, vector) => {
    expect(verifyInclusionProof(vector)).toBe(!vector.wantErr);
  });
});

describe('transparency-dev/merkle consistency vectors (../shared/testdata)', () => {
  const vectors = consistencyVectors();
  it('are all present', () => expect(vectors.length + inclusionVectors().length).toBe(196));
  it.each(vectors.map((v) => [v.file, v] as const))('%s', (file, vector) => {
    const expected = STRICTER_THAN_UPSTREAM.has(file) ? false : !vector.wantErr;
    expect(verifyConsistencyProof(vector)).toBe(expected);
  });
  it('the stricter case is the only difference, and only because of hash length', () => {
    const [strict] = vectors.filter((v) => STRICTER_THAN_UPSTREAM.has(v.file));
    expect(strict.wantErr).toBe(false);
    expect(strict.fromRoot.length).toBe(12);
  });
});
