/** Auditors' searches over the accounting read model (api.md "Auditor"): disclosures and the breach-assessment queue. */
import type { ReadModelDb, SqlValue } from '../../projections/read-model-db.js';
import type { DisclosureRow } from '../engine/engine-types.js';
import { DISCLOSURES_WITH_DATA } from './accounting-schema.js';

export interface DisclosureFilters {
  memberId?: string;
  /** recipient name contains (case-insensitive) */
  recipient?: string;
  channel?: string;
  /** a citation or a paragraph it starts with: 164.512(f) finds 164.512(f)(1)(ii)(A) */
  cfr?: string;
  permitted?: boolean;
  /** plan dates of the disclosure's first day */
  from?: string;
  to?: string;
  /** the position of the last disclosure of the previous page (newest first) */
  before?: number;
  limit: number;
}

export type DisclosureHit = DisclosureRow & { accountable: boolean };

/** Newest first, with keyset pagination on the position. */
export async function searchDisclosures(
  db: ReadModelDb,
  f: DisclosureFilters,
): Promise<{ disclosures: DisclosureHit[]; nextBefore: number | null }> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (clause: (n: string) => string, value: SqlValue) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (f.memberId) add((n) => `d.member_id = ${n}`, f.memberId);
  if (f.recipient)
    add((n) => `lower(d.recipient_name) LIKE ${n}`, `%${f.recipient.toLowerCase().replace(/[%_]/g, '')}%`);
  if (f.channel) add((n) => `d.channel = ${n}`, f.channel);
  if (f.cfr) add((n) => `(d.cfr = ${n} OR d.cfr LIKE ${n} || '(%')`, f.cfr);
  if (f.permitted !== undefined) add((n) => `d.permitted = ${n}`, f.permitted ? 1 : 0);
  if (f.from) add((n) => `d.first_date >= ${n}`, f.from);
  if (f.to) add((n) => `d.first_date <= ${n}`, f.to);
  if (f.before !== undefined) add((n) => `d.position < ${n}`, f.before);
  const rows = await db.all<{ position: string | number; accountable: number | boolean; data: string }>(
    `SELECT d.position, d.accountable, r.data FROM ${DISCLOSURES_WITH_DATA} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY d.position DESC LIMIT ${f.limit + 1}`,
    params,
  );
  const disclosures = rows
    .slice(0, f.limit)
    .map((r) => ({ ...(JSON.parse(r.data) as DisclosureRow), accountable: Boolean(Number(r.accountable)) }));
  return { disclosures, nextBefore: rows.length > f.limit ? disclosures[disclosures.length - 1].position : null };
}

export interface BreachAssessment {
  disclosureId: string;
  memberId: string;
  position: number;
  flaggedAt: string;
  status: string;
  reasons: string[];
}

/** Impermissible disclosures awaiting a breach assessment (164.402) and in no incident yet, oldest first. */
export async function openBreachAssessments(db: ReadModelDb): Promise<BreachAssessment[]> {
  const rows = await db.all<{
    disclosure_id: string;
    member_id: string;
    position: string | number;
    recorded_at: string;
    status: string;
    reasons: string;
  }>(
    // a disclosure grouped into an incident (incidents.projection.ts) is the incident's work now
    `SELECT a.disclosure_id, a.member_id, a.position, a.recorded_at, a.status, a.reasons FROM acc_breach_assessments a
      WHERE a.status = 'open' AND NOT EXISTS (SELECT 1 FROM inc_disclosures i WHERE i.disclosure_id = a.disclosure_id)
      ORDER BY a.position`,
  );
  return rows.map((r) => ({
    disclosureId: r.disclosure_id,
    memberId: r.member_id,
    position: Number(r.position),
    flaggedAt: r.recorded_at,
    status: r.status,
    reasons: JSON.parse(r.reasons) as string[],
  }));
}
