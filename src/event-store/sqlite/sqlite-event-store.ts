/**
 * Embedded default store: one SQLite file, WAL, synchronous=FULL (an acknowledged append survives power loss).
 * Appends that arrive in the same event-loop turn are group-committed in one transaction by the one writer
 * (sqlite-writer.ts): on the writer thread when `writer: 'thread'` (the service), else on this thread (CLI,
 * tests, benchmarks of the store itself). Reads use this thread's own connection; WAL gives each read the last
 * committed snapshot. Global position = the row's INTEGER PRIMARY KEY, assigned max+1 under the write lock
 * (gap-free).
 */
import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import { workerFile } from '../worker-file.js';
import type { ResourceLimits } from 'node:worker_threads';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, StoredEvent } from '../event-store.port.js';
import type { GroupCommitQueue } from '../group-commit.js';
import { ReadCoalescer, type StreamRead } from '../read-coalescer.js';
import { EVENT_COLUMNS, eventColumnsOf, SEAL_COLUMNS, toStoredEvent, type EventRow } from '../row-mapping.js';
import type { SealingSettings } from '../seal.js';
import type { EncodedAppend } from '../encoded-append.js';
import { committingQueue, submitAppend, WriterThread, type Committer, type WriterPlacement } from '../writer-thread.js';
import { openLedgerDb, SqliteWriter } from './sqlite-writer.js';

export interface SqliteStoreOptions {
  /** where commits run: 'inline' (default) on the calling thread, 'thread' on a writer thread */
  writer?: WriterPlacement;
  /** seal every commit with the checkpoint key (seal.ts); the service always does */
  sealing?: SealingSettings | null;
  /** the writer thread's memory limits */
  writerLimits?: ResourceLimits;
}

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly queue: GroupCommitQueue<EncodedAppend, AppendResult>;
  private readonly committer: Committer;
  private readonly stmt;
  private readonly reads = new ReadCoalescer((reads) => this.readStreams(reads));

  constructor(
    readonly file: string,
    options: SqliteStoreOptions = {},
  ) {
    this.db = openLedgerDb(file);
    this.stmt = {
      head: this.db.prepare('SELECT coalesce(max(position), 0) AS head FROM events').pluck(),
      streamOf: this.db.prepare('SELECT stream FROM events WHERE event_id = ?').pluck(),
      readStream: this.db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision`,
      ),
      // CROSS JOIN keeps the list of [stream, from] pairs the outer loop: one (stream, revision) index range per pair
      readStreams: this.db.prepare(`SELECT ${eventColumnsOf('e')}
        FROM json_each(?) AS q CROSS JOIN events e
        WHERE e.stream = q.value ->> 0 AND e.revision >= q.value ->> 1 ORDER BY e.stream, e.revision`),
      readAll: this.db.prepare(`SELECT ${eventColumnsOf('e')}, ${SEAL_COLUMNS}
        FROM events e LEFT JOIN event_seals s ON s.position = e.position
        WHERE e.position > ? ORDER BY e.position LIMIT ?`),
    };
    if (options.sealing) new SqliteWriter(this.db, options.sealing).adopt();
    if (options.writer === 'thread') {
      this.committer = new WriterThread(
        workerFile(import.meta.url, './sqlite-writer.worker.js'),
        {
          file,
          sealing: options.sealing ?? null,
        },
        options.writerLimits,
      );
    } else {
      const writer = new SqliteWriter(this.db, options.sealing);
      this.committer = { commit: (batch) => writer.commit(batch), close: async () => undefined };
    }
    this.queue = committingQueue(this.committer, 'SQLite', () => this.appended.emit('appended'));
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return submitAppend(this.queue, stream, events, expected);
  }

  /** Reads issued in one event-loop turn are answered by one statement (read-coalescer.ts). */
  readStream(stream: string, fromRevision = 0n): Promise<StoredEvent[]> {
    return this.reads.read(stream, fromRevision);
  }

  private readStreams(reads: StreamRead[]): StoredEvent[] {
    const rows =
      reads.length === 1
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
