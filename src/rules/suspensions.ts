/**
 * 164.528(a)(2): temporary suspension of the right to an accounting of disclosures to a health oversight
 * agency (164.512(d)) or law enforcement official (164.512(f)), judged at the generation instant (asOf).
 */
import type { SuspensionRequested } from '../events/suspension.events.js';
import { addDays } from './calendar.js';
import { cites, SUSPENDABLE_BASES, type JudgedBasis } from './legal-bases.js';
import { planDate } from './plan-dates.js';

/** (a)(2)(ii)(C): an oral statement suspends for no longer than 30 days unless confirmed in writing. */
export const ORAL_SUSPENSION_DAYS = 30;

/** A suspension as requested, with the written statements that followed it. */
export type Suspension = Omit<SuspensionRequested, 'commandHash'> & {
  writtenStatements: { receivedAt: string; until: string }[];
};

/** What a suspension needs to know of a disclosure: its basis, its member and its recipient. */
export interface SuspendableDisclosure extends JudgedBasis {
  memberId: string;
  recipient: { name: string; id: string | null };
}

/** The plan dates [start, end] during which a suspension is in force, as known at `asOf`; several spans for an oral one confirmed late. */
export function suspensionSpans(s: Suspension, asOf: string, timeZone: string): [string, string][] {
  const day = (instant: string) => planDate(instant, timeZone);
  const stated = day(s.statedAt);
  const statements = s.writtenStatements.filter((w) => Date.parse(w.receivedAt) <= Date.parse(asOf));
  if (s.form === 'written') {
    // (a)(2)(i): for the time specified by the agency in its written statement
    return s.until ? [[stated, s.until]] : [];
  }
  // (a)(2)(ii)(C): an oral statement suspends for no longer than 30 days from the date of the statement…
  const lapse = addDays(stated, ORAL_SUSPENSION_DAYS);
  const oralEnd = s.until && s.until < lapse ? s.until : lapse;
  const spans: [string, string][] = [[stated, oralEnd]];
  for (const w of statements) {
    const received = day(w.receivedAt);
    // …unless a written statement is submitted during that time: it then runs for the time the statement gives.
    if (received <= lapse) spans[0] = [stated, w.until];
    // a statement that arrives after the 30 days is a new written suspension from its receipt
    else spans.push([received, w.until]);
  }
  return spans;
}

function coversRecipient(s: Suspension, d: SuspendableDisclosure): boolean {
  const agency = s.agency.trim().toLowerCase();
  return (d.recipient.id ?? '').toLowerCase() === agency || d.recipient.name.trim().toLowerCase() === agency;
}

/** Scope: disclosures to that agency under 512(d)/(f), for the named members (all when none are named). */
export function isSuspended(
  d: SuspendableDisclosure,
  suspensions: readonly Suspension[],
  asOf: string,
  timeZone: string,
): boolean {
  if (!d.permitted || !SUSPENDABLE_BASES.some((base) => cites(d.cfr, base))) return false;
  const today = planDate(asOf, timeZone);
  return suspensions.some(
    (s) =>
      Date.parse(s.statedAt) <= Date.parse(asOf) &&
      (s.memberIds === null || s.memberIds.includes(d.memberId)) &&
      coversRecipient(s, d) &&
      suspensionSpans(s, asOf, timeZone).some(([start, end]) => start <= today && today <= end),
  );
}
