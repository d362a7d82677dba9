/** Why a Merkle tree operation or a proof was refused; `code` is stable, `message` says what was wrong. */
export type MerkleErrorCode =
  | 'BAD_SIZE' // a tree size or leaf index that is not a non-negative safe integer
  | 'EMPTY_TREE' // RFC 9162 §2.1.3 / §2.1.4: no inclusion in, and no consistency from, an empty tree
  | 'INDEX_OUT_OF_RANGE' // leaf index >= tree size (§2.1.3.2 step 1), or sizes out of order (§2.1.4)
  | 'BAD_HASH_LENGTH' // every hash is exactly 32 bytes of SHA-256
  | 'PROOF_LENGTH' // more or fewer proof hashes than the sizes call for
  | 'ROOT_MISMATCH' // the proof does not lead to the expected root(s)
  | 'MISSING_NODE'; // a source was asked for a subtree it does not hold completely

export class MerkleError extends Error {
  constructor(
    readonly code: MerkleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MerkleError';
  }
}
