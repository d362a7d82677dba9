/**
 * The persisted tree. Leaf hashes are kept in tiles of 2^TILE_HEIGHT (256) consecutive leaves, one row each
 * (`merkle_tiles`: the tile's index, how many leaves it holds so far, their hashes); the complete perfect subtrees of
 * height TILE_HEIGHT and above are rows of `merkle_nodes` by (level, idx). A subtree below that height lies inside one
 * tile and is hashed from its leaves when a proof or the frontier asks for it (at most 255 node hashes per tile).
 * Storing every leaf and low subtree as a row of its own cost about two indexed rows per event, which was most of the
 * tree's write cost and size (docs/benchmarks.md); a tile is one row per 256 events. The same idea as the tiles of
 * C2SP tlog-tiles, kept in the read-model database. A proof still needs O(log n) rows, fetched in two queries and
 * handed to the pure generators (see merkle/proof-plan.ts).
 */
import { HASH_SIZE, nodeHash } from '../merkle/hashes.js';
import type { NodeId, SubtreeHashSource } from '../merkle/subtree-hash-source.js';
import { insertMany, placeholders } from '../../projections/sql.js';
import type { SqlTx } from '../../projections/read-model-db.js';
import { UNSEALED, type SealChainState } from './seals.js';

/** Subtrees below this level are hashed from their tile's leaves; a tile holds 2^TILE_HEIGHT leaves. */
export const TILE_HEIGHT = 8;
const TILE_LEAVES = 2 ** TILE_HEIGHT;

export const MERKLE_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS merkle_tiles (idx BIGINT PRIMARY KEY, leaves INTEGER NOT NULL, hashes TEXT NOT NULL)`,
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

/** The number of leaves stored: the last tile's first leaf plus the leaves it holds. */
export async function treeSize(tx: SqlTx): Promise<number> {
  const rows = await tx.all<{ idx: string | number; leaves: string | number }>(
    'SELECT idx, leaves FROM merkle_tiles ORDER BY idx DESC LIMIT 1',
  );
  return rows.length === 0 ? 0 : Number(rows[0].idx) * TILE_LEAVES + Number(rows[0].leaves);
}

/** A tile's stored text: its leaf hashes, in order, as one base64 string. */
export const encodeTile = (leaves: readonly Buffer[]): string => Buffer.concat(leaves).toString('base64');

export function decodeTile(hashes: string): Buffer[] {
  const bytes = Buffer.from(hashes, 'base64');
  const leaves: Buffer[] = [];
  for (let at = 0; at + HASH_SIZE <= bytes.length; at += HASH_SIZE) leaves.push(bytes.subarray(at, at + HASH_SIZE));
  return leaves;
}

/** The leaves of the listed tiles, by tile index (a tile that is not stored is absent). */
export async function loadTiles(tx: SqlTx, tiles: readonly number[]): Promise<Map<number, Buffer[]>> {
  const found = new Map<number, Buffer[]>();
  const unique = [...new Set(tiles)];
  for (let i = 0; i < unique.length; i += 200) {
    const chunk = unique.slice(i, i + 200);
    const rows = await tx.all<{ idx: string | number; leaves: string | number; hashes: string }>(
      `SELECT idx, leaves, hashes FROM merkle_tiles WHERE idx IN (${placeholders(chunk.length)})`,
      chunk,
    );
    for (const r of rows) found.set(Number(r.idx), decodeTile(r.hashes).slice(0, Number(r.leaves)));
  }
  return found;
}

const tileOf = ({ level, index }: NodeId) => Math.floor((index * 2 ** level) / TILE_LEAVES);

/** MTH of the 2^level leaves of `leaves` from `from` (a complete perfect subtree). */
function perfectHash(leaves: readonly Buffer[], from: number, level: number): Buffer {
  if (level === 0) return leaves[from];
  const half = 2 ** (level - 1);
  return nodeHash(perfectHash(leaves, from, level - 1), perfectHash(leaves, from + half, level - 1));
}

/**
 * Loads the listed subtrees into an in-memory source: those of TILE_HEIGHT and above from `merkle_nodes`, those below
 * hashed from their tiles. A subtree that is not complete in what is stored throws when the generator asks for it.
 */
export async function loadNodes(tx: SqlTx, nodes: readonly NodeId[]): Promise<SubtreeHashSource> {
  const found = new Map<string, Buffer>();
  const unique = [...new Map(nodes.map((n) => [`${n.level}:${n.index}`, n])).values()];
  const high = unique.filter((n) => n.level >= TILE_HEIGHT);
  const low = unique.filter((n) => n.level < TILE_HEIGHT);
  for (let i = 0; i < high.length; i += 200) {
    const chunk = high.slice(i, i + 200);
    const where = chunk.map((_, j) => `(level = $${2 * j + 1} AND idx = $${2 * j + 2})`).join(' OR ');
    const rows = await tx.all<{ level: number; idx: string | number; hash: string }>(
      `SELECT level, idx, hash FROM merkle_nodes WHERE ${where}`,
      chunk.flatMap((n) => [n.level, n.index]),
    );
    for (const r of rows) found.set(`${Number(r.level)}:${Number(r.idx)}`, Buffer.from(r.hash, 'base64'));
  }
  const tiles = await loadTiles(tx, low.map(tileOf));
  for (const node of low) {
    const leaves = tiles.get(tileOf(node));
    const from = node.index * 2 ** node.level - tileOf(node) * TILE_LEAVES;
    if (leaves && from + 2 ** node.level <= leaves.length)
      found.set(`${node.level}:${node.index}`, perfectHash(leaves, from, node.level));
  }
  return {
    get(level, index) {
      const hash = found.get(`${level}:${index}`);
      if (!hash) throw new Error(`merkle node (${level}, ${index}) is not stored`);
      return hash;
    },
  };
}

/** The leaves of the tile a tree of `size` ends in: none when it ends on a tile boundary. */
export async function loadOpenTile(tx: SqlTx, size: number): Promise<Buffer[]> {
  const tile = Math.floor(size / TILE_LEAVES);
  const held = size - tile * TILE_LEAVES;
  if (held === 0) return [];
  const stored = (await loadTiles(tx, [tile])).get(tile) ?? [];
  if (stored.length !== held)
    throw new Error(`merkle tile ${tile} holds ${stored.length} leaves, the tree's size says ${held}`);
  return stored;
}

/**
 * Stores leaves `first`, `first + 1`, … and the subtrees they completed: the leaves into their tiles (`open`, the
 * leaves of the tile the tree ended in, loadOpenTile, is extended), the subtrees of TILE_HEIGHT and above as nodes
 * (those below are in the tiles). Returns the leaves of the tile the tree now ends in (the next batch's `open`).
 */
export async function storeLeaves(
  tx: SqlTx,
  first: number,
  open: readonly Buffer[],
  leaves: readonly Buffer[],
  completed: readonly StoredNode[],
): Promise<Buffer[]> {
  const firstTile = Math.floor(first / TILE_LEAVES);
  if (open.length !== first - firstTile * TILE_LEAVES)
    throw new Error(
      `merkle tile ${firstTile} holds ${open.length} leaves, the tree's size says ${first % TILE_LEAVES}`,
    );
  if (leaves.length === 0) return [...open];
  const tiles = new Map<number, Buffer[]>([[firstTile, [...open]]]);
  leaves.forEach((leaf, i) => {
    const tile = Math.floor((first + i) / TILE_LEAVES);
    const list = tiles.get(tile) ?? [];
    list.push(leaf);
    tiles.set(tile, list);
  });
  await insertMany(
    tx,
    'merkle_tiles',
    ['idx', 'leaves', 'hashes'],
    [...tiles].map(([idx, list]) => [idx, list.length, encodeTile(list)]),
    'ON CONFLICT (idx) DO UPDATE SET leaves = excluded.leaves, hashes = excluded.hashes',
  );
  await insertMany(
    tx,
    'merkle_nodes',
    ['level', 'idx', 'hash'],
    completed.filter((n) => n.level >= TILE_HEIGHT).map((n) => [n.level, n.index, n.hash.toString('base64')]),
  );
  const last = [...tiles.values()].at(-1)!;
  return last.length === TILE_LEAVES ? [] : last;
}
