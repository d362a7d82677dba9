/**
 * PostgreSQL store for shared, multi-instance deployments. One writer connection per process; every commit
 * first locks the single `ledger_head` row, so positions are gap-free and visible in position order across
 * all instances. Appends queued while a commit is in flight are group-committed in the next transaction
 * (four round trips for the whole group), each with its own expected-revision check and outcome.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { checkExpectedRevision, classifyReplay, serializeData, type StoredIdentity } from '../append-rules.js';
import { StoreConfigurationError } from '../errors.js';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, StoredEvent } from '../event-store.port.js';
import { GroupCommitQueue, type Outcome } from '../group-commit.js';
import { ReadCoalescer, type StreamRead } from '../read-coalescer.js';
import { serializeRecordedBy, toStoredEvent, type EventRow } from '../row-mapping.js';
import { checkDurability, migrate, quoteIdent } from './pg-schema.js';

interface AppendRequest {
  stream: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

export interface PostgresStoreOptions {
  connectionString: string;
  schema?: string;
  poolSize?: number;
}

const COLUMNS = 'position, stream, revision, event_id, type, version, recorded_at, recorded_by, correlation_id, data';
const CHANNEL = 'phi_ledger_appended';
const E_COLUMNS = COLUMNS.split(', ').map((c) => `e.${c}`).join(', ');


export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  private readonly appended = new EventEmitter();
  private readonly queue = new GroupCommitQueue<AppendRequest, AppendResult>((batch) => this.commitBatch(batch));
  private listener: pg.Client | null = null;
  private readonly reads = new ReadCoalescer((reads) => this.readStreams(reads));
  private readonly s: string;

  private constructor(
    private readonly options: PostgresStoreOptions,
    private readonly writer: pg.Client,
    readonly pool: pg.Pool,
    readonly schema: string,
  ) {
    this.s = quoteIdent(schema);
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
    await migrate(writer, schema);
    const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 8 });
    return new PostgresEventStore(options, writer, pool, schema);
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    return this.queue.submit({ stream, events, expected });
  }

  /** Reads issued in one event-loop turn are answered by one `unnest` join query (read-coalescer.ts). */
  readStream(stream: string, fromRevision = 0n): Promise<StoredEvent[]> {
    return this.reads.read(stream, fromRevision);
  }

  private async readStreams(reads: StreamRead[]): Promise<StoredEvent[]> {
    if (reads.length === 1) {
      const { rows } = await this.pool.query<EventRow>(
        `SELECT ${COLUMNS} FROM ${this.s}.events WHERE stream = $1 AND revision >= $2 ORDER BY revision`,
        [reads[0].stream, reads[0].from.toString()],
      );
      return rows.map(toStoredEvent);
    }
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${E_COLUMNS} FROM ${this.s}.events e
         JOIN unnest($1::text[], $2::bigint[]) AS q(stream, from_revision) ON e.stream = q.stream AND e.revision >= q.from_revision
        ORDER BY e.stream, e.revision`,
      [reads.map((r) => r.stream), reads.map((r) => r.from.toString())],
    );
    return rows.map(toStoredEvent);
  }

  async readAll(afterPosition: bigint, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.s}.events WHERE position > $1 ORDER BY position LIMIT $2`,
      [afterPosition.toString(), limit],
    );
    return rows.map(toStoredEvent);
  }

  async streamOf(eventId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ stream: string }>(`SELECT stream FROM ${this.s}.events WHERE event_id = $1`, [eventId]);
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
    await this.listener?.end();
    await this.writer.end();
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

  /**
   * Four round trips per group, whatever its size: (1) begin and lock the head row; (2) read the stream
   * revisions and event ids the group touches; (3) insert all rows and move the head; (4) notify and commit.
   */
  private async commitBatch(batch: AppendRequest[]): Promise<Outcome<AppendResult>[]> {
    const w = this.writer;
    const [, locked] = (await w.query(
      `BEGIN; SELECT position FROM ${this.s}.ledger_head FOR UPDATE`,
    )) as unknown as pg.QueryResult<{ position: string }>[];
    try {
      let head = BigInt(locked.rows[0].position);
      const known = await this.loadKnown(batch);
      const recordedAt = new Date().toISOString();
      const rows: string[][] = [[], [], [], [], [], [], [], [], [], []];
      const outcomes = batch.map((request): Outcome<AppendResult> => {
        const planned = this.plan(request, known, head);
        if (planned instanceof Error) return { ok: false, error: planned };
        if (!planned.replayed) {
          request.events.forEach((event, i) => {
            const revision = planned.nextRevision - BigInt(request.events.length - 1 - i);
            const position = planned.positions[i];
            const values = [position.toString(), request.stream, revision.toString(), event.eventId, event.type,
              String(event.version ?? 1), recordedAt, serializeRecordedBy(event.recordedBy), event.correlationId, serializeData(event.data)];
            values.forEach((v, c) => rows[c].push(v));
            known.events.set(event.eventId, { eventId: event.eventId, stream: request.stream, revision, position,
              type: event.type, version: event.version ?? 1, data: serializeData(event.data) });
          });
          known.revisions.set(request.stream, planned.nextRevision);
          head = planned.positions[planned.positions.length - 1];
        }
        return { ok: true, value: planned };
      });
      await this.insertRows(rows, head);
      await w.query(`NOTIFY ${CHANNEL}; COMMIT`);
      this.appended.emit('appended');
      return outcomes;
    } catch (error) {
      await w.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * Multi-row VALUES inserts (measured faster here than unnest of ten arrays), at most 1,000 rows a statement
   * (PostgreSQL's bind-parameter limit); the last one also moves the head. Small groups, the common case under
   * load, reuse a prepared statement per row count.
   */
  private async insertRows(columns: string[][], head: bigint): Promise<void> {
    const count = columns[0].length;
    for (let start = 0; start < count; start += 1000) {
      const n = Math.min(1000, count - start);
      const last = start + n >= count;
      const values: string[] = [];
      const tuples: string[] = [];
      for (let r = start; r < start + n; r++) {
        const b = values.length;
        tuples.push(`($${b + 1}::bigint,$${b + 2},$${b + 3}::bigint,$${b + 4},$${b + 5},$${b + 6}::int,$${b + 7},$${b + 8},$${b + 9},$${b + 10})`);
        for (let c = 0; c < 10; c++) values.push(columns[c][r]);
      }
      const moveHead = `UPDATE ${this.s}.ledger_head SET position = $${values.length + 1}`;
      const text = last
        ? `WITH inserted AS (INSERT INTO ${this.s}.events (${COLUMNS}) VALUES ${tuples.join(',')} RETURNING 1) ${moveHead}`
        : `INSERT INTO ${this.s}.events (${COLUMNS}) VALUES ${tuples.join(',')}`;
      if (last) values.push(head.toString());
      await this.writer.query({ text, values, ...(n <= 64 && last ? { name: `phi-ledger-append-${n}` } : {}) });
    }
  }

  /** Event ids and stream revisions the group touches, read under the head lock. (Not a prepared statement: PostgreSQL's generic plan for it
   * is several times slower than a fresh one.) */
  private async loadKnown(batch: AppendRequest[]) {
    const { rows } = await this.writer.query<KnownRow>({
      text: `SELECT 'event' AS kind, event_id, stream, revision, position, type, version, data
               FROM ${this.s}.events WHERE event_id = ANY($1)
             UNION ALL
             SELECT 'stream', NULL, stream, max(revision), NULL, NULL, NULL, NULL
               FROM ${this.s}.events WHERE stream = ANY($2) GROUP BY stream`,
      values: [batch.flatMap((r) => r.events.map((e) => e.eventId)), [...new Set(batch.map((r) => r.stream))]],
    });
    return toKnown(rows);
  }

  private plan(
    { stream, events, expected }: AppendRequest,
    known: { events: Map<string, StoredIdentity>; revisions: Map<string, bigint> },
    head: bigint,
  ): AppendResult | Error {
    const replay = classifyReplay(stream, events, known.events);
    if (replay !== 'new') return replay;
    const current = known.revisions.get(stream) ?? null;
    const conflict = checkExpectedRevision(stream, expected, current);
    if (conflict) return conflict;
    const base = current ?? -1n;
    return {
      nextRevision: base + BigInt(events.length),
      positions: events.map((_, i) => head + BigInt(i + 1)),
      replayed: false,
    };
  }
}
interface KnownRow {
  kind: string; event_id: string; stream: string; revision: string; position: string; type: string; version: number; data: string;
}

/** Event ids and stream revisions the group touches, as read under the head lock. */
function toKnown(rows: KnownRow[]) {
  const events = new Map<string, StoredIdentity>();
  const revisions = new Map<string, bigint>();
  for (const row of rows) {
    if (row.kind === 'stream') revisions.set(row.stream, BigInt(row.revision));
    else events.set(row.event_id, { eventId: row.event_id, stream: row.stream, revision: BigInt(row.revision),
      position: BigInt(row.position), type: row.type, version: Number(row.version), data: row.data });
  }
  return { events, revisions };
}
