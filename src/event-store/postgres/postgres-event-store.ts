/**
 * PostgreSQL store for shared, multi-instance deployments. One writer per process (postgres-writer.ts, on the
 * writer thread in the service); every commit first locks the single `ledger_head` row, so positions are gap-free
 * and visible in position order across all instances. Appends queued while a commit is in flight are
 * group-committed in the next transaction (four round trips for the whole group), each with its own
 * expected-revision check and outcome.
 */
import type { ResourceLimits } from 'node:worker_threads';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { workerFile } from '../worker-file.js';
import type { EncodedAppend } from '../encoded-append.js';
import { StoreConfigurationError } from '../errors.js';
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
import { allFacts, factIndex, factsCoalescer, type FactIndex, type FetchedFacts } from '../stream-facts.js';
import { committingQueue, submitAppend, WriterThread, type Committer, type WriterPlacement } from '../writer-thread.js';
import { checkDurability, migrate, quoteIdent } from './pg-schema.js';
import { CHANNEL, PostgresWriter } from './postgres-writer.js';

export interface PostgresStoreOptions {
  connectionString: string;
  schema?: string;
  poolSize?: number;
  /** where commits run: 'inline' (default) on this store's writer connection, 'thread' on a writer thread */
  writer?: WriterPlacement;
  /** seal every commit with the checkpoint key (seal.ts); the service always does */
  sealing?: SealingSettings | null;
  /** the writer thread's memory limits */
  writerLimits?: ResourceLimits;
  /** the event types readStreamFacts reads (stream-facts.ts); none: every event is a fact */
  factTypes?: readonly string[];
}

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  private readonly appended = new EventEmitter();
  private readonly queue: GroupCommitQueue<EncodedAppend, AppendResult>;
  private readonly committer: Committer;
  private listener: pg.Client | null = null;
  private readonly reads = new ReadCoalescer((reads) => this.readStreams(reads));
  private readonly facts = factsCoalescer((streams) => this.readFacts(streams));
  private readonly s: string;

  private constructor(
    private readonly options: PostgresStoreOptions,
    /** the connection commits run on inline; null when they run on the writer thread (its own connection) */
    writer: pg.Client | null,
    readonly pool: pg.Pool,
    readonly schema: string,
    /** the partial index readStreamFacts reads (built by `migrate`); null: every event is a fact */
    private readonly factIndex: FactIndex | null,
  ) {
    this.s = quoteIdent(schema);
    if (writer === null) {
      this.committer = new WriterThread(
        workerFile(import.meta.url, './postgres-writer.worker.js'),
        { connectionString: options.connectionString, schema, sealing: options.sealing ?? null },
        options.writerLimits,
      );
    } else {
      const inline = new PostgresWriter(writer, schema, options.sealing);
      this.committer = { commit: (batch) => inline.commit(batch), close: () => writer.end() };
    }
    this.queue = committingQueue(this.committer, 'PostgreSQL', () => this.appended.emit('appended'));
  }

  static async open(options: PostgresStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'phi_ledger';
    const writer = new pg.Client({ connectionString: options.connectionString });
    try {
      await writer.connect();
    } catch (error) {
      throw new StoreConfigurationError(`cannot connect to PostgreSQL (DATABASE_URL): ${(error as Error).message}`);
    }
    const problems = await checkDurability(writer);
    if (problems.length > 0) {
      await writer.end();
      throw new StoreConfigurationError(
        `refusing to start: PostgreSQL could lose acknowledged disclosures (${problems.join(', ')}); turn these settings on`,
      );
    }
    const facts = factIndex(options.factTypes);
    await migrate(writer, schema, facts);
    if (options.sealing) await new PostgresWriter(writer, schema, options.sealing).adopt();
    // with the writer thread, this connection was only for the checks and migrations above
    if (options.writer === 'thread') await writer.end();
    const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 8 });
    return new PostgresEventStore(options, options.writer === 'thread' ? null : writer, pool, schema, facts);
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return submitAppend(this.queue, stream, events, expected);
  }

  /** Reads issued in one event-loop turn are answered by one query, an index lookup per stream (read-coalescer.ts). */
  readStream(stream: string, fromRevision = 0n): Promise<StoredEvent[]> {
    return this.reads.read(stream, fromRevision);
  }

  readStreamFacts(stream: string): Promise<StreamFacts> {
    return this.factIndex ? this.facts.request(stream) : this.readStream(stream).then(allFacts);
  }

  /** One statement (one snapshot): each stream's fact events (the partial index) and its last revision. */
  private async readFacts(streams: string[]): Promise<FetchedFacts> {
    const { rows } = await this.pool.query<EventRow & { kind: string }>(
      `SELECT 'event' AS kind, ${eventColumnsOf('e')} FROM unnest($1::text[]) AS q(stream)
         CROSS JOIN LATERAL (SELECT * FROM ${this.s}.events x WHERE x.stream = q.stream AND x.${this.factIndex!.predicate} OFFSET 0) e
       UNION ALL
       SELECT 'stream', NULL, q.stream, r.revision, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM unnest($1::text[]) AS q(stream)
         CROSS JOIN LATERAL (SELECT max(x.revision) AS revision FROM ${this.s}.events x WHERE x.stream = q.stream OFFSET 0) r
        WHERE r.revision IS NOT NULL
       ORDER BY 3, 4`,
      [streams],
    );
    return {
      events: rows.filter((r) => r.kind === 'event').map(toStoredEvent),
      revisions: new Map(rows.filter((r) => r.kind === 'stream').map((r) => [r.stream, BigInt(r.revision)])),
    };
  }

  private async readStreams(reads: StreamRead[]): Promise<StoredEvent[]> {
    if (reads.length === 1) {
      const { rows } = await this.pool.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events WHERE stream = $1 AND revision >= $2 ORDER BY revision`,
        [reads[0].stream, reads[0].from.toString()],
      );
      return rows.map(toStoredEvent);
    }
    // LATERAL … OFFSET 0: one index range scan per stream, always. As a plain join, a young table without
    // statistics was planned as a parallel sequential scan of the whole log per read (docs/benchmarks.md)
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${eventColumnsOf('e')} FROM unnest($1::text[], $2::bigint[]) AS q(stream, from_revision)
         CROSS JOIN LATERAL (SELECT * FROM ${this.s}.events x WHERE x.stream = q.stream AND x.revision >= q.from_revision OFFSET 0) e
        ORDER BY e.stream, e.revision`,
      [reads.map((r) => r.stream), reads.map((r) => r.from.toString())],
    );
    return rows.map(toStoredEvent);
  }

  async readAll(afterPosition: bigint, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${eventColumnsOf('e')}, ${SEAL_COLUMNS}
         FROM ${this.s}.events e LEFT JOIN ${this.s}.event_seals s ON s.position = e.position
        WHERE e.position > $1 ORDER BY e.position LIMIT $2`,
      [afterPosition.toString(), limit],
    );
    return rows.map(toStoredEvent);
  }

  async streamOf(eventId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ stream: string }>(
      `SELECT stream FROM ${this.s}.events WHERE event_id = $1`,
      [eventId],
    );
    return rows[0]?.stream ?? null;
  }

  async head(): Promise<bigint> {
    const { rows } = await this.pool.query<{ position: string }>(`SELECT position FROM ${this.s}.ledger_head`);
    return BigInt(rows[0].position);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  onAppended(listener: () => void): () => void {
    this.appended.on('appended', listener);
    void this.listenForOtherInstances();
    return () => this.appended.off('appended', listener);
  }

  async close(): Promise<void> {
    await this.committer.close();
    await this.listener?.end();
    await this.pool.end();
  }

  /** Wakes subscribers when another instance commits (NOTIFY is sent inside every commit). */
  private async listenForOtherInstances(): Promise<void> {
    if (this.listener) return;
    this.listener = new pg.Client({ connectionString: this.options.connectionString });
    this.listener.on('notification', () => this.appended.emit('appended'));
    this.listener.on('error', () => undefined);
    await this.listener.connect();
    await this.listener.query(`LISTEN ${CHANNEL}`);
  }
}
