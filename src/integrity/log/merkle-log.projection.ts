/**
 * The integrity projection: every event, in global-log order, becomes leaf `position − 1` of an RFC 9162
 * tree; each batch stores its new leaves and every subtree they complete, and a signed checkpoint is issued
 * once the tree has grown by `checkpointEvery` leaves. Runs on the same runner as every read model
 * (checkpointed, exactly once). With `sealed`, it follows the writer's seal chain (seals.ts): checkpoints cover only
 * events a verified seal covers, and an event no seal can cover stops it with an error.
 */
import type { StoredEvent } from '../../event-store/event-store.port.js';
import type { Projection } from '../../projections/projection.js';
import type { SqlTx } from '../../projections/read-model-db.js';
import { treeHashPlan } from '../merkle/proof-plan.js';
import { issueCheckpoint, latestCheckpoint, type CheckpointPolicy } from './checkpoint-issuer.js';
import { CompactRange } from './compact-range.js';
import { eventLeafHash } from './leaf.js';
import {
  loadNodes,
  loadOpenTile,
  loadSealChain,
  MERKLE_SCHEMA,
  saveSealChain,
  storeLeaves,
  treeSize,
  type StoredNode,
  type Tile,
} from './node-table.js';
import { SealChain } from './seals.js';

export const MERKLE_LOG = 'merkle-log';

export interface MerkleLogOptions extends CheckpointPolicy {
  checkpointEvery: number;
}

/** Where the tree ended after the last batch this projection stored: its size, frontier and open tile. */
interface TreeEdge {
  size: number;
  frontier: readonly StoredNode[];
  open: Tile;
}

export function createMerkleLogProjection(options: MerkleLogOptions): Projection {
  /**
   * The edge the last batch left, so that the next one need not read it back (a frontier query and the open tile's
   * row a batch, which small batches felt). Used only when the stored tree has exactly its size: a batch whose
   * transaction was rolled back leaves it ahead of the table, and a tree of the same size is the same tree (its leaves
   * are the log's first events), whoever stored it.
   */
  let edge: TreeEdge | null = null;
  return {
    name: MERKLE_LOG,
    // 2: the writer's seal chain is followed (merkle_seal_chain); 3: leaves in tiles (merkle_tiles)
    version: 3,
    schema: MERKLE_SCHEMA,
    tables: ['merkle_tiles', 'merkle_nodes', 'integrity_checkpoints', 'merkle_seal_chain'],
    async apply(tx: SqlTx, events: StoredEvent[]): Promise<void> {
      const size = await treeSize(tx);
      const start =
        edge?.size === size
          ? edge
          : { size, frontier: await loadFrontier(tx, size), open: await loadOpenTile(tx, size) };
      const range = new CompactRange([...start.frontier]);
      const seals = options.sealed
        ? new SealChain(options.origin, options.verifiers ?? [], await loadSealChain(tx))
        : null;
      const completed: StoredNode[] = [];
      for (const event of events) {
        if (event.position !== BigInt(range.size + 1)) {
          throw new Error(`global log is not contiguous: expected position ${range.size + 1}, read ${event.position}`);
        }
        const leaf = eventLeafHash(event);
        completed.push(...range.push(leaf));
        // fail closed: an event the ledger's writer did not seal stops the log here (docs/reliability.md)
        const problem = seals?.push(event, leaf);
        if (problem) throw new Error(`integrity: ${problem}`);
      }
      const unsigned = seals?.settle();
      if (unsigned) throw new Error(`integrity: ${unsigned}`);
      const open = await storeLeaves(tx, size, start.open, completed);
      edge = { size: range.size, frontier: [...range.frontier], open };
      if (seals) await saveSealChain(tx, seals.state);
      const last = await latestCheckpoint(tx);
      if (range.size - (last?.size ?? 0) >= options.checkpointEvery) await issueCheckpoint(tx, options);
    },
  };
}

/** The roots of the perfect subtrees covering leaves [0, size), largest first (the compact range). */
async function loadFrontier(tx: SqlTx, size: number): Promise<StoredNode[]> {
  const plan = treeHashPlan(size);
  const source = await loadNodes(tx, plan);
  return plan.map((n) => ({ ...n, hash: source.get(n.level, n.index) }));
}
