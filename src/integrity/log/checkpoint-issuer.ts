/**
 * Issues signed C2SP checkpoints of the persisted tree. A new checkpoint is only signed after a consistency
 * proof from the previous one (generated from the stored nodes) verifies: the ledger never signs two views
 * of its history that contradict each other.
 */
import type { SqlTx } from '../../projections/read-model-db.js';
import { signCheckpoint } from '../checkpoints/signed-note.js';
import type { NoteSigner } from '../checkpoints/note-keys.js';
import { consistencyProofPlan, treeHashPlan } from '../merkle/proof-plan.js';
import { generateConsistencyProof, merkleTreeHash } from '../merkle/proofs.js';
import { verifyConsistencyProof } from '../merkle/verify-consistency.js';
import { loadNodes, loadSealChain, treeSize } from './node-table.js';
import { lastWitnessed, witness } from './trust.js';

export interface CheckpointRow {
  size: number;
  rootHash: Buffer;
  note: string;
  issuedAt: string;
}

export interface CheckpointPolicy {
  origin: string;
  signer: NoteSigner;
  /** where every signed checkpoint is also kept (outside the database): a new one must extend the last kept there */
  witnessFile?: string | null;
  /** keys a witnessed checkpoint (and a writer's seal) may be signed with */
  verifiers?: readonly string[];
  /** the store seals its commits: checkpoints cover only events a verified seal covers (seals.ts) */
  sealed?: boolean;
}

export async function latestCheckpoint(tx: SqlTx): Promise<CheckpointRow | null> {
  const rows = await tx.all<{ size: string | number; root_hash: string; note: string; issued_at: string }>(
    'SELECT size, root_hash, note, issued_at FROM integrity_checkpoints ORDER BY size DESC LIMIT 1',
  );
  return rows.length === 0 ? null : toRow(rows[0]);
}

export async function allCheckpoints(tx: SqlTx): Promise<CheckpointRow[]> {
  const rows = await tx.all<{ size: string | number; root_hash: string; note: string; issued_at: string }>(
    'SELECT size, root_hash, note, issued_at FROM integrity_checkpoints ORDER BY size',
  );
  return rows.map(toRow);
}

export async function rootAt(tx: SqlTx, size: number): Promise<Buffer> {
  return merkleTreeHash(await loadNodes(tx, treeHashPlan(size)), size);
}

/** Signs and stores a checkpoint of the current tree when it has grown past the last one; returns it or null. */
export async function issueCheckpoint(tx: SqlTx, policy: CheckpointPolicy): Promise<CheckpointRow | null> {
  const built = await treeSize(tx);
  const size = policy.sealed ? Math.min(built, (await loadSealChain(tx)).sealedThrough) : built;
  const previous = await latestCheckpoint(tx);
  // The stored checkpoints live in the database an attacker may have rolled back: the witnessed one does not.
  // A tree smaller than it (rolled back, or being rebuilt) gets no checkpoint; a larger one must contain it.
  const anchor = policy.witnessFile ? lastWitnessed(policy.witnessFile, policy.verifiers ?? []) : null;
  if (anchor && size < anchor.size) return null;
  if (anchor && !(await rootAt(tx, anchor.size)).equals(anchor.rootHash)) {
    throw new Error(
      `refusing to sign checkpoint ${size}: the tree does not extend the witnessed checkpoint ${anchor.size} (the log or its tree was rolled back or rewritten)`,
    );
  }
  if (size === 0 || (previous && previous.size >= size)) return null;
  const rootHash = await rootAt(tx, size);
  if (previous) {
    const plan = consistencyProofPlan(previous.size, size).flat();
    const proof = generateConsistencyProof(await loadNodes(tx, plan), previous.size, size);
    const consistent = verifyConsistencyProof({
      fromSize: previous.size,
      toSize: size,
      fromRoot: previous.rootHash,
      toRoot: rootHash,
      proof,
    });
    if (!consistent)
      throw new Error(`refusing to sign checkpoint ${size}: inconsistent with checkpoint ${previous.size}`);
  }
  const row = {
    size,
    rootHash,
    note: signCheckpoint({ origin: policy.origin, size, rootHash }, policy.signer),
    issuedAt: new Date().toISOString(),
  };
  await tx.run('INSERT INTO integrity_checkpoints (size, root_hash, note, issued_at) VALUES ($1, $2, $3, $4)', [
    row.size,
    row.rootHash.toString('base64'),
    row.note,
    row.issuedAt,
  ]);
  if (policy.witnessFile) witness(policy.witnessFile, row);
  return row;
}

function toRow(r: { size: string | number; root_hash: string; note: string; issued_at: string }): CheckpointRow {
  return { size: Number(r.size), rootHash: Buffer.from(r.root_hash, 'base64'), note: r.note, issuedAt: r.issued_at };
}
