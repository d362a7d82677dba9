/** Who read which member's records (GET /v1/audit/access-log): newest first, keyset pages on the log position. */
import type { ReadModelDb, SqlValue } from '../projections/read-model-db.js';
import type { Before } from '../projections/sql.js';

export interface AccessLogFilters {
  memberId?: string;
  /** the reader: a token subject or a client id */
  subject?: string;
  /** instants (ISO 8601), both included */
  from?: string;
  to?: string;
  /** the last row of the previous page */
  before?: { position: number; seq: number; memberId: string };
  limit: number;
}

export interface AccessLogRow {
  position: number;
  /** the read's number in the batch event that recorded it */
  seq: number;
  readAt: string;
  memberId: string;
  reader: { subject: string; clientId: string | null; roles: string[] };
  route: string;
  format: string | null;
  resultCount: number;
}

const READ_COLUMNS = 'position, seq, read_at, member_id, subject, client_id, roles, route, format, result_count';

interface ReadRecord {
  position: string | number;
  seq: string | number;
  read_at: string;
  member_id: string;
  subject: string;
  client_id: string | null;
  roles: string;
  route: string;
  format: string | null;
  result_count: number | string;
}

const toRow = (r: ReadRecord): AccessLogRow => ({
  position: Number(r.position),
  seq: Number(r.seq),
  readAt: r.read_at,
  memberId: r.member_id,
  reader: { subject: r.subject, clientId: r.client_id, roles: r.roles.split(' ').filter(Boolean) },
  route: r.route,
  format: r.format,
  resultCount: Number(r.result_count),
});

export async function searchAccessLog(
  db: ReadModelDb,
  f: AccessLogFilters,
): Promise<{ reads: AccessLogRow[]; nextBefore: { position: number; seq: number; memberId: string } | null }> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (clause: (n: string) => string, value: SqlValue) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (f.memberId) add((n) => `member_id = ${n}`, f.memberId);
  if (f.subject) add((n) => `(subject = ${n} OR client_id = ${n})`, f.subject);
  if (f.from) add((n) => `read_at >= ${n}`, f.from);
  if (f.to) add((n) => `read_at <= ${n}`, f.to);
  if (f.before !== undefined) {
    params.push(f.before.position, f.before.seq, f.before.memberId);
    const [p, s, m] = [`$${params.length - 2}`, `$${params.length - 1}`, `$${params.length}`];
    where.push(`(position < ${p} OR (position = ${p} AND (seq < ${s} OR (seq = ${s} AND member_id < ${m}))))`);
  }
  const rows = await db.all<ReadRecord>(
    `SELECT ${READ_COLUMNS} FROM acl_reads ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY position DESC, seq DESC, member_id DESC LIMIT ${f.limit + 1}`,
    params,
  );
  const reads = rows.slice(0, f.limit).map(toRow);
  const last = reads[reads.length - 1];
  return {
    reads,
    nextBefore: rows.length > f.limit ? { position: last.position, seq: last.seq, memberId: last.memberId } : null,
  };
}

/**
 * Reads of one member's records between two instants (`from` included, `until` excluded), newest first, for the
 * member's access report; `before` is a keyset bound on (read_at, position) as in access-report/uses.reader.ts.
 */
export async function readsOfMember(
  db: ReadModelDb,
  q: {
    memberId: string;
    from: string;
    until: string;
    before: Before | null;
    limit: number;
  },
): Promise<AccessLogRow[]> {
  const params: SqlValue[] = [q.memberId, q.from, q.until];
  let bound = '';
  if (q.before) {
    params.push(q.before.at);
    if (q.before.sameAtIncluded) bound = `AND read_at <= $4`;
    else {
      params.push(q.before.position, q.before.seq);
      bound = 'AND (read_at < $4 OR (read_at = $4 AND (position < $5 OR (position = $5 AND seq < $6))))';
    }
  }
  const rows = await db.all<ReadRecord>(
    `SELECT ${READ_COLUMNS} FROM acl_reads WHERE member_id = $1 AND read_at >= $2 AND read_at < $3 ${bound}
       ORDER BY read_at DESC, position DESC, seq DESC LIMIT ${q.limit}`,
    params,
  );
  return rows.map(toRow);
}
