/**
 * 164.528(a)(2): temporary suspension of the right to an accounting of disclosures to a health oversight
 * agency (164.512(d)) or law enforcement official (164.512(f)), judged at the generation instant (asOf).
 */
import { planDate } from '../../shared/plan-dates.js';
import { addDays } from './calendar.js';
import type { DisclosureRow, Suspension } from './engine-types.js';
import { cites, SUSPENDABLE_BASES } from './legal-bases.js';
import type { AccountingPolicy } from './policy.js';

/** The plan dates [start, end] during which a suspension is in force, as known at `asOf`; several spans for an oral one confirmed late. */
export function suspensionSpans(s: Suspension, asOf: string, policy: AccountingPolicy): [string, string][] {
  const day = (instant: string) => planDate(instant, policy.timeZone);
  const stated = day(s.statedAt);
  const statements = s.writtenStatements.filter((w) => Date.parse(w.receivedAt) <= Date.parse(asOf));
  if (s.form === 'written') {
    // (a)(2)(i): for the time specified by the agency in its written statement
    return s.until ? [[stated, s.until]] : [];
  }
  // (a)(2)(ii)(C): an oral statement suspends for no longer than 30 days from the date of the statement…
  const lapse = addDays(stated, policy.oralSuspensionDays);
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

function coversRecipient(s: Suspension, d: DisclosureRow): boolean {
  const agency = s.agency.trim().toLowerCase();
  return (d.recipient.id ?? '').toLowerCase() === agency || d.recipient.name.trim().toLowerCase() === agency;
}

/** Scope: disclosures to that agency under 512(d)/(f), for the named members (all when none are named). */
export function isSuspended(
  d: DisclosureRow,
  suspensions: Suspension[],
  asOf: string,
  policy: AccountingPolicy,
): boolean {
  if (!d.permitted || !SUSPENDABLE_BASES.some((base) => cites(d.cfr, base))) return false;
  const today = planDate(asOf, policy.timeZone);
  return suspensions.some(
    (s) =>
      Date.parse(s.statedAt) <= Date.parse(asOf) &&
      (s.memberIds === null || s.memberIds.includes(d.memberId)) &&
      coversRecipient(s, d) &&
      suspensionSpans(s, asOf, policy).some(([start, end]) => start <= today && today <= end),
  );
}
