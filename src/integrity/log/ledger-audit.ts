/**
 * Full audit: re-read every stored event, re-hash it, compare each leaf with the stored tree and every signed
 * checkpoint's root with the tree rebuilt from the events. Names the first position that does not match.
 * Detects edited, deleted, inserted, swapped and truncated events, and forged checkpoints or tree nodes; held to
 * checkpoints kept outside the database, a rollback or a re-signed rewrite; with the writer's seals, an event
 * written around the ledger, even after the last checkpoint.
 */
import type { EventStore } from '../../event-store/event-store.port.js';
import type { ReadModelDb } from '../../projections/read-model-db.js';
import { allCheckpoints } from './checkpoint-issuer.js';
import { CompactRange } from './compact-range.js';
import { eventLeafHash } from './leaf.js';
import { loadTiles, TILE_LEAVES, treeSize } from './node-table.js';
import { SealChain, UNSEALED, type SealChainState } from './seals.js';
import { verifyWithAny, type TrustedCheckpoint } from './trust.js';

export interface AuditReport {
  verified: boolean;
  checkedEvents: number;
  checkpointsChecked: number;
  /** checkpoints kept outside the database (a witness file, notes the operator published) the log was held to */
  trustedCheckpointsChecked: number;
  /** with seals required: events 1..N were in the log before sealing began (adopted without writer seals) */
  adoptedThrough: number | null;
  /** the global position (1-based) of the first event that does not match, or null */
  firstMismatchAt: number | null;
  reason: string | null;
}

const PAGE = 2000;

/** What the audit trusts: the keys checkpoints may be signed with, and checkpoints kept outside the database. */
export interface AuditTrust {
  verifiers: readonly string[];
  trusted: readonly TrustedCheckpoint[];
  /** the log's origin when its writer seals every commit: then every event must be covered by a verified seal */
  sealedOrigin?: string | null;
}

/**
 * How far an audit got: the events checked and the tree's right edge over them. Saved every few pages, so that an
 * audit of a large log that was stopped can go on from there (`resumeFrom`) instead of from the first event.
 */
export interface AuditProgress {
  checkedEvents: number;
  frontier: { level: number; index: number; hash: string }[];
  lastGood: number;
  seals?: SealChainState;
}

export interface AuditOptions {
  progress?: (done: number, total: number) => void;
  /** continue an audit from what it had checked (trusting that part: a full audit starts from nothing) */
  resumeFrom?: AuditProgress | null;
  /** called with the progress every `saveEvery` pages */
  save?: (progress: AuditProgress) => Promise<void>;
  saveEvery?: number;
  /** events read per page (progress is reported, and saved, by pages) */
  pageSize?: number;
}

export async function auditLedger(
  store: EventStore,
  db: ReadModelDb,
  trust: AuditTrust,
  { progress, resumeFrom = null, save, saveEvery = 50, pageSize = PAGE }: AuditOptions = {},
): Promise<AuditReport> {
  const checkpoints = await allCheckpoints(db);
  const treeLeaves = await treeSize(db);
  const head = Number(await store.head());
  const total = Math.max(head, treeLeaves, checkpoints.at(-1)?.size ?? 0);
  const trusted = [...trust.trusted].sort((a, b) => a.size - b.size);
  let nextTrusted = 0;
  const seals = trust.sealedOrigin
    ? new SealChain(trust.sealedOrigin, trust.verifiers, resumeFrom?.seals ?? UNSEALED)
    : null;
  const fail = (at: number, reason: string, checked: number, cps: number): AuditReport => ({
    verified: false,
    checkedEvents: checked,
    checkpointsChecked: cps,
    trustedCheckpointsChecked: nextTrusted,
    adoptedThrough: seals?.adoptedThrough ?? null,
    firstMismatchAt: at,
    reason,
  });

  for (const cp of checkpoints) {
    try {
      const signed = verifyWithAny(cp.note, trust.verifiers);
      if (signed.size !== cp.size || !Buffer.from(signed.rootHash).equals(cp.rootHash))
        throw new Error('stored size or root differs from the signed note');
    } catch (error) {
      return fail(cp.size, `checkpoint ${cp.size}: ${(error as Error).message}`, 0, 0);
    }
  }

  const range = new CompactRange(
    (resumeFrom?.frontier ?? []).map((n) => ({ level: n.level, index: n.index, hash: Buffer.from(n.hash, 'base64') })),
  );
  let lastGood = resumeFrom?.lastGood ?? 0;
  // what a resumed audit already checked: the checkpoints and trusted checkpoints within it
  let next = checkpoints.filter((c) => c.size <= range.size).length;
  let verifiedCheckpoints = next;
  nextTrusted = trusted.filter((c) => c.size <= range.size).length;
  let pages = 0;
  for (let after = BigInt(range.size); ;) {
    const events = await store.readAll(after, pageSize);
    if (events.length === 0) break;
    if (save && ++pages % saveEvery === 0) {
      const frontier = range.frontier.map((n) => ({ level: n.level, index: n.index, hash: n.hash.toString('base64') }));
      await save({ checkedEvents: range.size, frontier, lastGood, seals: seals?.state });
    }
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
      const unsealed = seals?.push(event, leaf);
      if (unsealed) return fail(seals!.sealedThrough + 1, unsealed, range.size, verifiedCheckpoints);
      // a checkpoint kept outside the database: the log as it is now must still have had that root at that size
      while (nextTrusted < trusted.length && trusted[nextTrusted].size === range.size) {
        if (!range.root().equals(trusted[nextTrusted].rootHash)) {
          // the stored checkpoints may have been re-signed with the rewritten log: only trusted ones bound it
          return fail(
            (nextTrusted > 0 ? trusted[nextTrusted - 1].size : 0) + 1,
            `the first ${range.size} events do not match the trusted checkpoint of size ${range.size} (edited, reordered or replaced)`,
            range.size,
            verifiedCheckpoints,
          );
        }
        nextTrusted += 1;
      }
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
    const unsigned = seals?.settle();
    if (unsigned) return fail(seals!.sealedThrough + 1, unsigned, range.size, verifiedCheckpoints);
    after = events[events.length - 1].position;
    progress?.(range.size, total);
  }
  if (nextTrusted < trusted.length) {
    return fail(
      range.size + 1,
      `the log holds ${range.size} events but the trusted checkpoint of size ${trusted[nextTrusted].size} covers more: events were removed (rolled back)`,
      range.size,
      verifiedCheckpoints,
    );
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
  if (seals && seals.sealedThrough < range.size)
    return fail(
      seals.sealedThrough + 1,
      `events ${seals.sealedThrough + 1} to ${range.size} are covered by no seal of the ledger's writer: written around the ledger`,
      range.size,
      verifiedCheckpoints,
    );
  return {
    verified: true,
    checkedEvents: range.size,
    checkpointsChecked: verifiedCheckpoints,
    trustedCheckpointsChecked: nextTrusted,
    adoptedThrough: seals?.adoptedThrough ?? null,
    firstMismatchAt: null,
    reason: null,
  };
}

/** The stored leaf hashes of leaves [from, to), by leaf index (from the tiles that hold them). */
async function storedLeaves(db: ReadModelDb, from: number, to: number): Promise<Map<number, Buffer>> {
  const leaves = new Map<number, Buffer>();
  if (to <= from) return leaves;
  const first = Math.floor(from / TILE_LEAVES);
  const last = Math.floor((to - 1) / TILE_LEAVES);
  const tiles = await loadTiles(
    db,
    Array.from({ length: last - first + 1 }, (_, i) => first + i),
  );
  for (const [tile, hashes] of tiles)
    hashes[0].forEach((hash, i) => {
      const index = tile * TILE_LEAVES + i;
      if (index >= from && index < to) leaves.set(index, hash);
    });
  return leaves;
}
