/**
 * The access log as a read model: one row per member per read (events/access-log.events.ts: a read names one or
 * more members; a `ReadsRecorded` event holds a batch of reads, `seq` numbering them), newest first by position,
 * searchable by member, by reader (token subject or client) and by time.
 */
import type { StoredEvent } from '../event-store/event-store.port.js';
import {
  ACCESS_LOG_STREAM_PREFIX,
  type ReadsRecorded,
  type RecordedRead,
  type RecordsRead,
} from '../events/access-log.events.js';
import type { Projection } from '../projections/projection.js';
import type { SqlTx, SqlValue } from '../projections/read-model-db.js';
import { insertMany } from '../projections/sql.js';

export const ACCESS_LOG_PROJECTION = 'access-log';

const COLUMNS = [
  'position',
  'seq',
  'read_at',
  'member_id',
  'subject',
  'client_id',
  'roles',
  'route',
  'format',
  'result_count',
];

/** The reads an event holds: a batch (ReadsRecorded), or one read whose reader is the event's (RecordsRead, v1). */
function readsOf(e: StoredEvent): RecordedRead[] {
  if (e.type === 'ReadsRecorded') return (e.data as ReadsRecorded).reads;
  const d = e.data as RecordsRead;
  return [
    {
      ...d,
      reader: { subject: e.recordedBy.subject, clientId: e.recordedBy.clientId ?? null },
      correlationId: e.correlationId,
    },
  ];
}

export const accessLogProjection: Projection = {
  name: ACCESS_LOG_PROJECTION,
  /** 2: a row per member per read of a batch event (`seq`); reads were one event each before */
  version: 2,
  schema: [
    `CREATE TABLE IF NOT EXISTS acl_reads (
       position BIGINT NOT NULL, seq INTEGER NOT NULL, member_id TEXT NOT NULL, read_at TEXT NOT NULL,
       subject TEXT NOT NULL, client_id TEXT, roles TEXT NOT NULL, route TEXT NOT NULL, format TEXT,
       result_count INTEGER NOT NULL, PRIMARY KEY (position, seq, member_id))`,
  ],
  queryIndexes: [
    'CREATE INDEX IF NOT EXISTS acl_reads_member ON acl_reads (member_id, position)',
    'CREATE INDEX IF NOT EXISTS acl_reads_subject ON acl_reads (subject, position)',
    'CREATE INDEX IF NOT EXISTS acl_reads_client ON acl_reads (client_id, position)',
  ],
  tables: ['acl_reads'],

  async apply(tx: SqlTx, events: StoredEvent[]): Promise<void> {
    const rows: SqlValue[][] = [];
    for (const e of events) {
      if ((e.type !== 'ReadsRecorded' && e.type !== 'RecordsRead') || !e.stream.startsWith(ACCESS_LOG_STREAM_PREFIX))
        continue;
      readsOf(e).forEach((read, seq) => {
        for (const m of read.members)
          rows.push([
            e.position,
            seq,
            read.readAt,
            m.memberId,
            read.reader.subject,
            read.reader.clientId,
            read.roles.join(' '),
            read.route,
            read.format,
            m.resultCount,
          ]);
      });
    }
    if (rows.length > 0) await insertMany(tx, 'acl_reads', COLUMNS, rows);
  },
};
