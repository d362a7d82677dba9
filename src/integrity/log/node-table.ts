/**
 * The persisted tree. Tiles of 2^TILE_HEIGHT (256) consecutive leaves, one row each (`merkle_tiles`: the tile's
 * index, how many leaves it holds so far, and every complete subtree inside it, leaves included: `Tile`); the complete
 * subtrees of height TILE_HEIGHT and above are rows of `merkle_nodes` by (level, idx). A row per leaf and per subtree
 * cost about two indexed rows per event, which was most of the tree's write cost and size (docs/benchmarks.md); a tile
 * is one row per 256 events, rewritten while it fills. The same idea as the tiles of C2SP tlog-tiles, kept in the
 * read-model database. A proof still needs O(log n) hashes, fetched in two queries (nodes, tiles) and handed to the
 * pure generators (see merkle/proof-plan.ts).
 */
import { HASH_SIZE } from '../merkle/hashes.js';
import type { NodeId, SubtreeHashSource } from '../merkle/subtree-hash-source.js';
import { insertMany, placeholders } from '../../projections/sql.js';
import type { SqlTx } from '../../projections/read-model-db.js';
import { UNSEALED, type SealChainState } from './seals.js';

/** A tile holds 2^TILE_HEIGHT leaves; subtrees below this level live in their tile, the others in `merkle_nodes`. */
export const TILE_HEIGHT = 8;
/** leaves per tile */
export const TILE_LEAVES = 2 ** TILE_HEIGHT;

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

/**
 * A tile: the complete subtrees inside its 256 leaves, by level (`tile[0]` its leaves, `tile[level][j]` the subtree of
 * 2^level leaves from the tile's leaf j·2^level). A tile of n leaves holds ⌊n / 2^level⌋ subtrees at each level below
 * TILE_HEIGHT: they are the nodes the tree completed while those leaves arrived, so storing them costs no hashing, and
 * a proof reads them instead of hashing up to 255 nodes.
 */
export type Tile = Buffer[][];

export const emptyTile = (): Tile => Array.from({ length: TILE_HEIGHT }, () => []);

/** A tile's stored text: its levels, leaves first, concatenated, as one base64 string. */
export const encodeTile = (tile: Tile): string => Buffer.concat(tile.flat()).toString('base64');

/** The tile of `leaves` leaves stored as `hashes` (encodeTile). */
export function decodeTile(hashes: string, leaves: number): Tile {
  const bytes = Buffer.from(hashes, 'base64');
  let at = 0;
  return Array.from({ length: TILE_HEIGHT }, (_, level) =>
    Array.from({ length: Math.floor(leaves / 2 ** level) }, () => {
      const hash = bytes.subarray(at, at + HASH_SIZE);
      at += HASH_SIZE;
      return hash;
    }),
  );
}

/** The listed tiles, by tile index (a tile that is not stored is absent). */
export async function loadTiles(tx: SqlTx, tiles: readonly number[]): Promise<Map<number, Tile>> {
  const found = new Map<number, Tile>();
  const unique = [...new Set(tiles)];
  for (let i = 0; i < unique.length; i += 200) {
    const chunk = unique.slice(i, i + 200);
    const rows = await tx.all<{ idx: string | number; leaves: string | number; hashes: string }>(
      `SELECT idx, leaves, hashes FROM merkle_tiles WHERE idx IN (${placeholders(chunk.length)})`,
      chunk,
    );
    for (const r of rows) found.set(Number(r.idx), decodeTile(r.hashes, Number(r.leaves)));
  }
  return found;
}

const tileOf = ({ level, index }: NodeId) => Math.floor((index * 2 ** level) / TILE_LEAVES);

/** A subtree's place among its tile's subtrees of the same level (`tile[level][j]`). */
const indexInTile = (node: NodeId) => node.index - tileOf(node) * 2 ** (TILE_HEIGHT - node.level);

/** Refuses a tile that does not hold exactly the leaves a tree of `size` puts in the tile it ends in. */
function assertEndsTree(tile: Tile, size: number): void {
  const held = size % TILE_LEAVES;
  if (tile[0].length !== held)
    throw new Error(
      `merkle tile ${Math.floor(size / TILE_LEAVES)} holds ${tile[0].length} leaves, the tree's size says ${held}`,
    );
}

/**
 * Loads the listed subtrees into an in-memory source: those of TILE_HEIGHT and above from `merkle_nodes`, those below
 * from their tiles. A subtree that is not complete in what is stored throws when the generator asks for it.
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
    const hash = tiles.get(tileOf(node))?.[node.level][indexInTile(node)];
    if (hash) found.set(`${node.level}:${node.index}`, hash);
  }
  return {
    get(level, index) {
      const hash = found.get(`${level}:${index}`);
      if (!hash) throw new Error(`merkle node (${level}, ${index}) is not stored`);
      return hash;
    },
  };
}

/** The tile a tree of `size` ends in: empty when it ends on a tile boundary. */
export async function loadOpenTile(tx: SqlTx, size: number): Promise<Tile> {
  const tile = Math.floor(size / TILE_LEAVES);
  if (size % TILE_LEAVES === 0) return emptyTile();
  const stored = (await loadTiles(tx, [tile])).get(tile) ?? emptyTile();
  assertEndsTree(stored, size);
  return stored;
}

/**
 * Stores leaves `first`, `first + 1`, … and the subtrees they completed (as CompactRange.push gives them, in order):
 * those below TILE_HEIGHT into their tiles (`open`, the tile the tree ended in, loadOpenTile, is extended), those of
 * TILE_HEIGHT and above as nodes. Returns the tile the tree now ends in (the next batch's `open`).
 */
export async function storeLeaves(
  tx: SqlTx,
  first: number,
  open: Tile,
  completed: readonly StoredNode[],
): Promise<Tile> {
  assertEndsTree(open, first);
  const tiles = new Map<number, Tile>([[Math.floor(first / TILE_LEAVES), open.map((level) => [...level])]]);
  const high: StoredNode[] = [];
  for (const node of completed) {
    if (node.level >= TILE_HEIGHT) {
      high.push(node);
      continue;
    }
    const at = tileOf(node);
    const tile = tiles.get(at) ?? emptyTile();
    if (tile[node.level].length !== indexInTile(node))
      throw new Error(`merkle node (${node.level}, ${node.index}) does not follow the tile's last one`);
    tile[node.level].push(node.hash);
    tiles.set(at, tile);
  }
  const last = [...tiles.values()].at(-1)!;
  if (completed.length === 0) return last;
  await insertMany(
    tx,
    'merkle_tiles',
    ['idx', 'leaves', 'hashes'],
    [...tiles].map(([idx, tile]) => [idx, tile[0].length, encodeTile(tile)]),
    'ON CONFLICT (idx) DO UPDATE SET leaves = excluded.leaves, hashes = excluded.hashes',
  );
  await insertMany(
    tx,
    'merkle_nodes',
    ['level', 'idx', 'hash'],
    high.map((n) => [n.level, n.index, n.hash.toString('base64')]),
  );
  return last[0].length === TILE_LEAVES ? emptyTile() : last;
}
