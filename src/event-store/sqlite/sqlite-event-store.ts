/**
 * Embedded default store: one SQLite file, WAL, synchronous=FULL (an acknowledged append survives power loss).
 * Appends that arrive in the same event-loop turn are group-committed in one transaction by the one writer
 * (sqlite-writer.ts): on the writer thread when `writer: 'thread'` (the service), else on this thread (CLI,
 * tests, benchmarks of the store itself). Reads use this thread's own connection; WAL gives each read the last
 * committed snapshot. Global position = the row's INTEGER PRIMARY KEY, assigned max+1 under the write lock
 * (gap-free).
 */
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { workerFile } from '../../shared/worker-file.js';
import { StoreUnavailableError } from '../errors.js';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, StoredEvent } from '../event-store.port.js';
import { GroupCommitQueue, type Outcome } from '../group-commit.js';
import { ReadCoalescer, type StreamRead } from '../read-coalescer.js';
import { toStoredEvent, type EventRow } from '../row-mapping.js';
import {
  COLUMNS, decodeOutcome, encodeAppend, openLedgerDb, SqliteWriter, type EncodedAppend,
} from './sqlite-writer.js';
import type { WriterReply, WriterRequest } from './sqlite-writer.worker.js';

export interface SqliteStoreOptions {
  /** where commits run: 'inline' (default) on the calling thread, 'thread' on a writer thread */
  writer?: 'inline' | 'thread';
}

interface Committer {
  commit(batch: EncodedAppend[]): Outcome<AppendResult>[] | Promise<Outcome<AppendResult>[]>;
  close(): Promise<void>;
}

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly queue: GroupCommitQueue<EncodedAppend, AppendResult>;
  private readonly committer: Committer;
  private readonly stmt;
  private readonly reads = new ReadCoalescer((reads) => this.readStreams(reads));

  constructor(readonly file: string, options: SqliteStoreOptions = {}) {
    this.db = openLedgerDb(file);
    this.stmt = {
      head: this.db.prepare('SELECT coalesce(max(position), 0) AS head FROM events').pluck(),
      streamOf: this.db.prepare('SELECT stream FROM events WHERE event_id = ?').pluck(),
      readStream: this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision`),
      // CROSS JOIN keeps the list of [stream, from] pairs the outer loop: one (stream, revision) index range per pair
      readStreams: this.db.prepare(`SELECT ${COLUMNS.split(', ').map((c) => `e.${c}`).join(', ')}
        FROM json_each(?) AS q CROSS JOIN events e
        WHERE e.stream = q.value ->> 0 AND e.revision >= q.value ->> 1 ORDER BY e.stream, e.revision`),
      readAll: this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
    };
    if (options.writer === 'thread') {
      this.committer = new WriterThread(file);
    } else {
      const writer = new SqliteWriter(this.db);
      this.committer = { commit: (batch) => writer.commit(batch), close: async () => undefined };
    }
    this.queue = new GroupCommitQueue(async (batch) => {
      let outcomes: Outcome<AppendResult>[];
      try {
        outcomes = await this.committer.commit(batch);
      } catch (error) {
        throw new StoreUnavailableError(`SQLite commit failed: ${(error as Error)?.message ?? String(error)}`);
      }
      this.appended.emit('appended');
      return outcomes;
    });
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    return this.queue.submit(encodeAppend(stream, events, expected));
  }

  /** Reads issued in one event-loop turn are answered by one statement (read-coalescer.ts). */
  readStream(stream: string, fromRevision = 0n): Promise<StoredEvent[]> {
    return this.reads.read(stream, fromRevision);
  }

  private readStreams(reads: StreamRead[]): StoredEvent[] {
    const rows = reads.length === 1
      ? this.stmt.readStream.all(reads[0].stream, reads[0].from)
      : this.stmt.readStreams.all(JSON.stringify(reads.map((r) => [r.stream, Number(r.from)])));
    return (rows as EventRow[]).map(toStoredEvent);
  }

  async readAll(afterPosition: bigint, limit: number): Promise<StoredEvent[]> {
    return (this.stmt.readAll.all(afterPosition, limit) as EventRow[]).map(toStoredEvent);
  }

  async streamOf(eventId: string): Promise<string | null> {
    return (this.stmt.streamOf.get(eventId) as string | undefined) ?? null;
  }

  async head(): Promise<bigint> {
    return this.stmt.head.get() as bigint;
  }

  async ping(): Promise<void> {
    this.stmt.head.get();
  }

  onAppended(listener: () => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  async close(): Promise<void> {
    await this.committer.close();
    this.db.close();
  }
}

/**
 * The writer thread, started on the first append. It keeps the process alive only while a commit is in flight.
 * If it dies, the commits in flight fail (their callers answer 503 and retry; event ids make retries safe: a
 * commit that did land is then answered as a replay) and the next append starts a new thread.
 */
class WriterThread implements Committer {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (o: Outcome<AppendResult>[]) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(private readonly file: string) {}

  commit(batch: EncodedAppend[]): Promise<Outcome<AppendResult>[]> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, batch } satisfies WriterRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ close: true } satisfies WriterRequest);
    await exited;
  }

  private start(): Worker {
    const worker = new Worker(workerFile(import.meta.url, './sqlite-writer.worker.js'), { workerData: { file: this.file } });
    worker.unref();
    worker.on('message', (reply: WriterReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ('failed' in reply) waiting.reject(new Error(reply.failed));
      else waiting.resolve(reply.outcomes.map(decodeOutcome));
    });
    const fail = (reason: string) => {
      if (this.worker === worker) this.worker = null;
      for (const [, waiting] of this.pending) waiting.reject(new Error(`SQLite writer thread ${reason}`));
      this.pending.clear();
    };
    worker.on('error', (error) => fail(`failed: ${error.message}`));
    worker.on('exit', (code) => fail(`exited with ${code}`));
    this.worker = worker;
    return worker;
  }
}
