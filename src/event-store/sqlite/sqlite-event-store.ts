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
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  StreamFacts,
} from '../event-store.port.js';
import type { GroupCommitQueue } from '../group-commit.js';
import { ReadCoalescer, type StreamRead } from '../read-coalescer.js';
import { EVENT_COLUMNS, eventColumnsOf, SEAL_COLUMNS, toStoredEvent, type EventRow } from '../row-mapping.js';
import type { SealingSettings } from '../seal.js';
import {
  allFacts,
  factIndex,
  factsCoalescer,
  staleIndexes,
  type FactIndex,
  type FetchedFacts,
} from '../stream-facts.js';
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
  /** the event types readStreamFacts reads (stream-facts.ts); none: every event is a fact */
  factTypes?: readonly string[];
}

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly queue: GroupCommitQueue<EncodedAppend, AppendResult>;
  private readonly committer: Committer;
  private readonly stmt;
  private readonly reads = new ReadCoalescer((reads) => this.readStreams(reads));
  private readonly facts = factsCoalescer((streams) => this.readFacts(streams));
  private readonly factStmt;

  constructor(
    readonly file: string,
    options: SqliteStoreOptions = {},
  ) {
    this.db = openLedgerDb(file);
    const index = factIndex(options.factTypes);
    this.factStmt = index && this.factStatements(index);
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

  readStreamFacts(stream: string): Promise<StreamFacts> {
    return this.factStmt ? this.facts.request(stream) : this.readStream(stream).then(allFacts);
  }

  /** The fact index built if missing (and one for other types dropped), and the two statements that read it. */
  private factStatements(index: FactIndex) {
    const names = this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all() as string[];
    for (const stale of staleIndexes(names, index)) this.db.exec(`DROP INDEX ${stale}`);
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${index.name} ON events (stream, revision) WHERE ${index.predicate}`);
    return {
      // INDEXED BY: a plan that cannot use the partial index is an error at start-up, never a scan of every stream
      events: this.db.prepare(`SELECT ${eventColumnsOf('e')}
        FROM json_each(?) AS q CROSS JOIN events e INDEXED BY ${index.name}
        WHERE e.stream = q.value AND e.${index.predicate} ORDER BY e.stream, e.revision`),
      revisions: this.db
        .prepare(`SELECT q.value AS stream, (SELECT max(x.revision) FROM events x WHERE x.stream = q.value) AS revision
        FROM json_each(?) AS q`),
    };
  }

  private readFacts(streams: string[]): FetchedFacts {
    const list = JSON.stringify(streams);
    const { events, revisions } = this.factStmt!;
    // revisions first: a fact committed between the two statements is then read with an older revision, and the append
    // that expects it conflicts (read in the other order, a decision could miss a fact and still append)
    const known = revisions.all(list) as { stream: string; revision: bigint | null }[];
    return {
      events: (events.all(list) as EventRow[]).map(toStoredEvent),
      revisions: new Map(known.filter((r) => r.revision !== null).map((r) => [r.stream, r.revision!])),
    };
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
