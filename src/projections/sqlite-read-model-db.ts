import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { WAL_AUTOCHECKPOINT_PAGES } from '../event-store/sqlite/sqlite-writer.js';
import { toPositional, type Lease, type ReadModelDb, type SqlTx, type SqlValue } from './read-model-db.js';

interface Prepared {
  statement: Database.Statement;
  order: number[];
}

const bind = ({ order }: Prepared, params: SqlValue[]) =>
  order.map((i) => (typeof params[i] === 'boolean' ? Number(params[i]) : params[i]));

/** A connection with prepared statements cached by SQL text (projections reuse a few statements millions of times). */
class Connection implements SqlTx {
  readonly cachesStatements = true;
  private readonly statements = new Map<string, Prepared>();

  constructor(readonly db: Database.Database) {}

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
}

/** How much memory each connection may use for pages (config/memory.ts divides LEDGER_MEMORY_MB). */
export interface SqliteMemory {
  cacheKb: number;
  mmapBytes: number;
}

const THROUGHPUT: SqliteMemory = { cacheKb: 64 * 1024, mmapBytes: 2 ** 30 };

function open(file: string, readonly: boolean, memory: SqliteMemory): Database.Database {
  const db = new Database(file, { readonly });
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // Read models are derived data, and each batch commits with its checkpoint: after a power loss WAL with
    // synchronous=NORMAL can only lose whole, most recent transactions, whose events are then re-applied
    // from the log. The log itself (the system of record) stays synchronous=FULL.
    db.pragma('synchronous = NORMAL');
    // fewer, larger checkpoints: each index page a page of the log touches is copied into the file once per
    // checkpoint, not once per 1,000 pages of WAL (the store's setting, sqlite-writer.ts)
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  }
  db.pragma('busy_timeout = 10000');
  // read models are read at random (Merkle nodes for proofs, members' rows): a page cache and memory-mapped reads
  // keep hot pages out of syscalls (64 MB and 1 GiB unless LEDGER_MEMORY_MB says less)
  db.pragma(`cache_size = -${memory.cacheKb}`);
  db.pragma(`mmap_size = ${memory.mmapBytes}`);
  return db;
}

/**
 * SQLite read models (embedded default). Writes go through one writer connection, one transaction at a time
 * (BEGIN IMMEDIATE): two runners of one projection, even in two processes, serialise on the write lock and
 * each re-reads the checkpoint inside it, so a batch can never be applied twice; leases are process-local.
 * Queries use a second, read-only connection: they never see a projection transaction that has not
 * committed (WAL gives each statement the last committed snapshot).
 */
export class SqliteReadModelDb implements ReadModelDb {
  readonly kind = 'sqlite';
  private readonly writer: Connection;
  private readonly reader: Connection;
  private readonly leases = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(file: string, memory: SqliteMemory = THROUGHPUT) {
    mkdirSync(dirname(file), { recursive: true });
    this.writer = new Connection(open(file, false, memory));
    this.reader = new Connection(open(file, true, memory));
  }

  run(sql: string, params: SqlValue[] = []): Promise<number> {
    return this.transaction((tx) => tx.run(sql, params));
  }

  all<R>(sql: string, params: SqlValue[] = []): Promise<R[]> {
    return this.reader.all<R>(sql, params);
  }

  exec(ddl: string): Promise<void> {
    return this.serialised(async () => void this.writer.db.exec(ddl));
  }

  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.serialised(async () => {
      const db = this.writer.db;
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.writer);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /** The writer is shared and async work happens between statements, so its uses queue up in-process. */
  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async tryLease(name: string): Promise<Lease | null> {
    if (this.leases.has(name)) return null;
    this.leases.add(name);
    return { release: async () => void this.leases.delete(name) };
  }

  async ping(): Promise<void> {
    await this.all('SELECT 1 AS ok');
  }

  async close(): Promise<void> {
    await this.queue;
    this.reader.db.close();
    this.writer.db.close();
  }
}
