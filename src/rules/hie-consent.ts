/**
 * HIE opt-out (regulation.md §1.12): a disclosure through a health information exchange after the member's opt-out
 * took effect (the latest HIE decision in force at the disclosure is opt-out) is impermissible.
 */
import type { HieConsentRecorded } from '../events/member.events.js';
import type { DisclosureDays } from './disclosure-days.js';
import { planDate } from './plan-dates.js';

/** Why an HIE disclosure at `occurredAt` (or, known by period, on `days`) is barred by an opt-out, or null. */
export function hieOptOutProblem(
  consents: readonly HieConsentRecorded[],
  occurredAt: string | null,
  days: DisclosureDays,
  timeZone: string,
): string | null {
  if (consents.length === 0) return null;
  const at = occurredAt === null ? null : Date.parse(occurredAt);
  let inForce: HieConsentRecorded | null = null;
  for (const c of consents) {
    const effective = Date.parse(c.effectiveAt);
    const inEffect = at === null ? planDate(c.effectiveAt, timeZone) <= days.last : effective <= at;
    if (inEffect && (inForce === null || effective >= Date.parse(inForce.effectiveAt))) inForce = c;
  }
  return inForce?.decision === 'opt-out' ? `the member opted out of the HIE effective ${inForce.effectiveAt}` : null;
}
