/**
 * The member's access report (regulation.md §1.8; api.md `GET /v1/members/{memberId}/access-report`): every use of
 * the member's PHI inside the plan, every disclosure of it, and every read of the member's records through the
 * ledger itself (its access log), in a period (default the three years before today), newest first, in pages.
 *
 * Pure: the handler reads each source a page at a time; this file merges them in one order, builds the cursor, and
 * decides how actors are shown. Order: newest `at` first; at the same instant disclosures, then reads, then uses;
 * then the newest log position first (and for reads batched in one event, the latest first). The cursor is the last
 * row's (at, kind, position, seq), so a page never repeats or
 * skips a row however many rows share an instant.
 */
import type { AccessLogRow } from '../access-log/access-log.reader.js';
import type { DisclosureRow } from '../accounting/engine/engine-types.js';
import { addDays, yearsBefore } from '../rules/calendar.js';
import type { Before } from '../projections/sql.js';
import type { UseRow } from './uses.reader.js';

/** The NPRM's access report and §2.25 look back three years (regulation.md §1.8, §1.9). */
export const ACCESS_REPORT_YEARS = 3;

export type EntryKind = 'disclosure' | 'read' | 'use';
/** Rank at one instant: higher first. */
const RANK: Record<EntryKind, number> = { disclosure: 3, read: 2, use: 1 };

export interface AccessReportEntry {
  /** an instant (UTC) or, for a disclosure known only by its date, that plan date */
  at: string;
  kind: EntryKind;
  /** who used or read the records (uses and reads); shown as the plan's policy says */
  actor: { id?: string; name?: string; role: string } | null;
  /** who received them (disclosures) */
  recipient: { name: string; address: string | null } | null;
  action: string;
  description: string;
  /** the HL7 PurposeOfUse code, when recorded */
  purposeOfUse: string | null;
  /** a disclosure's purpose as recorded for the member to read (164.528(b)(2)(iv)); null for uses and reads */
  purpose: string | null;
  /** the log position of the event behind the row (the office traces it; proofs take it) */
  position: number;
  /** a read: its number in the batch event that recorded it (reads are recorded a batch per event) */
  seq?: number;
}

export interface Cursor {
  at: string;
  kind: EntryKind;
  position: number;
  seq: number;
}

export const cursorText = (c: Cursor) => `${c.at}~${c.kind}~${c.position}~${c.seq}`;

/** The cursor a client sent back, or null when it is not one this report made. */
export function parseCursor(text: string): Cursor | null {
  const [at, kind, position, seq, ...rest] = text.split('~');
  if (!at || !(kind in RANK) || !/^\d{1,19}$/.test(position ?? '') || !/^\d{1,6}$/.test(seq ?? '') || rest.length)
    return null;
  if (Number.isNaN(Date.parse(at))) return null;
  return { at, kind: kind as EntryKind, position: Number(position), seq: Number(seq) };
}

/** The keyset bound a source of `kind` reads from, after `cursor` (see the order above). */
export function boundFor(kind: EntryKind, cursor: Cursor | null): Before | null {
  if (cursor === null) return null;
  const { at } = cursor;
  if (RANK[kind] === RANK[cursor.kind])
    return { at, position: cursor.position, seq: cursor.seq, sameAtIncluded: false };
  if (RANK[kind] < RANK[cursor.kind]) return { at, position: 0, seq: 0, sameAtIncluded: true };
  return { at, position: -1, seq: 0, sameAtIncluded: false }; // strictly before the instant
}

/** True when `a` comes before `b` in the report's order (a cursor is a place in it). */
function precedes(a: Omit<Cursor, 'seq'> & { seq?: number }, b: Omit<Cursor, 'seq'> & { seq?: number }): boolean {
  if (a.at !== b.at) return a.at > b.at;
  if (a.kind !== b.kind) return RANK[a.kind] > RANK[b.kind];
  if (a.position !== b.position) return a.position > b.position;
  return (a.seq ?? 0) > (b.seq ?? 0);
}

/** True when the entry comes after the cursor (it belongs on a later page). */
export const isAfter = (entry: AccessReportEntry, cursor: Cursor | null) => cursor === null || precedes(cursor, entry);

/**
 * The period: `from`/`to` when given (plan dates, both included), else the three years that end today: from the day
 * after the same date three years back (29 February counts back to 28 February, as the accounting's six years do:
 * calendar.ts `yearsBefore`), through today (a read made today is in).
 */
export function reportPeriod(today: string, from?: string, to?: string): { from: string; to: string } {
  return { from: from ?? addDays(yearsBefore(today, ACCESS_REPORT_YEARS), 1), to: to ?? today };
}

export type ActorPolicy = 'names' | 'roles';

/** What a member is shown of a person: name and role, or only the role (LEDGER_POLICY_ACCESS_REPORT_ACTORS). */
function shown(actor: { id: string; name: string; role: string }, audience: 'office' | ActorPolicy) {
  if (audience === 'office') return actor;
  if (audience === 'names') return { name: actor.name, role: actor.role };
  return { role: actor.role };
}

/** What a read through the ledger was, in words (the route template, never the content). */
export function readDescription(route: string, format: string | null): string {
  const what = route.includes('/accounting-requests')
    ? 'accounting request'
    : route.endsWith('/accounting') || route === '/accounting'
      ? 'accounting of disclosures'
      : route.endsWith('/access-report')
        ? 'access report'
        : route.includes('/facts')
          ? 'facts on file'
          : route.startsWith('/v1/audit/')
            ? 'audit search'
            : 'records';
  return format ? `${what} (${format})` : what;
}

export const useEntry = (u: UseRow, audience: 'office' | ActorPolicy): AccessReportEntry => ({
  at: u.occurredAt,
  kind: 'use',
  actor: shown(u.actor, audience),
  recipient: null,
  action: u.action,
  description: u.description,
  purposeOfUse: u.purposeOfUse,
  purpose: null,
  position: u.position,
});

export const readEntry = (r: AccessLogRow, audience: 'office' | ActorPolicy): AccessReportEntry => ({
  at: r.readAt,
  kind: 'read',
  actor: shown(
    { id: r.reader.clientId ?? r.reader.subject, name: r.reader.subject, role: r.reader.roles.join(', ') },
    audience,
  ),
  recipient: null,
  action: 'read',
  description: readDescription(r.route, r.format),
  purposeOfUse: null,
  purpose: null,
  position: r.position,
  seq: r.seq,
});

/** A disclosure's `at`: when it happened (UTC), or the first plan date of its period. */
export const disclosureAt = (d: DisclosureRow) =>
  d.occurredAt ? new Date(d.occurredAt).toISOString() : d.occurredPeriod!.from;

export const disclosureEntry = (d: DisclosureRow): AccessReportEntry => ({
  at: disclosureAt(d),
  kind: 'disclosure',
  actor: null,
  recipient: { name: d.recipient.name, address: d.recipient.address },
  action: 'disclose',
  description: d.phiDescription,
  purposeOfUse: d.purposeOfUse,
  purpose: d.purpose,
  position: d.position,
});

/** The first `limit` entries of the sources in the report's order, and the cursor of the next page (or null). */
export function mergePage(
  sources: AccessReportEntry[][],
  limit: number,
): { entries: AccessReportEntry[]; next: Cursor | null } {
  const all = sources.flat().sort((a, b) => (precedes(a, b) ? -1 : precedes(b, a) ? 1 : 0));
  const entries = all.slice(0, limit);
  const last = entries[entries.length - 1];
  return {
    entries,
    next: all.length > limit ? { at: last.at, kind: last.kind, position: last.position, seq: last.seq ?? 0 } : null,
  };
}
