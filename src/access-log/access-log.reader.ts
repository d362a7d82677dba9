/** Who read which member's records (GET /v1/audit/access-log): newest first, keyset pages on the log position. */
import type { ReadModelDb, SqlValue } from '../projections/read-model-db.js';

export interface AccessLogFilters {
  memberId?: string;
  /** the reader: a token subject or a client id */
  subject?: string;
  /** instants (ISO 8601), both included */
  from?: string;
  to?: string;
  /** the last row of the previous page */
  before?: { position: number; memberId: string };
  limit: number;
}

export interface AccessLogRow {
  position: number;
  readAt: string;
  memberId: string;
  reader: { subject: string; clientId: string | null; roles: string[] };
  route: string;
  format: string | null;
  resultCount: number;
}

export async function searchAccessLog(
  db: ReadModelDb,
  f: AccessLogFilters,
): Promise<{ reads: AccessLogRow[]; nextBefore: { position: number; memberId: string } | null }> {
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
    params.push(f.before.position, f.before.memberId);
    const [p, m] = [`$${params.length - 1}`, `$${params.length}`];
    where.push(`(position < ${p} OR (position = ${p} AND member_id < ${m}))`);
  }
  const rows = await db.all<{
    position: string | number;
    read_at: string;
    member_id: string;
    subject: string;
    client_id: string | null;
    roles: string;
    route: string;
    format: string | null;
    result_count: number | string;
  }>(
    `SELECT position, read_at, member_id, subject, client_id, roles, route, format, result_count FROM acl_reads
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY position DESC, member_id DESC LIMIT ${f.limit + 1}`,
    params,
  );
  const reads = rows.slice(0, f.limit).map((r) => ({
    position: Number(r.position),
    readAt: r.read_at,
    memberId: r.member_id,
    reader: { subject: r.subject, clientId: r.client_id, roles: r.roles.split(' ').filter(Boolean) },
    route: r.route,
    format: r.format,
    resultCount: Number(r.result_count),
  }));
  const last = reads[reads.length - 1];
  return { reads, nextBefore: rows.length > f.limit ? { position: last.position, memberId: last.memberId } : null };
}
