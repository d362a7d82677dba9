/**
 * Full audit: re-read every stored event, re-hash it, compare each leaf with the stored tree and every signed
 * checkpoint's root with the tree rebuilt from the events. Names the first position that does not match.
 * Detects edited, deleted, inserted, swapped and truncated events, and forged checkpoints or tree nodes.
 */
import type { EventStore } from '../../event-store/event-store.port.js';
import type { ReadModelDb } from '../../projections/read-model-db.js';
import { verifyCheckpoint } from '../checkpoints/signed-note.js';
import { allCheckpoints } from './checkpoint-issuer.js';
import { CompactRange } from './compact-range.js';
import { eventLeafHash } from './leaf.js';
import { treeSize } from './node-table.js';

export interface AuditReport {
  verified: boolean;
  checkedEvents: number;
  checkpointsChecked: number;
  /** the global position (1-based) of the first event that does not match, or null */
  firstMismatchAt: number | null;
  reason: string | null;
}

const PAGE = 2000;

export async function auditLedger(
  store: EventStore,
  db: ReadModelDb,
  verifierKey: string,
  progress?: (done: number, total: number) => void,
): Promise<AuditReport> {
  const checkpoints = await allCheckpoints(db);
  const treeLeaves = await treeSize(db);
  const head = Number(await store.head());
  const total = Math.max(head, treeLeaves, checkpoints.at(-1)?.size ?? 0);
  const fail = (at: number, reason: string, checked: number, cps: number): AuditReport => ({
    verified: false,
    checkedEvents: checked,
    checkpointsChecked: cps,
    firstMismatchAt: at,
    reason,
  });

  for (const cp of checkpoints) {
    try {
      const signed = verifyCheckpoint(cp.note, verifierKey);
      if (signed.size !== cp.size || !Buffer.from(signed.rootHash).equals(cp.rootHash))
        throw new Error('stored size or root differs from the signed note');
    } catch (error) {
      return fail(cp.size, `checkpoint ${cp.size}: ${(error as Error).message}`, 0, 0);
    }
  }

  const range = new CompactRange();
  let next = 0;
  let verifiedCheckpoints = 0;
  let lastGood = 0;
  for (let after = 0n; ;) {
    const events = await store.readAll(after, PAGE);
    if (events.length === 0) break;
    const stored = await storedLeaves(db, range.size, range.size + events.length);
    for (const event of events) {
      const position = range.size + 1;
      if (event.position !== BigInt(position))
        return fail(
          position,
          `expected position ${position}, found ${event.position}`,
          range.size,
          verifiedCheckpoints,
        );
      const leaf = eventLeafHash(event);
      const kept = stored.get(range.size);
      if (kept && !kept.equals(leaf))
        return fail(
          position,
          `event at position ${position} does not match its recorded leaf`,
          range.size,
          verifiedCheckpoints,
        );
      range.push(leaf);
      while (next < checkpoints.length && checkpoints[next].size === range.size) {
        if (!range.root().equals(checkpoints[next].rootHash)) {
          return fail(
            lastGood + 1,
            `root of the first ${range.size} events differs from signed checkpoint ${range.size}`,
            range.size,
            verifiedCheckpoints,
          );
        }
        lastGood = range.size;
        verifiedCheckpoints += 1;
        next += 1;
      }
    }
    after = events[events.length - 1].position;
    progress?.(range.size, total);
  }
  if (range.size < treeLeaves || next < checkpoints.length) {
    return fail(
      range.size + 1,
      `the log ends at ${range.size} events but ${Math.max(treeLeaves, checkpoints.at(-1)?.size ?? 0)} were recorded`,
      range.size,
      verifiedCheckpoints,
    );
  }
  if (range.size > head)
    return fail(head + 1, `events beyond the log head ${head} were inserted`, range.size, verifiedCheckpoints);
  return {
    verified: true,
    checkedEvents: range.size,
    checkpointsChecked: verifiedCheckpoints,
    firstMismatchAt: null,
    reason: null,
  };
}

async function storedLeaves(db: ReadModelDb, from: number, to: number): Promise<Map<number, Buffer>> {
  const rows = await db.all<{ idx: string | number; hash: string }>(
    'SELECT idx, hash FROM merkle_nodes WHERE level = 0 AND idx >= $1 AND idx < $2',
    [from, to],
  );
  return new Map(rows.map((r) => [Number(r.idx), Buffer.from(r.hash, 'base64')]));
}
