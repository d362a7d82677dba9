/**
 * RFC 9162 §2.1 Merkle trees for the integrity projection: hashing (§2.1.1), inclusion proofs (§2.1.3) and
 * consistency proofs (§2.1.4), generated from any SubtreeHashSource and verified without trusting the prover.
 * This is the entry point other modules import; the pieces live in the neighbouring files.
 */
export { HASH_SIZE, emptyTreeHash, leafHash, nodeHash } from './hashes.js';
export { MerkleError, type MerkleErrorCode } from './merkle-error.js';
export { hashNodes, rangeNodes, type NodeId, type SubtreeHashSource } from './subtree-hash-source.js';
export { consistencyProofPlan, inclusionProofPlan, treeHashPlan } from './proof-plan.js';
export { generateConsistencyProof, generateInclusionProof, merkleTreeHash } from './proofs.js';
export { MemoryMerkleTree } from './memory-merkle-tree.js';
export { assertInclusionProof, verifyInclusionProof, type InclusionClaim } from './verify-inclusion.js';
export { assertConsistencyProof, verifyConsistencyProof, type ConsistencyClaim } from './verify-consistency.js';
