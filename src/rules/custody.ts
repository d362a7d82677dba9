/** 164.512(k)(5) and 164.528(a)(1)(vii): disclosures to a correctional institution about an inmate in lawful custody. */
import type { DisclosureDays } from './disclosure-days.js';

/** A custody period as recorded: from a plan date, until a plan date or still in custody (null). */
export interface CustodySpan {
  from: string;
  until: string | null;
}

/** In lawful custody on every day of the disclosure (one recorded period covers all of it). */
export function inCustody(periods: Iterable<CustodySpan>, days: DisclosureDays): boolean {
  for (const p of periods) if (p.from <= days.first && (p.until === null || days.last <= p.until)) return true;
  return false;
}
