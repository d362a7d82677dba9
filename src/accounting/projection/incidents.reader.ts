/**
 * Reads of the incidents read model (incidents.projection.ts), joined with the accounting read model's disclosures
 * (a voided disclosure leaves its incident: 164.402 — a disclosure recorded in error is not a breach) and member facts
 * (the State of each affected member's address, 164.406).
 */
import type { ReadModelDb } from '../../projections/read-model-db.js';
import type { IncidentSummary } from '../incidents/incident-state.js';
import { allIn } from '../../projections/sql.js';

export interface IncidentRow {
  incidentId: string;
  openedAt: string;
  summary: IncidentSummary;
}

const rowOf = (r: { incident_id: string; opened_at: string; summary: string }): IncidentRow => ({
  incidentId: r.incident_id,
  openedAt: r.opened_at,
  summary: JSON.parse(r.summary) as IncidentSummary,
});

export async function listIncidents(db: ReadModelDb): Promise<IncidentRow[]> {
  const rows = await db.all<{ incident_id: string; opened_at: string; summary: string }>(
    'SELECT incident_id, opened_at, summary FROM inc_incidents ORDER BY opened_at, incident_id',
  );
  return rows.map(rowOf);
}

export async function incidentById(db: ReadModelDb, incidentId: string): Promise<IncidentRow | null> {
  const [row] = await db.all<{ incident_id: string; opened_at: string; summary: string }>(
    'SELECT incident_id, opened_at, summary FROM inc_incidents WHERE incident_id = $1',
    [incidentId],
  );
  return row ? rowOf(row) : null;
}

/** What an incident's disclosures add up to: how many, how many still stand, whom, when, through what. */
export interface IncidentReach {
  grouped: number;
  /** not voided */
  standing: number;
  /** distinct members of the standing disclosures, with the State of their address (null: none recorded) */
  members: Map<string, string | null>;
  firstDate: string | null;
  lastDate: string | null;
  channels: string[];
}

/** `onDate`: the date whose address States count (the discovery: where the affected lived when it was found). */
export async function incidentReach(db: ReadModelDb, incidentId: string, onDate: string): Promise<IncidentReach> {
  const rows = await db.all<{ member_id: string; voided: number | boolean; first_date: string; channel: string }>(
    `SELECT i.member_id, d.voided, d.first_date, d.channel
       FROM inc_disclosures i JOIN acc_disclosures d ON d.disclosure_id = i.disclosure_id
      WHERE i.incident_id = $1`,
    [incidentId],
  );
  const standing = rows.filter((r) => !Number(r.voided));
  const members = new Map<string, string | null>(standing.map((r) => [r.member_id, null]));
  for (const [memberId, state] of await addressStates(db, [...members.keys()], onDate)) members.set(memberId, state);
  const dates = standing.map((r) => r.first_date).sort();
  return {
    grouped: rows.length,
    standing: standing.length,
    members,
    firstDate: dates[0] ?? null,
    lastDate: dates.at(-1) ?? null,
    channels: [...new Set(standing.map((r) => r.channel))].sort(),
  };
}

/** Each member's address State in effect on `onDate` (the latest effective on or before it). */
async function addressStates(db: ReadModelDb, memberIds: string[], onDate: string): Promise<Map<string, string>> {
  const found = new Map<string, { state: string; effectiveOn: string }>();
  const rows = await allIn<{ member_id: string; data: string }>(
    db,
    `SELECT member_id, data FROM acc_member_facts WHERE type = 'AddressStateRecorded' AND member_id IN (%s)`,
    memberIds,
  );
  for (const r of rows) {
    const d = JSON.parse(r.data) as { state: string; effectiveOn: string };
    const known = found.get(r.member_id);
    if (d.effectiveOn > onDate) continue;
    if (!known || d.effectiveOn >= known.effectiveOn) found.set(r.member_id, d);
  }
  return new Map([...found].map(([memberId, d]) => [memberId, d.state]));
}

/** One page of an incident's disclosures (keyset on disclosure id). */
export async function incidentDisclosures(
  db: ReadModelDb,
  incidentId: string,
  after: string | null,
  limit: number,
): Promise<
  { disclosureId: string; memberId: string; date: string; channel: string; recipient: string; voided: boolean }[]
> {
  const rows = await db.all<{
    disclosure_id: string;
    member_id: string;
    first_date: string;
    channel: string;
    recipient_name: string;
    voided: number | boolean;
  }>(
    `SELECT i.disclosure_id, i.member_id, d.first_date, d.channel, d.recipient_name, d.voided
       FROM inc_disclosures i JOIN acc_disclosures d ON d.disclosure_id = i.disclosure_id
      WHERE i.incident_id = $1 AND i.disclosure_id > $2 ORDER BY i.disclosure_id LIMIT $3`,
    [incidentId, after ?? '', limit],
  );
  return rows.map((r) => ({
    disclosureId: r.disclosure_id,
    memberId: r.member_id,
    date: r.first_date,
    channel: r.channel,
    recipient: r.recipient_name,
    voided: Boolean(Number(r.voided)),
  }));
}

/**
 * Flagged disclosures (a BreachAssessmentRequired) among `ids`, with their members and the incident each is in already
 * (null when none): what an incident may take in.
 */
export async function flaggedDisclosures(
  db: ReadModelDb,
  ids: string[],
): Promise<{ disclosureId: string; memberId: string; incidentId: string | null }[]> {
  const found: { disclosureId: string; memberId: string; incidentId: string | null }[] = [];
  const rows = await allIn<{ disclosure_id: string; member_id: string; incident_id: string | null }>(
    db,
    `SELECT a.disclosure_id, a.member_id, i.incident_id FROM acc_breach_assessments a
       LEFT JOIN inc_disclosures i ON i.disclosure_id = a.disclosure_id
      WHERE a.disclosure_id IN (%s)`,
    ids,
  );
  for (const r of rows)
    found.push({ disclosureId: r.disclosure_id, memberId: r.member_id, incidentId: r.incident_id ?? null });
  return found;
}

/** Which flagged disclosures an incident takes in by filter (every field given must match). */
export interface FlaggedFilter {
  channel?: string;
  recipientName?: string;
  /** the disclosure's first plan date, from / to (inclusive) */
  from?: string;
  to?: string;
}

/**
 * One page (keyset on disclosure id) of flagged disclosures matching `filter` that are in no incident yet: grouping by
 * filter walks them in pages, so memory stays constant whatever the incident's size.
 */
export async function flaggedMatching(
  db: ReadModelDb,
  filter: FlaggedFilter,
  after: string,
  limit: number,
): Promise<{ disclosureId: string; memberId: string }[]> {
  const params: (string | number)[] = [after];
  const where = [
    'a.disclosure_id > $1',
    'NOT EXISTS (SELECT 1 FROM inc_disclosures i WHERE i.disclosure_id = a.disclosure_id)',
  ];
  const add = (sql: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  add('d.channel = ?', filter.channel);
  add('d.recipient_name = ?', filter.recipientName);
  add('d.first_date >= ?', filter.from);
  add('d.first_date <= ?', filter.to);
  params.push(limit);
  const rows = await db.all<{ disclosure_id: string; member_id: string }>(
    `SELECT a.disclosure_id, a.member_id FROM acc_breach_assessments a JOIN acc_disclosures d ON d.disclosure_id = a.disclosure_id
      WHERE ${where.join(' AND ')} ORDER BY a.disclosure_id LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({ disclosureId: r.disclosure_id, memberId: r.member_id }));
}
