/**
 * The one writer of the SQLite event store: group commits in one BEGIN IMMEDIATE transaction, each append inside
 * its own SAVEPOINT so that a failing one leaves the others intact. Runs on the writer thread
 * (sqlite-writer.worker.ts; the service's default, so that the fsync of each commit never stalls the event
 * loop) or inline on the caller's thread. Requests arrive already serialised (`EncodedAppend`).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { checkExpectedRevision, classifyReplay, type StoredIdentity } from '../append-rules.js';
import type { EncodedAppend } from '../encoded-append.js';
import type { AppendResult } from '../event-store.port.js';
import type { Outcome } from '../group-commit.js';
import { EVENT_COLUMNS, type EventRow } from '../row-mapping.js';
import {
  chainFrom,
  envelopeOfEncoded,
  envelopeOfRow,
  extendChain,
  Sealer,
  type EnvelopeFields,
  type SealingSettings,
} from '../seal.js';

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
);
-- seal.ts: the writer's signed hash chain, one row at the last position of each commit
CREATE TABLE IF NOT EXISTS event_seals (
  position  INTEGER PRIMARY KEY,
  chain     TEXT    NOT NULL,
  signature TEXT    NOT NULL,
  kind      TEXT    NOT NULL
);`;

/**
 * Pages the WAL may hold before a commit copies them into the database file (SQLite's default is 1,000: 4 MB). A
 * checkpoint writes each page changed since the last one once, however many commits changed it, so a larger WAL
 * copies the log's and read models' randomly keyed index pages far fewer times: measured here 25% less CPU per row
 * (and 35% less wall time) for inserts into random-key indexes (docs/benchmarks.md). The WAL file then grows to
 * ~64 MB and stays there (docs/operations.md); durability is unchanged (every commit is in the WAL, fsynced under
 * synchronous=FULL, before it is acknowledged).
 */
export const WAL_AUTOCHECKPOINT_PAGES = 16_384;

/** WAL, synchronous=FULL (an acknowledged append survives power loss), the events table. For every connection. */
export function openLedgerDb(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma('busy_timeout = 10000');
  db.exec(SCHEMA);
  db.defaultSafeIntegers(true);
  return db;
}

export class SqliteWriter {
  private readonly stmt;
  private readonly sealer: Sealer | null;

  constructor(
    private readonly db: Database.Database,
    sealing?: SealingSettings | null,
  ) {
    this.sealer = sealing ? new Sealer(sealing) : null;
    this.stmt = {
      lastSeal: db.prepare('SELECT position, chain FROM event_seals ORDER BY position DESC LIMIT 1'),
      insertSeal: db.prepare('INSERT INTO event_seals (position, chain, signature, kind) VALUES (?, ?, ?, ?)'),
      page: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT 1000`),
      head: db.prepare('SELECT coalesce(max(position), 0) AS head FROM events').pluck(),
      streamRevision: db.prepare('SELECT max(revision) FROM events WHERE stream = ?').pluck(),
      byEventId: db.prepare(
        'SELECT event_id, stream, revision, position, type, version, data FROM events WHERE event_id = ?',
      ),
      insert: db.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      savepoint: db.prepare('SAVEPOINT append'),
      release: db.prepare('RELEASE append'),
      rollbackTo: db.prepare('ROLLBACK TO append'),
    };
  }

  /** One transaction for the whole group; a throw (disk full, I/O error) fails all of it and stores nothing. */
  commit(batch: EncodedAppend[]): Outcome<AppendResult>[] {
    const outcomes: Outcome<AppendResult>[] = [];
    this.stmt.begin.run();
    try {
      let head = this.stmt.head.get() as bigint;
      const chain = this.sealer ? this.chainHead() : null;
      const recordedAt = new Date().toISOString();
      const written: EnvelopeFields[] = [];
      for (const request of batch) {
        // A refused append changes nothing, the others of the group go on. An append of several events is undone as a
        // whole by its savepoint; one event is one INSERT, the append's last step, which SQLite undoes by itself when
        // it fails (a statement is atomic): two statements fewer per append, most appends being one event.
        const several = request.events.length > 1;
        if (several) this.stmt.savepoint.run();
        const mark = written.length;
        try {
          const result = this.appendOne(request, head, recordedAt, written);
          if (several) this.stmt.release.run();
          if (!result.replayed) head = result.positions[result.positions.length - 1];
          outcomes.push({ ok: true, value: result });
        } catch (error) {
          // an I/O error or a full disk may have rolled the whole transaction back: then the group fails (below)
          if (!this.db.inTransaction) throw error;
          if (several) {
            this.stmt.rollbackTo.run();
            this.stmt.release.run();
          }
          written.length = mark;
          outcomes.push({ ok: false, error });
        }
      }
      const sealed = this.sealer && chain ? this.sealer.sealCommit(chain, written) : null;
      if (sealed) this.insertSeal(sealed.position, sealed.seal);
      this.stmt.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
    return outcomes;
  }

  /** The chain at the last seal, read under the write lock (genesis before the first). */
  private chainHead(): Buffer {
    const last = this.stmt.lastSeal.get() as { chain: string } | undefined;
    return chainFrom(last?.chain);
  }

  /**
   * A log that holds events but no seal yet (written before sealing began) is adopted when a sealing store opens it,
   * once: chained over all it holds and sealed as `adopted` at its head (seal.ts). Returns the position adopted.
   */
  adopt(): bigint | null {
    if (!this.sealer) return null;
    const sealer = this.sealer;
    return this.db
      .transaction(() => {
        const head = this.stmt.head.get() as bigint;
        if (head === 0n || this.stmt.lastSeal.get()) return null;
        let chain = chainFrom(null);
        for (let after = 0n; after < head;) {
          const rows = this.stmt.page.all(after) as EventRow[];
          chain = extendChain(chain, rows.map(envelopeOfRow));
          after = BigInt(rows[rows.length - 1].position);
        }
        this.insertSeal(head, sealer.seal(head, chain, 'adopted'));
        return head;
      })
      .immediate();
  }

  private insertSeal(position: bigint, seal: { chain: string; signature: string; kind: string }): void {
    this.stmt.insertSeal.run(position, seal.chain, seal.signature, seal.kind);
  }

  private appendOne(
    { stream, events, expected }: EncodedAppend,
    head: bigint,
    recordedAt: string,
    written: EnvelopeFields[],
  ): AppendResult {
    const stored = new Map<string, StoredIdentity>();
    for (const event of events) {
      const row = this.stmt.byEventId.get(event.eventId) as (StoredIdentity & { event_id: string }) | undefined;
      if (row) stored.set(event.eventId, { ...row, eventId: row.event_id, version: Number(row.version) });
    }
    const replay = classifyReplay(stream, events, stored, (event) => event.data);
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
      // before the INSERT, which must be the append's last step that can fail (see commit)
      const envelope = this.sealer ? envelopeOfEncoded(event, { position: head, stream, revision, recordedAt }) : null;
      this.stmt.insert.run(
        head,
        stream,
        revision,
        event.eventId,
        event.type,
        event.version,
        recordedAt,
        event.recordedBy,
        event.correlationId,
        event.data,
      );
      positions.push(head);
      if (envelope) written.push(envelope);
    }
    return { nextRevision: revision, positions, replayed: false };
  }
}
