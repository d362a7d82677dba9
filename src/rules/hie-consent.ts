/**
 * HIE opt-out (regulation.md §1.12): a disclosure through a health information exchange after the member's opt-out
 * took effect (the latest HIE decision in force at the disclosure is opt-out) is impermissible. The opt-out covers
 * what the member could refuse: exchange for treatment, payment and operations. A disclosure the law requires
 * (164.512(a)) or makes to a public health authority (164.512(b)) through the exchange needs no consent and is not
 * barred by it (OCR's 2020 HIE/public-health guidance, regulation.md [S49]).
 */
import type { HieConsentRecorded } from '../events/member.events.js';
import type { DisclosureDays } from './disclosure-days.js';
import { citesAny } from './legal-bases.js';
import { planDate } from './plan-dates.js';

/** Bases an HIE opt-out does not reach: required by law, public health. */
export const HIE_OPT_OUT_EXEMPT_BASES = ['164.512(a)', '164.512(b)'];

/** Why an HIE disclosure at `occurredAt` (or, known by period, on `days`) is barred by an opt-out, or null. */
export function hieOptOutProblem(
  consents: readonly HieConsentRecorded[],
  cfr: string | null,
  occurredAt: string | null,
  days: DisclosureDays,
  timeZone: string,
): string | null {
  if (consents.length === 0 || citesAny(cfr, HIE_OPT_OUT_EXEMPT_BASES)) return null;
  const at = occurredAt === null ? null : Date.parse(occurredAt);
  let inForce: HieConsentRecorded | null = null;
  for (const c of consents) {
    const effective = Date.parse(c.effectiveAt);
    const inEffect = at === null ? planDate(c.effectiveAt, timeZone) <= days.last : effective <= at;
    if (inEffect && (inForce === null || effective >= Date.parse(inForce.effectiveAt))) inForce = c;
  }
  return inForce?.decision === 'opt-out' ? `the member opted out of the HIE effective ${inForce.effectiveAt}` : null;
}
