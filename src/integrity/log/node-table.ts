/**
 * The persisted tree: every complete perfect subtree hash by (level, index), level 0 = leaves. A proof needs
 * O(log n) of them, fetched in one query and handed to the pure generators (see merkle/proof-plan.ts).
 */
import { insertMany } from '../../projections/sql.js';
import type { SqlTx } from '../../projections/read-model-db.js';
import type { NodeId, SubtreeHashSource } from '../merkle/subtree-hash-source.js';
import { UNSEALED, type SealChainState } from './seals.js';

export const MERKLE_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS merkle_nodes (level INTEGER NOT NULL, idx BIGINT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (level, idx))`,
  `CREATE TABLE IF NOT EXISTS integrity_checkpoints (
     size BIGINT PRIMARY KEY, root_hash TEXT NOT NULL, note TEXT NOT NULL, issued_at TEXT NOT NULL)`,
  // the writer's seal chain as far as the tree goes (seals.ts); one row
  `CREATE TABLE IF NOT EXISTS merkle_seal_chain (
     singleton INTEGER PRIMARY KEY CHECK (singleton = 1), chain TEXT NOT NULL, sealed_through BIGINT NOT NULL,
     adopted_through BIGINT)`,
];

export async function loadSealChain(tx: SqlTx): Promise<SealChainState> {
  const rows = await tx.all<{
    chain: string;
    sealed_through: string | number;
    adopted_through: string | number | null;
  }>('SELECT chain, sealed_through, adopted_through FROM merkle_seal_chain');
  if (rows.length === 0) return UNSEALED;
  const [r] = rows;
  return {
    chain: r.chain,
    sealedThrough: Number(r.sealed_through),
    adoptedThrough: r.adopted_through === null ? null : Number(r.adopted_through),
  };
}

export async function saveSealChain(tx: SqlTx, state: SealChainState): Promise<void> {
  await tx.run('DELETE FROM merkle_seal_chain');
  await tx.run(
    'INSERT INTO merkle_seal_chain (singleton, chain, sealed_through, adopted_through) VALUES (1, $1, $2, $3)',
    [state.chain, state.sealedThrough, state.adoptedThrough],
  );
}

export interface StoredNode extends NodeId {
  hash: Buffer;
}

export async function treeSize(tx: SqlTx): Promise<number> {
  const rows = await tx.all<{ n: string | number | null }>('SELECT max(idx) AS n FROM merkle_nodes WHERE level = 0');
  return rows[0]?.n === null || rows[0]?.n === undefined ? 0 : Number(rows[0].n) + 1;
}

/** Loads the listed nodes into an in-memory source; a missing node throws when the generator asks for it. */
export async function loadNodes(tx: SqlTx, nodes: readonly NodeId[]): Promise<SubtreeHashSource> {
  const found = new Map<string, Buffer>();
  const unique = [...new Map(nodes.map((n) => [`${n.level}:${n.index}`, n])).values()];
  for (let i = 0; i < unique.length; i += 200) {
    const chunk = unique.slice(i, i + 200);
    const where = chunk.map((_, j) => `(level = $${2 * j + 1} AND idx = $${2 * j + 2})`).join(' OR ');
    const rows = await tx.all<{ level: number; idx: string | number; hash: string }>(
      `SELECT level, idx, hash FROM merkle_nodes WHERE ${where}`,
      chunk.flatMap((n) => [n.level, n.index]),
    );
    for (const r of rows) found.set(`${Number(r.level)}:${Number(r.idx)}`, Buffer.from(r.hash, 'base64'));
  }
  return {
    get(level, index) {
      const hash = found.get(`${level}:${index}`);
      if (!hash) throw new Error(`merkle node (${level}, ${index}) is not stored`);
      return hash;
    },
  };
}

export async function insertNodes(tx: SqlTx, nodes: readonly StoredNode[]): Promise<void> {
  await insertMany(
    tx,
    'merkle_nodes',
    ['level', 'idx', 'hash'],
    nodes.map((n) => [n.level, n.index, n.hash.toString('base64')]),
  );
}
