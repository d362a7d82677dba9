/**
 * Embedded default store: one SQLite file, WAL, synchronous=FULL (an acknowledged append survives power loss),
 * one writer connection, BEGIN IMMEDIATE. Appends that arrive in the same event-loop turn are group-committed in
 * one transaction; each append runs inside its own SAVEPOINT so a failing one leaves the others intact.
 * Global position = the row's INTEGER PRIMARY KEY, assigned max+1 under the write lock (gap-free).
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { checkExpectedRevision, classifyReplay, serializeData, type StoredIdentity } from '../append-rules.js';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, StoredEvent } from '../event-store.port.js';
import { GroupCommitQueue, type Outcome } from '../group-commit.js';
import { serializeRecordedBy, toStoredEvent, type EventRow } from '../row-mapping.js';

interface AppendRequest {
  stream: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY,
  stream         TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  event_id       TEXT    NOT NULL UNIQUE,
  type           TEXT    NOT NULL,
  version        INTEGER NOT NULL,
  recorded_at    TEXT    NOT NULL,
  recorded_by    TEXT    NOT NULL,
  correlation_id TEXT    NOT NULL,
  data           TEXT    NOT NULL,
  UNIQUE (stream, revision)
);`;

const COLUMNS = 'position, stream, revision, event_id, type, version, recorded_at, recorded_by, correlation_id, data';

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly queue: GroupCommitQueue<AppendRequest, AppendResult>;
  private readonly stmt;

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    this.db.defaultSafeIntegers(true);
    this.stmt = {
      head: this.db.prepare('SELECT coalesce(max(position), 0) AS head FROM events').pluck(),
      streamRevision: this.db.prepare('SELECT max(revision) FROM events WHERE stream = ?').pluck(),
      byEventId: this.db.prepare(
        'SELECT event_id, stream, revision, position, type, version, data FROM events WHERE event_id = ?',
      ),
      insert: this.db.prepare(`INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      streamOf: this.db.prepare('SELECT stream FROM events WHERE event_id = ?').pluck(),
      readStream: this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision`),
      readAll: this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
      savepoint: this.db.prepare('SAVEPOINT append'),
      release: this.db.prepare('RELEASE append'),
      rollbackTo: this.db.prepare('ROLLBACK TO append'),
    };
    this.queue = new GroupCommitQueue((batch) => this.commitBatch(batch));
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    return this.queue.submit({ stream, events, expected });
  }

  async readStream(stream: string, fromRevision = 0n): Promise<StoredEvent[]> {
    return (this.stmt.readStream.all(stream, fromRevision) as EventRow[]).map(toStoredEvent);
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
    this.db.close();
  }

  private commitBatch(batch: AppendRequest[]): Outcome<AppendResult>[] {
    const outcomes: Outcome<AppendResult>[] = [];
    this.db.exec('BEGIN IMMEDIATE');
    try {
      let head = this.stmt.head.get() as bigint;
      const recordedAt = new Date().toISOString();
      for (const request of batch) {
        this.stmt.savepoint.run();
        try {
          const result = this.appendOne(request, head, recordedAt);
          this.stmt.release.run();
          if (!result.replayed) head = result.positions[result.positions.length - 1];
          outcomes.push({ ok: true, value: result });
        } catch (error) {
          this.stmt.rollbackTo.run();
          this.stmt.release.run();
          outcomes.push({ ok: false, error });
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
    this.appended.emit('appended');
    return outcomes;
  }

  private appendOne({ stream, events, expected }: AppendRequest, head: bigint, recordedAt: string): AppendResult {
    const stored = new Map<string, StoredIdentity>();
    for (const event of events) {
      const row = this.stmt.byEventId.get(event.eventId) as (StoredIdentity & { event_id: string }) | undefined;
      if (row) stored.set(event.eventId, { ...row, eventId: row.event_id, version: Number(row.version) });
    }
    const replay = classifyReplay(stream, events, stored);
    if (replay instanceof Error) throw replay;
    if (replay !== 'new') return replay;
    const current = (this.stmt.streamRevision.get(stream) as bigint | null) ?? null;
    const conflict = checkExpectedRevision(stream, expected, current);
    if (conflict) throw conflict;
    let revision = current ?? -1n;
    const positions: bigint[] = [];
    for (const event of events) {
      revision += 1n;
      head += 1n;
      this.stmt.insert.run(
        head,
        stream,
        revision,
        event.eventId,
        event.type,
        event.version ?? 1,
        recordedAt,
        serializeRecordedBy(event.recordedBy),
        event.correlationId,
        serializeData(event.data),
      );
      positions.push(head);
    }
    return { nextRevision: revision, positions, replayed: false };
  }
}
