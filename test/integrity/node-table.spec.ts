/**
 * The persisted tree (src/integrity/log/node-table.ts): leaves in tiles of 256, subtrees of height 8 and above as
 * rows. Whatever batches the leaves arrive in, what it serves is exactly RFC 9162's tree: every hash a proof or the
 * frontier asks for equals the specification's own recursion (test/support/merkle/reference-tree.ts), across tile
 * boundaries and in trees that end inside a tile. On SQLite, and on PostgreSQL where DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CompactRange } from '../../src/integrity/log/compact-range.js';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';
import { generateNoteSigner } from '../../src/integrity/checkpoints/note-keys.js';
import { eventLeafHash } from '../../src/integrity/log/leaf.js';
import { createMerkleLogProjection } from '../../src/integrity/log/merkle-log.projection.js';
import {
  loadNodes,
  loadOpenTile,
  loadTiles,
  MERKLE_SCHEMA,
  storeLeaves,
  TILE_LEAVES,
  treeSize,
  type StoredNode,
} from '../../src/integrity/log/node-table.js';
import { consistencyProofPlan, inclusionProofPlan, treeHashPlan } from '../../src/integrity/merkle/proof-plan.js';
import { generateConsistencyProof, generateInclusionProof, merkleTreeHash } from '../../src/integrity/merkle/proofs.js';
import { PostgresReadModelDb } from '../../src/projections/postgres-read-model-db.js';
import type { ReadModelDb } from '../../src/projections/read-model-db.js';
import { SqliteReadModelDb } from '../../src/projections/sqlite-read-model-db.js';
import {
  referenceConsistencyProof,
  referenceLeafHashes,
  referenceMth,
  referencePath,
} from '../support/merkle/reference-tree.js';
import { dropSchema, freshSchema, pgTestTarget } from '../support/postgres.js';

/** four full tiles and part of a fifth: subtrees of levels 0 to 10, a tree ending inside a tile */
const LEAVES = 4 * TILE_LEAVES + 77;
const leaves = referenceLeafHashes(LEAVES);
const hex = (hashes: Buffer[]) => hashes.map((h) => h.toString('hex'));

/** Batches as the projection's pages cut them: uneven, some inside one tile, some across several. */
const BATCHES = [1, 2, 5, 120, 128, 300, 1, 255, 257, LEAVES];

/** Stores the leaves the way the merkle-log projection does: the frontier loaded from the table, then the batch. */
async function storeInBatches(db: ReadModelDb, sizes: number[]): Promise<void> {
  let size = 0;
  for (const want of sizes) {
    const batch = leaves.slice(size, Math.min(LEAVES, size + want));
    if (batch.length === 0) break;
    await db.transaction(async (tx) => {
      expect(await treeSize(tx)).toBe(size);
      const plan = treeHashPlan(size);
      const source = await loadNodes(tx, plan);
      const range = new CompactRange(plan.map((n) => ({ ...n, hash: source.get(n.level, n.index) })));
      const completed: StoredNode[] = [];
      for (const leaf of batch) completed.push(...range.push(leaf));
      await storeLeaves(tx, size, await loadOpenTile(tx, size), completed);
    });
    size += batch.length;
  }
}

/** The i-th event of a test log (what its leaf commits to: the envelope, seal.ts). */
function storedEvent(position: number): StoredEvent {
  const data = { n: position };
  return {
    eventId: `e-${position}`,
    type: 'PhiDisclosed',
    version: 1,
    stream: `member-M${position % 7}`,
    revision: BigInt(Math.floor(position / 7)),
    position: BigInt(position),
    recordedAt: '2026-12-01T00:00:00.000Z',
    recordedBy: { subject: 'svc-test', clientId: null },
    correlationId: `c-${position}`,
    data,
    dataText: JSON.stringify(data),
  };
}

function describeTable(engine: string, open: () => Promise<{ db: ReadModelDb; cleanup: () => Promise<void> }>) {
  describe(`the tiled Merkle node table on ${engine}`, () => {
    let db: ReadModelDb;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ db, cleanup } = await open());
      for (const ddl of MERKLE_SCHEMA) await db.exec(ddl);
      await storeInBatches(db, BATCHES);
    });
    afterAll(() => cleanup());

    it('holds every leaf in its tile, 256 to a row, the last tile partly filled', async () => {
      expect(await treeSize(db)).toBe(LEAVES);
      const tiles = await loadTiles(db, [0, 1, 2, 3, 4, 5]);
      expect([...tiles.keys()]).toEqual([0, 1, 2, 3, 4]);
      expect(tiles.get(4)![0]).toHaveLength(77);
      expect(hex([...tiles.values()].flatMap((tile) => tile[0]))).toEqual(hex(leaves));
    });

    it('holds in each tile every complete subtree inside it: MTH of its 2^level leaves from j·2^level', async () => {
      const tiles = await loadTiles(db, [0, 4]);
      const full = tiles.get(0)!;
      expect(full.map((level) => level.length)).toEqual([256, 128, 64, 32, 16, 8, 4, 2]);
      expect(full[3][5].equals(referenceMth(leaves.slice(40, 48)))).toBe(true);
      expect(full[7][1].equals(referenceMth(leaves.slice(128, 256)))).toBe(true);
      // 77 leaves: 38 pairs, 19 fours, 9 eights, 4 sixteens, 2 of 32, 1 of 64, none of 128
      const open = tiles.get(4)!;
      expect(open.map((level) => level.length)).toEqual([77, 38, 19, 9, 4, 2, 1, 0]);
      expect(open[6][0].equals(referenceMth(leaves.slice(1024, 1088)))).toBe(true);
      expect(open[1][37].equals(referenceMth(leaves.slice(1024 + 74, 1024 + 76)))).toBe(true);
    });

    it('keeps no row for a subtree below height 8, and one for every complete subtree of height 8 and above', async () => {
      const rows = await db.all<{ level: number; idx: string | number }>(
        'SELECT level, idx FROM merkle_nodes ORDER BY level, idx',
      );
      expect(rows.map((r) => `${Number(r.level)}:${Number(r.idx)}`)).toEqual([
        '8:0',
        '8:1',
        '8:2',
        '8:3',
        '9:0',
        '9:1',
        '10:0',
      ]);
    });

    it('serves MTH(D[0:n]) for every tree size, however the leaves were batched', async () => {
      for (let size = 1; size <= LEAVES; size += 1) {
        const root = merkleTreeHash(await loadNodes(db, treeHashPlan(size)), size);
        expect(root.toString('hex')).toBe(referenceMth(leaves.slice(0, size)).toString('hex'));
      }
    });

    it('gives the audit path PATH(m, D_n) of §2.1.3.1 within a tile, across tiles and in the partial last tile', async () => {
      const cases: [number, number][] = [
        [0, 1],
        [0, LEAVES],
        [5, 200],
        [255, 256],
        [255, 257],
        [256, 513],
        [600, 1024],
        [1023, 1024],
        [1024, LEAVES],
        [LEAVES - 1, LEAVES],
        [700, 1030],
      ];
      for (const [index, size] of cases) {
        const source = await loadNodes(db, [{ level: 0, index }, ...inclusionProofPlan(index, size).flat()]);
        expect(source.get(0, index).equals(leaves[index])).toBe(true);
        expect(hex(generateInclusionProof(source, index, size))).toEqual(
          hex(referencePath(index, leaves.slice(0, size))),
        );
      }
    });

    it('gives PROOF(m, D_n) of §2.1.4.1 between sizes inside, at and across tile boundaries', async () => {
      const cases: [number, number][] = [
        [1, LEAVES],
        [7, 8],
        [100, 256],
        [256, 257],
        [255, 1024],
        [300, 777],
        [1024, LEAVES],
        [LEAVES - 1, LEAVES],
      ];
      for (const [from, to] of cases) {
        const source = await loadNodes(db, consistencyProofPlan(from, to).flat());
        expect(hex(generateConsistencyProof(source, from, to))).toEqual(
          hex(referenceConsistencyProof(from, leaves.slice(0, to))),
        );
      }
    });

    it('says a subtree past the stored leaves is not stored, rather than hashing a part of it', async () => {
      // tile 4 holds leaves 1024 to 1100: the 64 from 1024 are a complete subtree, the 128 from 1024 are not
      const source = await loadNodes(db, [
        { level: 6, index: 16 },
        { level: 7, index: 8 },
        { level: 0, index: LEAVES },
        { level: 11, index: 0 },
      ]);
      expect(source.get(6, 16).equals(referenceMth(leaves.slice(1024, 1088)))).toBe(true);
      expect(() => source.get(7, 8)).toThrow('merkle node (7, 8) is not stored');
      expect(() => source.get(0, LEAVES)).toThrow('is not stored');
      expect(() => source.get(11, 0)).toThrow('is not stored');
    });

    it('refuses leaves that do not continue the last tile (the tree and its size disagree)', async () => {
      await expect(db.transaction((tx) => loadOpenTile(tx, LEAVES - 3))).rejects.toThrow(
        `merkle tile 4 holds 77 leaves, the tree's size says 74`,
      );
      const open = await db.transaction((tx) => loadOpenTile(tx, LEAVES));
      await expect(
        db.transaction((tx) => storeLeaves(tx, LEAVES - 3, open, [{ level: 0, index: LEAVES - 3, hash: leaves[0] }])),
      ).rejects.toThrow(`merkle tile 4 holds 77 leaves, the tree's size says 74`);
      expect(await treeSize(db)).toBe(LEAVES);
    });

    it('the merkle-log projection builds the same tree when a batch is rolled back or another runner stored the last one', async () => {
      const fresh = await open();
      try {
        const events = Array.from({ length: 900 }, (_, i) => storedEvent(i + 1));
        const expected = events.map(eventLeafHash);
        const policy = { origin: 'phi-ledger.test/tiles', signer: generateNoteSigner('phi-ledger.test/tiles') };
        const one = createMerkleLogProjection({ ...policy, checkpointEvery: 1_000_000 });
        const other = createMerkleLogProjection({ ...policy, checkpointEvery: 1_000_000 });
        for (const ddl of one.schema) await fresh.db.exec(ddl);
        const apply = (projection: typeof one, from: number, to: number) =>
          fresh.db.transaction((tx) => projection.apply(tx, events.slice(from, to)));
        await apply(one, 0, 300);
        // a batch whose transaction fails after the projection applied it: nothing of it is stored
        await expect(
          fresh.db.transaction(async (tx) => {
            await one.apply(tx, events.slice(300, 400));
            throw new Error('the checkpoint update failed');
          }),
        ).rejects.toThrow('the checkpoint update failed');
        await apply(one, 300, 520);
        await apply(other, 520, 700); // another runner took the next batch
        await apply(one, 700, 900);
        expect(await treeSize(fresh.db)).toBe(900);
        expect(hex([...(await loadTiles(fresh.db, [0, 1, 2, 3])).values()].flatMap((tile) => tile[0]))).toEqual(
          hex(expected),
        );
        const root = merkleTreeHash(await loadNodes(fresh.db, treeHashPlan(900)), 900);
        expect(root.toString('hex')).toBe(referenceMth(expected).toString('hex'));
      } finally {
        await fresh.cleanup();
      }
    });
  });
}

describeTable('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-tiles-'));
  const db = new SqliteReadModelDb(join(dir, 'read-models.sqlite'));
  return {
    db,
    cleanup: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const target = await pgTestTarget();
if (target.url) {
  const url = target.url;
  describeTable('PostgreSQL', async () => {
    const schema = freshSchema('tiles');
    const db = await new PostgresReadModelDb(url, schema).init();
    return {
      db,
      cleanup: async () => {
        await db.close();
        await dropSchema(url, schema);
      },
    };
  });
} else {
  describe('the tiled Merkle node table on PostgreSQL', () => {
    it.skip(target.skipReason!, () => undefined);
  });
}
