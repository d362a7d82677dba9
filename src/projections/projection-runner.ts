/**
 * Drives one projection over the global log: read from its checkpoint, apply a batch, store the new checkpoint
 * in the same transaction (exactly-once effect). One active runner per projection (lease); others stand by.
 */
import type { EventStore } from '../event-store/event-store.port.js';
import type { Projection } from './projection.js';
import type { Lease, ReadModelDb, SqlTx } from './read-model-db.js';
import { placeholders } from './sql.js';

const CHECKPOINTS = `CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name TEXT PRIMARY KEY, position BIGINT NOT NULL, updated_at TEXT NOT NULL)`;
const VERSIONS = 'CREATE TABLE IF NOT EXISTS projection_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)';

export type Progress = (done: bigint, target: bigint) => void;

/** events read and applied per transaction unless told otherwise (LEDGER_PROJECTION_BATCH; see ProjectionGroup.run) */
const PAGE_EVENTS = 5000;

/** a wake-up this soon after the previous one means the log is busy (see `lingerMs`) */
const BUSY_WITHIN_MS = 200;

export interface RunOptions {
  pollMs?: number;
  /** after a wake-up on a busy log, wait this long before reading (gathers its appends into fewer, larger batches) */
  lingerMs?: number;
  /** a batch failed (it is retried), with the projection it failed for */
  onError?: (error: unknown, projection: string) => void;
  /** after each applied batch, with each projection's new checkpoint */
  onApplied?: (position: bigint, projection: string) => void;
  /** subscribes to "the log may have grown"; returns the unsubscribe */
  appended?: (listener: () => void) => () => void;
}

export class ProjectionRunner {
  private lastKnown = 0n;

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDb,
    readonly projection: Projection,
    private readonly batchSize = PAGE_EVENTS,
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
      await tx.run(
        `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ($1, 0, $2) ON CONFLICT (name) DO NOTHING`,
        [this.name, new Date().toISOString()],
      );
      const position = await this.lockCheckpoint(tx);
      const rows = await tx.all<{ version: string | number }>(
        'SELECT version FROM projection_versions WHERE name = $1',
        [this.name],
      );
      // read models built before versions were recorded are version 1
      const stored = rows.length > 0 ? Number(rows[0].version) : 1;
      await tx.run(
        'INSERT INTO projection_versions (name, version) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET version = $2',
        [this.name, version],
      );
      if (stored === version) return null;
      for (const table of [...this.projection.tables, ...(this.projection.retiredTables ?? [])])
        await tx.run(`DROP TABLE IF EXISTS ${table}`);
      await tx.run('UPDATE projection_checkpoints SET position = 0, updated_at = $1 WHERE name = $2', [
        new Date().toISOString(),
        this.name,
      ]);
      return position === 0n ? null : stored; // nothing had been applied: nothing to rebuild
    });
    if (replaced !== null) this.lastKnown = 0n;
    for (const ddl of this.projection.schema) await this.db.exec(ddl);
    await this.createQueryIndexes();
    return replaced;
  }

  /** Creates the projection's query indexes that are missing (after a rebuild: built once over the loaded rows). */
  async createQueryIndexes(): Promise<void> {
    for (const ddl of this.projection.queryIndexes ?? []) await this.db.exec(ddl);
  }

  async checkpoint(): Promise<bigint> {
    const rows = await this.db.all<{ position: string | number }>(
      'SELECT position FROM projection_checkpoints WHERE name = $1',
      [this.name],
    );
    this.lastKnown = BigInt(rows[0]?.position ?? 0);
    return this.lastKnown;
  }

  /** Applies at most one batch; returns how many events it applied. */
  runBatch(): Promise<number> {
    return applyNextPage(this.store, this.db, [this], this.batchSize);
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

  /** Empties the read model and replays the whole log into it, then builds its query indexes (a group of one). */
  rebuild(progress?: Progress): Promise<bigint> {
    return new ProjectionGroup(this.store, this.db, [this], this.batchSize).rebuild(progress);
  }

  /**
   * Empties the read model, drops its query indexes and sets its checkpoint back to the start of the log (the first
   * half of a rebuild; `createQueryIndexes` ends it, and so does the next start, which runs `ensureSchema`).
   */
  async empty(): Promise<void> {
    await this.ensureSchema();
    await this.db.transaction(async (tx) => {
      await this.lockCheckpoint(tx);
      for (const table of this.projection.tables) await tx.run(`DELETE FROM ${table}`);
      for (const ddl of this.projection.queryIndexes ?? []) await tx.run(`DROP INDEX IF EXISTS ${indexName(ddl)}`);
      await tx.run('UPDATE projection_checkpoints SET position = 0, updated_at = $1 WHERE name = $2', [
        new Date().toISOString(),
        this.name,
      ]);
    });
    this.lastKnown = 0n;
  }

  /** Runs until aborted (see ProjectionGroup.run), as a group of one. */
  run(signal: AbortSignal, options: RunOptions = {}): Promise<void> {
    return new ProjectionGroup(this.store, this.db, [this], this.batchSize).run(signal, options);
  }

  /** The checkpoint this runner last knew of. */
  get applied(): bigint {
    return this.lastKnown;
  }

  /** Told by whoever runs the projection elsewhere (the projection worker) how far it has applied. */
  noteApplied(position: bigint): void {
    if (position > this.lastKnown) this.lastKnown = position;
  }

  /** Told when a read has to wait for this projection (ProjectionsService: the group stops lingering). */
  onWait?: () => void;

  /** Read-your-writes: resolves true once the projection has applied `position`, false after `timeoutMs`. */
  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    if (this.lastKnown < position) this.onWait?.();
    while (this.lastKnown < position && (await this.checkpoint()) < position) {
      if (Date.now() >= deadline) return false;
      await sleep(10);
    }
    return true;
  }

  /** Locks this projection's checkpoint row (see lockCheckpoint). */
  lockCheckpoint(tx: SqlTx): Promise<bigint> {
    return lockCheckpoint(tx, this.name);
  }
}

/**
 * Locks a projection's checkpoint row for the rest of `tx` and returns the checkpoint: `UPDATE … RETURNING` locks the
 * row on both engines, so concurrent runners serialise here, and so does anything else that must not interleave with
 * the projection's batches (the integrity service issuing a checkpoint).
 */
export async function lockCheckpoint(tx: SqlTx, projection: string): Promise<bigint> {
  const rows = await tx.all<{ position: string | number }>(
    'UPDATE projection_checkpoints SET position = position WHERE name = $1 RETURNING position',
    [projection],
  );
  if (rows.length === 0) throw new Error(`projection ${projection}: no checkpoint row (ensureSchema not run)`);
  return BigInt(rows[0].position);
}

/**
 * The checkpoints of a group's projections, locked for the rest of `tx` in one statement (a page of a group of seven
 * took seven round trips on PostgreSQL here, and seven more to store them). PostgreSQL locks the rows in name order
 * (ORDER BY before FOR UPDATE), the same everywhere, so two groups never deadlock, and FOR UPDATE conflicts with
 * lockCheckpoint's UPDATE; SQLite's write lock (BEGIN IMMEDIATE) already holds the whole database.
 */
async function lockCheckpoints(kind: ReadModelDb['kind'], tx: SqlTx, runners: ProjectionRunner[]): Promise<bigint[]> {
  const names = runners.map((r) => r.name);
  const rows = await tx.all<{ name: string; position: string | number }>(
    `SELECT name, position FROM projection_checkpoints WHERE name IN (${placeholders(names.length)}) ORDER BY name` +
      (kind === 'postgres' ? ' FOR UPDATE' : ''),
    names,
  );
  const at = new Map(rows.map((r) => [r.name, BigInt(r.position)]));
  return names.map((name) => {
    const position = at.get(name);
    if (position === undefined) throw new Error(`projection ${name}: no checkpoint row (ensureSchema not run)`);
    return position;
  });
}

/**
 * One transaction for one page of the log and several projections: the checkpoints are locked (in name order, the
 * same everywhere, so two groups never deadlock), the log is read once from the lowest of them, each projection is
 * given the events past its own checkpoint, and each new checkpoint is stored with its rows (exactly once).
 * Returns how many events were read.
 */
async function applyNextPage(
  store: EventStore,
  db: ReadModelDb,
  runners: ProjectionRunner[],
  batchSize: number,
): Promise<number> {
  const { count, positions } = await db.transaction(async (tx) => {
    const froms = await lockCheckpoints(db.kind, tx, runners);
    const from = froms.reduce((a, b) => (b < a ? b : a));
    const events = await store.readAll(from, batchSize);
    if (events.length === 0) return { count: 0, positions: froms };
    const to = events[events.length - 1].position;
    const applied: string[] = [];
    for (const [i, runner] of runners.entries()) {
      if (froms[i] >= to) continue;
      await runner.projection.apply(tx, froms[i] === from ? events : events.filter((e) => e.position > froms[i]));
      applied.push(runner.name);
    }
    // every projection that applied the page is now at its end: one statement for all of their checkpoints
    await tx.run(
      `UPDATE projection_checkpoints SET position = $1, updated_at = $2 WHERE name IN (${placeholders(applied.length, 2)})`,
      [to, new Date().toISOString(), ...applied],
    );
    return { count: events.length, positions: froms.map((f) => (f > to ? f : to)) };
  });
  runners.forEach((runner, i) => runner.noteApplied(positions[i]));
  return count;
}

/**
 * Several projections driven together over the global log (the service runs all of its projections as one group):
 * each page of the log is read once and applied to all of them in one transaction, instead of once per projection
 * in a transaction each. Each projection keeps its own checkpoint, so a group and a single runner (the CLI's
 * rebuild of one read model) can take turns. A page that fails for the group is applied projection by projection,
 * so that one failing projection does not hold the others back.
 */
export class ProjectionGroup {
  private readonly runners: ProjectionRunner[];
  /** projections set aside after a failure, with when they last failed (see runBatch) */
  private readonly failing = new Map<ProjectionRunner, number>();

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDb,
    runners: ProjectionRunner[],
    private readonly batchSize = PAGE_EVENTS,
  ) {
    this.runners = [...runners].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Applies at most one page; returns how many events were read (0: every projection is at the head). A page that
   * fails for the group is applied projection by projection to find the one that fails; that one is then set aside
   * and retried on its own at most every `retryMs`, so the others keep applying each page once, in one transaction,
   * and it rejoins the group once a page of its own succeeds.
   */
  async runBatch(onError?: RunOptions['onError'], retryMs = 1000): Promise<number> {
    const healthy = this.runners.filter((r) => !this.failing.has(r));
    let read = 0;
    let failed: unknown = null;
    const alone = async (runner: ProjectionRunner) => {
      try {
        read = Math.max(read, await runner.runBatch());
        this.failing.delete(runner);
      } catch (own) {
        failed ??= own;
        this.failing.set(runner, Date.now());
        onError?.(own, runner.name);
      }
    };
    if (healthy.length > 0) {
      try {
        read = await applyNextPage(this.store, this.db, healthy, this.batchSize);
      } catch (error) {
        if (this.runners.length === 1) throw error;
        for (const runner of healthy) await alone(runner);
      }
    }
    for (const [runner, since] of [...this.failing])
      if (!healthy.includes(runner) && Date.now() - since >= retryMs) await alone(runner);
    if (read === 0 && failed !== null) throw new AlreadyReported(failed);
    return read;
  }

  /**
   * Empties every read model of the group, replays the log once for all of them (catchUp), then builds their query
   * indexes, each once over the loaded rows (`replayed` is told when the replay is done and the indexes start);
   * returns the position reached. `phi-ledger projections rebuild --all`: one read of the log for every read model.
   */
  async rebuild(progress?: Progress, replayed?: () => void): Promise<bigint> {
    for (const runner of this.runners) await runner.empty();
    const at = await this.catchUp(progress);
    replayed?.();
    for (const runner of this.runners) await runner.createQueryIndexes();
    return at;
  }

  /**
   * Applies the log up to its head now to every projection of the group (each page read once for all of them), with
   * progress as the least advanced one goes; returns that position.
   */
  async catchUp(progress?: Progress): Promise<bigint> {
    const target = await this.store.head();
    const least = () => this.runners.reduce((m, r) => (r.applied < m ? r.applied : m), target);
    while (least() < target && (await this.runBatch()) > 0) progress?.(least(), target);
    return least();
  }

  private hurried = false;

  /** A read is waiting for these read models: the next linger ends at once. */
  hurry(): void {
    this.hurried = true;
  }

  /**
   * Runs until aborted: holds the lease of every projection in the group, applies pages, sleeps until told of an
   * append (`appended`, by default the store's own signal; the projection worker passes the service thread's) or
   * `pollMs` passes.
   */
  async run(
    signal: AbortSignal,
    { pollMs = 250, lingerMs = 0, onError, onApplied, appended = (l) => this.store.onAppended(l) }: RunOptions = {},
  ) {
    const leases = await this.leaseAll(signal, pollMs);
    let woken = false;
    let lastWake = 0;
    const stop = appended(() => void (woken = true));
    try {
      while (!signal.aborted && leases) {
        let read: number;
        try {
          read = await this.runBatch(onError);
        } catch (error) {
          if (!(error instanceof AlreadyReported)) for (const runner of this.runners) onError?.(error, runner.name);
          await sleep(pollMs * 4, signal);
          continue;
        }
        if (read > 0) for (const runner of this.runners) onApplied?.(runner.applied, runner.name);
        if (read >= this.batchSize) continue; // behind the log: the next full page at once
        // At the head (a partial page, or none). Wait for an append; on a busy log (the last wake-up was recent),
        // linger so that the next page gathers many commits: a read-model transaction costs about one page write per
        // index page it touches, and the more events it holds, the more of them share pages (docs/benchmarks.md). An
        // append to a quiet log is applied at once.
        if (!woken) await sleep(pollMs, signal, () => woken);
        woken = false;
        const now = Date.now();
        // A read waiting for the read models (hurry) cuts the linger short: its latency matters more than batching.
        if (lingerMs > 0 && now - lastWake < BUSY_WITHIN_MS) await sleep(lingerMs, signal, () => this.hurried);
        this.hurried = false;
        lastWake = now;
      }
    } finally {
      stop();
      for (const lease of leases ?? []) await lease.release();
    }
  }

  /** Every projection's lease, or none: while another runner holds one of them, wait (until aborted: null). */
  private async leaseAll(signal: AbortSignal, pollMs: number): Promise<Lease[] | null> {
    while (!signal.aborted) {
      const held: Lease[] = [];
      for (const runner of this.runners) {
        const lease = await this.db.tryLease(runner.name);
        if (!lease) break;
        held.push(lease);
      }
      if (held.length === this.runners.length) return held;
      for (const lease of held) await lease.release();
      await sleep(pollMs * 4, signal);
    }
    return null;
  }
}

/** The name an index's DDL creates (`CREATE INDEX IF NOT EXISTS name ON …`). */
export function indexName(ddl: string): string {
  const name = /^\s*CREATE\s+INDEX\s+IF\s+NOT\s+EXISTS\s+(\w+)\s+ON\s/i.exec(ddl)?.[1];
  if (!name) throw new Error(`not a CREATE INDEX IF NOT EXISTS statement: ${ddl}`);
  return name;
}

/** A failure already reported projection by projection (ProjectionGroup.runBatch's fallback). */
class AlreadyReported extends Error {
  constructor(readonly original: unknown) {
    super((original as Error)?.message ?? String(original));
  }
}

function sleep(ms: number, signal?: AbortSignal, wake?: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now();
    const tick = setInterval(
      () => {
        if (signal?.aborted || wake?.() || Date.now() - started >= ms) {
          clearInterval(tick);
          resolve();
        }
      },
      Math.min(ms, 10),
    );
  });
}
