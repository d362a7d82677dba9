/**
 * The one writer of the PostgreSQL store: group commits. Every commit first locks the single `ledger_head` row,
 * so positions are gap-free and visible in position order across all instances. Runs on the writer thread
 * (postgres-writer.worker.ts, the service's default: its round trips are answered at once instead of waiting
 * behind HTTP work on the event loop) or inline on the store's own connection.
 */
import type pg from 'pg';
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
  type EventSeal,
  type SealingSettings,
} from '../seal.js';
import { quoteIdent } from './pg-schema.js';

export const CHANNEL = 'phi_ledger_appended';

export class PostgresWriter {
  private readonly s: string;
  private readonly sealer: Sealer | null;

  constructor(
    private readonly client: pg.Client,
    schema: string,
    sealing?: SealingSettings | null,
  ) {
    this.s = quoteIdent(schema);
    this.sealer = sealing ? new Sealer(sealing) : null;
  }

  /**
   * Four round trips per group, whatever its size: (1) begin and lock the head row; (2) read the stream
   * revisions and event ids the group touches; (3) insert all rows and move the head; (4) notify and commit.
   */
  async commit(batch: EncodedAppend[]): Promise<Outcome<AppendResult>[]> {
    const w = this.client;
    const [, locked] = (await w.query(
      `BEGIN; SELECT position, chain FROM ${this.s}.ledger_head FOR UPDATE`,
    )) as unknown as pg.QueryResult<{ position: string; chain: string | null }>[];
    try {
      let head = BigInt(locked.rows[0].position);
      const chain = this.sealer ? chainFrom(locked.rows[0].chain) : null;
      const known = await this.loadKnown(batch);
      const recordedAt = new Date().toISOString();
      const rows: string[][] = [[], [], [], [], [], [], [], [], [], []];
      const written: EnvelopeFields[] = [];
      const outcomes = batch.map((request): Outcome<AppendResult> => {
        const planned = this.plan(request, known, head);
        if (planned instanceof Error) return { ok: false, error: planned };
        if (!planned.replayed) {
          request.events.forEach((event, i) => {
            const revision = planned.nextRevision - BigInt(request.events.length - 1 - i);
            const position = planned.positions[i];
            const values = [
              position.toString(),
              request.stream,
              revision.toString(),
              event.eventId,
              event.type,
              String(event.version),
              recordedAt,
              event.recordedBy,
              event.correlationId,
              event.data,
            ];
            values.forEach((v, c) => rows[c].push(v));
            if (this.sealer)
              written.push(envelopeOfEncoded(event, { position, stream: request.stream, revision, recordedAt }));
            known.events.set(event.eventId, {
              eventId: event.eventId,
              stream: request.stream,
              revision,
              position,
              type: event.type,
              version: event.version,
              data: event.data,
            });
          });
          known.revisions.set(request.stream, planned.nextRevision);
          head = planned.positions[planned.positions.length - 1];
        }
        return { ok: true, value: planned };
      });
      const sealed = this.sealer && chain ? this.sealer.sealCommit(chain, written) : null;
      await this.insertRows(rows, head, sealed);
      await w.query(`NOTIFY ${CHANNEL}; COMMIT`);
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
  private async insertRows(
    columns: string[][],
    head: bigint,
    sealed: { position: bigint; chain: Buffer; seal: EventSeal } | null,
  ): Promise<void> {
    const count = columns[0].length;
    if (count === 0) return;
    for (let start = 0; start < count; start += 1000) {
      const n = Math.min(1000, count - start);
      const last = start + n >= count;
      const values: string[] = [];
      const tuples: string[] = [];
      for (let r = start; r < start + n; r++) {
        const b = values.length;
        tuples.push(
          `($${b + 1}::bigint,$${b + 2},$${b + 3}::bigint,$${b + 4},$${b + 5},$${b + 6}::int,$${b + 7},$${b + 8},$${b + 9},$${b + 10})`,
        );
        for (let c = 0; c < 10; c++) values.push(columns[c][r]);
      }
      const insert = `INSERT INTO ${this.s}.events (${EVENT_COLUMNS}) VALUES ${tuples.join(',')}`;
      if (!last) {
        await this.client.query({ text: insert, values });
        continue;
      }
      // the last statement also moves the head and, when sealing, writes the seal and the chain head
      const p = values.length;
      values.push(head.toString());
      let text = `WITH inserted AS (${insert} RETURNING 1) UPDATE ${this.s}.ledger_head SET position = $${p + 1}`;
      if (sealed) {
        const { seal } = sealed;
        values.push(sealed.position.toString(), seal.chain, seal.signature, seal.kind);
        text = `WITH inserted AS (${insert} RETURNING 1),
          sealed AS (INSERT INTO ${this.s}.event_seals (position, chain, signature, kind) VALUES ($${p + 2}::bigint, $${p + 3}, $${p + 4}, $${p + 5}) RETURNING 1)
          UPDATE ${this.s}.ledger_head SET position = $${p + 1}, chain = $${p + 3}`;
      }
      const name = n <= 64 ? `phi-ledger-append-${sealed ? 'sealed-' : ''}${n}` : undefined;
      await this.client.query({ text, values, ...(name ? { name } : {}) });
    }
  }

  /**
   * A log that holds events but no seal chain yet (written before sealing began) is adopted when a sealing store opens
   * it, once, under the head lock: chained over all it holds and sealed as `adopted` at its head (seal.ts).
   */
  async adopt(): Promise<bigint | null> {
    if (!this.sealer) return null;
    const w = this.client;
    const [, locked] = (await w.query(
      `BEGIN; SELECT position, chain FROM ${this.s}.ledger_head FOR UPDATE`,
    )) as unknown as pg.QueryResult<{ position: string; chain: string | null }>[];
    try {
      const head = BigInt(locked.rows[0].position);
      if (head === 0n || locked.rows[0].chain !== null) {
        await w.query('COMMIT');
        return null;
      }
      let chain = chainFrom(null);
      for (let after = 0n; after < head;) {
        const { rows } = await w.query<EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events WHERE position > $1 ORDER BY position LIMIT 1000`,
          [after.toString()],
        );
        chain = extendChain(chain, rows.map(envelopeOfRow));
        after = BigInt(rows[rows.length - 1].position);
      }
      const seal = this.sealer.seal(head, chain, 'adopted');
      await w.query(`INSERT INTO ${this.s}.event_seals (position, chain, signature, kind) VALUES ($1, $2, $3, $4);`, [
        head.toString(),
        seal.chain,
        seal.signature,
        seal.kind,
      ]);
      await w.query(`UPDATE ${this.s}.ledger_head SET chain = $1`, [seal.chain]);
      await w.query('COMMIT');
      return head;
    } catch (error) {
      await w.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * Event ids and stream revisions the group touches, read under the head lock: one index lookup per id and per
   * stream (unnest + LATERAL … OFFSET 0), whatever the table's statistics. Written as `stream = ANY($2) GROUP BY
   * stream`, a young table without statistics was planned as a sequential scan of the whole log in every commit,
   * growing with the log (docs/benchmarks.md). (Not a prepared statement: PostgreSQL's generic plan for it is
   * slower than a fresh one.)
   */
  private async loadKnown(batch: EncodedAppend[]) {
    const { rows } = await this.client.query<KnownRow>({
      text: `SELECT 'event' AS kind, e.event_id, e.stream, e.revision, e.position, e.type, e.version, e.data
               FROM unnest($1::text[]) AS q(event_id)
               CROSS JOIN LATERAL (SELECT * FROM ${this.s}.events x WHERE x.event_id = q.event_id OFFSET 0) e
             UNION ALL
             SELECT 'stream', NULL, q.stream, r.revision, NULL, NULL, NULL, NULL
               FROM unnest($2::text[]) AS q(stream)
               CROSS JOIN LATERAL (SELECT max(x.revision) AS revision FROM ${this.s}.events x WHERE x.stream = q.stream OFFSET 0) r
              WHERE r.revision IS NOT NULL`,
      values: [batch.flatMap((r) => r.events.map((e) => e.eventId)), [...new Set(batch.map((r) => r.stream))]],
    });
    return toKnown(rows);
  }

  private plan(
    { stream, events, expected }: EncodedAppend,
    known: { events: Map<string, StoredIdentity>; revisions: Map<string, bigint> },
    head: bigint,
  ): AppendResult | Error {
    const replay = classifyReplay(stream, events, known.events, (event) => event.data);
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
  kind: string;
  event_id: string;
  stream: string;
  revision: string;
  position: string;
  type: string;
  version: number;
  data: string;
}

/** Event ids and stream revisions the group touches, as read under the head lock. */
function toKnown(rows: KnownRow[]) {
  const events = new Map<string, StoredIdentity>();
  const revisions = new Map<string, bigint>();
  for (const row of rows) {
    if (row.kind === 'stream') revisions.set(row.stream, BigInt(row.revision));
    else
      events.set(row.event_id, {
        eventId: row.event_id,
        stream: row.stream,
        revision: BigInt(row.revision),
        position: BigInt(row.position),
        type: row.type,
        version: Number(row.version),
        data: row.data,
      });
  }
  return { events, revisions };
}
