/**
 * The access log as a read model: one row per member per read (events/access-log.events.ts: a read names one or
 * more members), newest first by position, searchable by member, by reader (token subject or client) and by time.
 */
import type { StoredEvent } from '../event-store/event-store.port.js';
import { ACCESS_LOG_STREAM_PREFIX, type RecordsRead } from '../events/access-log.events.js';
import type { Projection } from '../projections/projection.js';
import type { SqlTx } from '../projections/read-model-db.js';
import { insertMany } from '../projections/sql.js';

export const ACCESS_LOG_PROJECTION = 'access-log';

const COLUMNS = [
  'position',
  'read_at',
  'member_id',
  'subject',
  'client_id',
  'roles',
  'route',
  'format',
  'result_count',
];

export const accessLogProjection: Projection = {
  name: ACCESS_LOG_PROJECTION,
  schema: [
    `CREATE TABLE IF NOT EXISTS acl_reads (
       position BIGINT NOT NULL, member_id TEXT NOT NULL, read_at TEXT NOT NULL, subject TEXT NOT NULL,
       client_id TEXT, roles TEXT NOT NULL, route TEXT NOT NULL, format TEXT, result_count INTEGER NOT NULL,
       PRIMARY KEY (position, member_id))`,
    'CREATE INDEX IF NOT EXISTS acl_reads_member ON acl_reads (member_id, position)',
    'CREATE INDEX IF NOT EXISTS acl_reads_subject ON acl_reads (subject, position)',
    'CREATE INDEX IF NOT EXISTS acl_reads_client ON acl_reads (client_id, position)',
  ],
  tables: ['acl_reads'],

  async apply(tx: SqlTx, events: StoredEvent[]): Promise<void> {
    const rows = events
      .filter((e) => e.type === 'RecordsRead' && e.stream.startsWith(ACCESS_LOG_STREAM_PREFIX))
      .flatMap((e) => {
        const d = e.data as RecordsRead;
        return d.members.map((m) => [
          e.position,
          d.readAt,
          m.memberId,
          e.recordedBy.subject,
          e.recordedBy.clientId ?? null,
          d.roles.join(' '),
          d.route,
          d.format,
          m.resultCount,
        ]);
      });
    if (rows.length > 0) await insertMany(tx, 'acl_reads', COLUMNS, rows);
  },
};
