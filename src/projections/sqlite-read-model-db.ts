import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { toPositional, type Lease, type ReadModelDb, type SqlTx, type SqlValue } from './read-model-db.js';

interface Prepared {
  statement: Database.Statement;
  order: number[];
}

const bind = ({ order }: Prepared, params: SqlValue[]) =>
  order.map((i) => (typeof params[i] === 'boolean' ? Number(params[i]) : params[i]));

/**
 * SQLite read models (embedded default). A transaction is BEGIN IMMEDIATE, so two runners of one projection
 * (even in two processes) serialise on the write lock and each re-reads the checkpoint inside it: a batch can
 * never be applied twice. Leases are therefore process-local only.
 */
export class SqliteReadModelDb implements ReadModelDb {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly leases = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  /** prepared statements by SQL text (projections reuse a handful of statements millions of times) */
  private readonly statements = new Map<string, Prepared>();

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    // read models are read at random (Merkle nodes for proofs, members' rows): a 64 MB page cache and
    // memory-mapped reads keep hot pages out of syscalls
    this.db.pragma('cache_size = -65536');
    this.db.pragma('mmap_size = 1073741824');
  }

  async run(sql: string, params: SqlValue[] = []): Promise<number> {
    const prepared = this.prepared(sql);
    return prepared.statement.run(...bind(prepared, params)).changes;
  }

  async all<R>(sql: string, params: SqlValue[] = []): Promise<R[]> {
    const prepared = this.prepared(sql);
    return prepared.statement.all(...bind(prepared, params)) as R[];
  }

  private prepared(sql: string): Prepared {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      const positional = toPositional(sql);
      prepared = { statement: this.db.prepare(positional.sql), order: positional.order };
      if (this.statements.size >= 500) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  async exec(ddl: string): Promise<void> {
    this.db.exec(ddl);
  }

  /** Transactions are serialised in-process: the connection is shared and async work happens between statements. */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async tryLease(name: string): Promise<Lease | null> {
    if (this.leases.has(name)) return null;
    this.leases.add(name);
    return { release: async () => void this.leases.delete(name) };
  }

  async close(): Promise<void> {
    await this.queue;
    this.db.close();
  }
}
