/** Reads of the uses read model (uses.projection.ts): a member's uses for the access report, and snooping findings. */
import type { ReadModelDb } from '../projections/read-model-db.js';
import { parameters, type Before } from '../projections/sql.js';
import type { SnoopingRule } from './snooping.js';

export interface UseRow {
  position: number;
  useId: string;
  memberId: string;
  occurredAt: string;
  planDay: string;
  actor: { id: string; name: string; role: string };
  action: string;
  description: string;
  purposeOfUse: string | null;
  sourceSystem: string | null;
  context: { kind: string; id: string } | null;
  afterHours: boolean;
}

interface UseRecord {
  position: string | number;
  use_id: string;
  member_id: string;
  occurred_at: string;
  plan_day: string;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  action: string;
  description: string;
  purpose_of_use: string | null;
  source_system: string | null;
  context_kind: string | null;
  context_id: string | null;
  after_hours: number | boolean;
}

const USE_SELECT = `SELECT position, use_id, member_id, occurred_at, plan_day, actor_id, actor_name, actor_role, action,
  description, purpose_of_use, source_system, context_kind, context_id, after_hours FROM use_events`;

const toUse = (r: UseRecord): UseRow => ({
  position: Number(r.position),
  useId: r.use_id,
  memberId: r.member_id,
  occurredAt: r.occurred_at,
  planDay: r.plan_day,
  actor: { id: r.actor_id, name: r.actor_name, role: r.actor_role },
  action: r.action,
  description: r.description,
  purposeOfUse: r.purpose_of_use,
  sourceSystem: r.source_system,
  context: r.context_kind && r.context_id ? { kind: r.context_kind, id: r.context_id } : null,
  afterHours: Boolean(Number(r.after_hours)),
});

/** A member's uses between two instants (UTC ISO, `from` included, `until` excluded), newest first. */
export async function usesOfMember(
  db: ReadModelDb,
  q: { memberId: string; from: string; until: string; before: Before | null; limit: number },
): Promise<UseRow[]> {
  const { params, p } = parameters();
  const where = [`member_id = ${p(q.memberId)}`, `occurred_at >= ${p(q.from)}`, `occurred_at < ${p(q.until)}`];
  if (q.before) {
    const at = p(q.before.at);
    where.push(
      q.before.sameAtIncluded
        ? `occurred_at <= ${at}`
        : `(occurred_at < ${at} OR (occurred_at = ${at} AND position < ${p(q.before.position)}))`,
    );
  }
  const rows = await db.all<UseRecord>(
    `${USE_SELECT} WHERE ${where.join(' AND ')} ORDER BY occurred_at DESC, position DESC LIMIT ${q.limit}`,
    params,
  );
  return rows.map(toUse);
}

export interface Finding {
  findingId: string;
  rule: SnoopingRule;
  position: number;
  memberId: string | null;
  actor: { id: string; name: string };
  day: string;
  at: string;
  /** the distinct members behind it (AFTER_HOURS_BULK), else 1 */
  members: number;
}

export interface FindingFilters {
  rule?: SnoopingRule;
  actorId?: string;
  memberId?: string;
  /** plan days, both included */
  from?: string;
  to?: string;
  /** the position of the last finding of the previous page */
  before?: number;
  limit: number;
}

/** Findings newest first (by the position of the use that raised them). */
export async function searchFindings(db: ReadModelDb, f: FindingFilters): Promise<Finding[]> {
  const { params, p } = parameters();
  const where: string[] = [];
  if (f.rule) where.push(`rule = ${p(f.rule)}`);
  if (f.actorId) where.push(`actor_id = ${p(f.actorId)}`);
  if (f.memberId) where.push(`member_id = ${p(f.memberId)}`);
  if (f.from) where.push(`plan_day >= ${p(f.from)}`);
  if (f.to) where.push(`plan_day <= ${p(f.to)}`);
  if (f.before !== undefined) where.push(`position < ${p(f.before)}`);
  const rows = await db.all<{
    finding_id: string;
    rule: SnoopingRule;
    position: string | number;
    member_id: string | null;
    actor_id: string;
    actor_name: string;
    plan_day: string;
    occurred_at: string;
    members: string | number;
  }>(
    `SELECT finding_id, rule, position, member_id, actor_id, actor_name, plan_day, occurred_at, members
       FROM use_findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY position DESC, finding_id DESC LIMIT ${f.limit}`,
    params,
  );
  return rows.map((r) => ({
    findingId: r.finding_id,
    rule: r.rule,
    position: Number(r.position),
    memberId: r.member_id,
    actor: { id: r.actor_id, name: r.actor_name },
    day: r.plan_day,
    at: r.occurred_at,
    members: Number(r.members),
  }));
}

/** How many uses behind one finding are listed with it (the rest are in the access reports of their members). */
export const USES_PER_FINDING = 1000;

/** The uses behind a finding: its own use, or the actor's after-hours uses of the day. */
export async function usesBehind(db: ReadModelDb, finding: Finding): Promise<UseRow[]> {
  if (finding.rule !== 'AFTER_HOURS_BULK')
    return (await db.all<UseRecord>(`${USE_SELECT} WHERE position = $1`, [finding.position])).map(toUse);
  const rows = await db.all<UseRecord>(
    `${USE_SELECT} WHERE actor_id = $1 AND plan_day = $2 AND after_hours = 1 ORDER BY position LIMIT ${USES_PER_FINDING}`,
    [finding.actor.id, finding.day],
  );
  return rows.map(toUse);
}
