/** Auditors' searches over the accounting read model (api.md "Auditor"): disclosures and the breach-assessment queue. */
import type { ReadModelDb, SqlValue } from '../../projections/read-model-db.js';
import { parameters } from '../../projections/sql.js';
import type { DisclosureRow } from '../engine/engine-types.js';
import { totalsOf, type TotalsKey, type TotalsRow } from './totals.js';

export interface DisclosureFilters {
  memberId?: string;
  /** the recipient's name starts with this (case-insensitive), or its id is this or one of `recipientIds` */
  recipient?: string;
  /** ids of business associates whose name or an alias starts with `recipient` (resolved from the register) */
  recipientIds?: string[];
  channel?: string;
  /** a citation or a paragraph it starts with: 164.512(f) finds 164.512(f)(1)(ii)(A); 164.512 finds all of 512 */
  cfr?: string;
  permitted?: boolean;
  accountable?: boolean;
  /** one flag recorded on the disclosure, e.g. BREACH_ASSESSMENT_REQUIRED */
  flag?: string;
  madeBy?: string;
  sourceSystem?: string;
  /** who recorded it: a token subject or a client id */
  recordedBy?: string;
  incidentId?: string;
  /** plan dates of the disclosure's first day */
  from?: string;
  to?: string;
  /** instants: when it was recorded */
  recordedFrom?: string;
  recordedTo?: string;
  /** only what was recorded by this instant, each as it stood then */
  knownAt?: string;
  order?: 'newest' | 'oldest';
  /** the position of the last disclosure of the previous page */
  after?: number;
  limit: number;
}

export type DisclosureHit = DisclosureRow & {
  accountable: boolean;
  recordedBy: { subject: string; clientId: string | null };
  sourceSystem: string | null;
  flags: string[];
};

/** The upper bound of a prefix range: `abc` → `abd` (so `key >= p AND key < next` uses the index). */
const prefixEnd = (p: string) => p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);

/** The filters as WHERE clauses on acc_disclosures `d` (all but knownAt, the order and the page). */
function filterClauses(f: Omit<DisclosureFilters, 'limit'>, p: (value: SqlValue) => string): string[] {
  const where: string[] = [];
  const add = (clause: (n: string) => string, value: SqlValue) => where.push(clause(p(value)));
  if (f.memberId) add((n) => `d.member_id = ${n}`, f.memberId);
  if (f.recipient) {
    const key = f.recipient.toLowerCase();
    const ids = [f.recipient, ...(f.recipientIds ?? [])].map((id) => p(id)).join(', ');
    where.push(
      `((d.recipient_key >= ${p(key)} AND d.recipient_key < ${p(prefixEnd(key))}) OR d.recipient_id IN (${ids}))`,
    );
  }
  if (f.channel) add((n) => `d.channel = ${n}`, f.channel);
  if (f.cfr) add((n) => `(d.cfr = ${n} OR d.cfr LIKE ${n} || '(%')`, f.cfr);
  if (f.permitted !== undefined) add((n) => `d.permitted = ${n}`, f.permitted ? 1 : 0);
  if (f.accountable !== undefined) add((n) => `d.accountable = ${n}`, f.accountable ? 1 : 0);
  // a flag is [A-Z0-9_] (validated); in LIKE its `_` matches any one character, itself included
  if (f.flag) add((n) => `d.flags LIKE ${n}`, `% ${f.flag} %`);
  if (f.madeBy) add((n) => `d.made_by = ${n}`, f.madeBy);
  if (f.sourceSystem) add((n) => `d.source_system = ${n}`, f.sourceSystem);
  if (f.recordedBy) add((n) => `(d.recorded_by = ${n} OR d.recorded_client = ${n})`, f.recordedBy);
  if (f.incidentId)
    add(
      (n) =>
        `EXISTS (SELECT 1 FROM inc_disclosures i WHERE i.incident_id = ${n} AND i.disclosure_id = d.disclosure_id)`,
      f.incidentId,
    );
  if (f.from) add((n) => `d.first_date >= ${n}`, f.from);
  if (f.to) add((n) => `d.first_date <= ${n}`, f.to);
  if (f.recordedFrom) add((n) => `d.recorded_at >= ${n}`, f.recordedFrom);
  if (f.recordedTo) add((n) => `d.recorded_at <= ${n}`, f.recordedTo);
  return where;
}

/** Every filter combinable; newest (or oldest) first, with keyset pagination on the position. */
export async function searchDisclosures(
  db: ReadModelDb,
  f: DisclosureFilters,
): Promise<{ disclosures: DisclosureHit[]; nextAfter: number | null }> {
  const { params, p } = parameters();
  const where = filterClauses(f, p);
  const add = (clause: (n: string) => string, value: SqlValue) => where.push(clause(p(value)));
  const oldest = f.order === 'oldest';
  if (f.after !== undefined) add((n) => (oldest ? `d.position > ${n}` : `d.position < ${n}`), f.after);
  // knownAt: recorded by then, and each disclosure in its latest version as of then (not its current one): a revised
  // disclosure's from its revisions, any other's is its row's
  const [data, revision] = f.knownAt
    ? (() => {
        const k = p(f.knownAt);
        where.push(`d.recorded_at <= ${k}`);
        return [
          'coalesce(r.data, d.data)',
          `LEFT JOIN acc_disclosure_revisions r ON r.member_id = d.member_id AND r.position = (SELECT max(r2.position)
          FROM acc_disclosure_revisions r2 WHERE r2.member_id = d.member_id AND r2.disclosure_id = d.disclosure_id
          AND r2.recorded_at <= ${k})`,
        ];
      })()
    : ['d.data', ''];
  const rows = await db.all<{
    position: string | number;
    accountable: number | boolean;
    recorded_by: string;
    recorded_client: string | null;
    source_system: string | null;
    flags: string;
    data: string;
  }>(
    `SELECT d.position, d.accountable, d.recorded_by, d.recorded_client, d.source_system, d.flags, ${data} AS data
       FROM acc_disclosures d ${revision} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY d.position ${oldest ? 'ASC' : 'DESC'} LIMIT ${f.limit + 1}`,
    params,
  );
  const disclosures = rows.slice(0, f.limit).map((r) => ({
    ...(JSON.parse(r.data) as DisclosureRow),
    accountable: Boolean(Number(r.accountable)),
    recordedBy: { subject: r.recorded_by, clientId: r.recorded_client },
    sourceSystem: r.source_system,
    flags: r.flags.trim().split(' ').filter(Boolean),
  }));
  const last = rows.length > f.limit ? Number(rows[f.limit - 1].position) : null;
  return { disclosures, nextAfter: last };
}

/** What each totals key is of a disclosure row (as the cube keeps it: '' for none, totals.ts `cellOf`). */
const TOTALS_EXPRESSIONS: Record<TotalsKey, string> = {
  month: 'substr(d.first_date, 1, 7)',
  channel: 'd.channel',
  recipient: 'd.recipient_name',
  cfr: "coalesce(d.cfr, '')",
  sourceSystem: "coalesce(d.source_system, '')",
  permitted: 'd.permitted',
};

/**
 * Totals over filters the cube is not kept by (a member, a flag, who recorded it, an incident, days rather than
 * months, …): counted over the disclosures that match, as the search finds them (its indexes narrow the rows; a
 * filter no index serves, such as a flag, counts every current disclosure). Voided disclosures are left out, as in the
 * cube.
 */
export async function totalsOfDisclosures(
  db: ReadModelDb,
  groupBy: TotalsKey[],
  f: Omit<DisclosureFilters, 'limit' | 'knownAt' | 'order' | 'after'>,
): Promise<{ total: number; groups: TotalsRow[] }> {
  const { params, p } = parameters();
  const where = ['d.voided = 0', ...filterClauses(f, p)];
  const columns = groupBy.map((k, i) => `${TOTALS_EXPRESSIONS[k]} AS k${i}`);
  const grouped = groupBy.map((_, i) => `k${i}`);
  const rows = await db.all<Record<string, string | number>>(
    `SELECT ${[...columns, 'count(*) AS n'].join(', ')} FROM acc_disclosures d WHERE ${where.join(' AND ')}
       ${grouped.length ? `GROUP BY ${grouped.join(', ')} ORDER BY n DESC, ${grouped.join(', ')}` : ''}`,
    params,
  );
  return totalsOf(groupBy, rows, (_, i) => `k${i}`);
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
