/**
 * Drives one projection over the global log: read from its checkpoint, apply a batch, store the new checkpoint
 * in the same transaction (exactly-once effect). One active runner per projection (lease); others stand by.
 */
import type { EventStore } from '../event-store/event-store.port.js';
import type { Projection } from './projection.js';
import type { Lease, ReadModelDb, SqlTx } from './read-model-db.js';

const CHECKPOINTS = `CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name TEXT PRIMARY KEY, position BIGINT NOT NULL, updated_at TEXT NOT NULL)`;
const VERSIONS = 'CREATE TABLE IF NOT EXISTS projection_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)';

export type Progress = (done: bigint, target: bigint) => void;

/** a wake-up this soon after the previous one means the log is busy (see `lingerMs`) */
const BUSY_WITHIN_MS = 200;

export interface RunOptions {
  pollMs?: number;
  /** after a wake-up on a busy log, wait this long before reading (gathers its appends into fewer, larger batches) */
  lingerMs?: number;
  onError?: (e: unknown) => void;
  /** after each applied batch, with the new checkpoint */
  onApplied?: (position: bigint) => void;
  /** subscribes to "the log may have grown"; returns the unsubscribe */
  appended?: (listener: () => void) => () => void;
}

export class ProjectionRunner {
  private lastKnown = 0n;

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDb,
    readonly projection: Projection,
    private readonly batchSize = 500,
  ) {}

  get name(): string {
    return this.projection.name;
  }

  /**
   * Creates the checkpoint and the projection's tables. A read model built at another `version` of the projection
   * is dropped first and its checkpoint reset, so the runner rebuilds it from the log; returns that version, or
   * null when nothing built had to be replaced. Done under the checkpoint row's lock: instances starting together agree.
   */
  async ensureSchema(): Promise<number | null> {
    await this.db.exec(CHECKPOINTS);
    await this.db.exec(VERSIONS);
    const version = this.projection.version ?? 1;
    const replaced = await this.db.transaction(async (tx) => {
      await tx.run(`INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ($1, 0, $2) ON CONFLICT (name) DO NOTHING`,
        [this.name, new Date().toISOString()]);
      const position = await this.lockCheckpoint(tx);
      const rows = await tx.all<{ version: string | number }>('SELECT version FROM projection_versions WHERE name = $1', [this.name]);
      // read models built before versions were recorded are version 1
      const stored = rows.length > 0 ? Number(rows[0].version) : 1;
      await tx.run('INSERT INTO projection_versions (name, version) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET version = $2',
        [this.name, version]);
      if (stored === version) return null;
      for (const table of [...this.projection.tables, ...(this.projection.retiredTables ?? [])]) await tx.run(`DROP TABLE IF EXISTS ${table}`);
      await tx.run('UPDATE projection_checkpoints SET position = 0, updated_at = $1 WHERE name = $2', [new Date().toISOString(), this.name]);
      return position === 0n ? null : stored; // nothing had been applied: nothing to rebuild
    });
    if (replaced !== null) this.lastKnown = 0n;
    for (const ddl of this.projection.schema) await this.db.exec(ddl);
    return replaced;
  }

  async checkpoint(): Promise<bigint> {
    const rows = await this.db.all<{ position: string | number }>(
      'SELECT position FROM projection_checkpoints WHERE name = $1', [this.name]);
    this.lastKnown = BigInt(rows[0]?.position ?? 0);
    return this.lastKnown;
  }

  /** Applies at most one batch; returns how many events it applied. */
  async runBatch(): Promise<number> {
    const applied = await this.db.transaction(async (tx) => {
      const from = await this.lockCheckpoint(tx);
      const events = await this.store.readAll(from, this.batchSize);
      if (events.length === 0) return { count: 0, to: from };
      await this.projection.apply(tx, events);
      const to = events[events.length - 1].position;
      await tx.run('UPDATE projection_checkpoints SET position = $1, updated_at = $2 WHERE name = $3',
        [to, new Date().toISOString(), this.name]);
      return { count: events.length, to };
    });
    this.lastKnown = applied.to;
    return applied.count;
  }

  /** Applies batches until the projection has reached the head it saw when called. */
  async catchUp(progress?: Progress): Promise<bigint> {
    const target = await this.store.head();
    let at = await this.checkpoint();
    progress?.(at, target);
    while (at < target && (await this.runBatch()) > 0) {
      at = this.lastKnown;
      progress?.(at, target);
    }
    return at;
  }

  /** Empties the read model and replays the whole log into it. */
  async rebuild(progress?: Progress): Promise<bigint> {
    await this.ensureSchema();
    await this.db.transaction(async (tx) => {
      await this.lockCheckpoint(tx);
      for (const table of this.projection.tables) await tx.run(`DELETE FROM ${table}`);
      await tx.run('UPDATE projection_checkpoints SET position = 0, updated_at = $1 WHERE name = $2',
        [new Date().toISOString(), this.name]);
    });
    return this.catchUp(progress);
  }

  /**
   * Runs until aborted: holds the lease, applies batches, sleeps until told of an append (`appended`, by default
   * the store's own signal; the projection worker passes the service thread's) or `pollMs` passes.
   */
  async run(signal: AbortSignal, { pollMs = 250, lingerMs = 0, onError, onApplied, appended = (l) => this.store.onAppended(l) }: RunOptions = {}) {
    let lease: Lease | null = null;
    while (!signal.aborted && !lease) {
      lease = await this.db.tryLease(this.name);
      if (!lease) await sleep(pollMs * 4, signal);
    }
    let woken = false;
    let lastWake = 0;
    const stop = appended(() => void (woken = true));
    try {
      while (!signal.aborted) {
        try {
          if ((await this.runBatch()) > 0) {
            onApplied?.(this.lastKnown);
            continue;
          }
        } catch (error) {
          onError?.(error);
          await sleep(pollMs * 4, signal);
          continue;
        }
        if (!woken) await sleep(pollMs, signal, () => woken);
        woken = false;
        // caught up and woken by an append while the log is busy (the last wake-up was recent): let more appends
        // arrive first, so that a busy log is applied in a few large transactions rather than one per commit; an
        // append to a quiet log is applied at once
        const now = Date.now();
        if (lingerMs > 0 && now - lastWake < BUSY_WITHIN_MS) await sleep(lingerMs, signal);
        lastWake = now;
      }
    } finally {
      stop();
      await lease?.release();
    }
  }

  /** Told by whoever runs the projection elsewhere (the projection worker) how far it has applied. */
  noteApplied(position: bigint): void {
    if (position > this.lastKnown) this.lastKnown = position;
  }

  /** Read-your-writes: resolves true once the projection has applied `position`, false after `timeoutMs`. */
  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.lastKnown < position && (await this.checkpoint()) < position) {
      if (Date.now() >= deadline) return false;
      await sleep(10);
    }
    return true;
  }

  /** `UPDATE … RETURNING` locks the checkpoint row on both engines, so concurrent runners serialise here. */
  private async lockCheckpoint(tx: SqlTx): Promise<bigint> {
    const rows = await tx.all<{ position: string | number }>(
      'UPDATE projection_checkpoints SET position = position WHERE name = $1 RETURNING position', [this.name]);
    if (rows.length === 0) throw new Error(`projection ${this.name}: no checkpoint row (ensureSchema not run)`);
    return BigInt(rows[0].position);
  }
}

function sleep(ms: number, signal?: AbortSignal, wake?: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now();
    const tick = setInterval(() => {
      if (signal?.aborted || wake?.() || Date.now() - started >= ms) {
        clearInterval(tick);
        resolve();
      }
    }, Math.min(ms, 10));
  });
}
