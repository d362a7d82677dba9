/**
 * Whether a disclosure belongs in an accounting at all, whatever the request: the one judgement that the write
 * response (`accountable`), the audit read model and the accounting engine all make, so that they never disagree.
 * What depends on the request (the six-year window, a shorter period, a representative's scope, a suspension at
 * the generation instant, a void) is the engine's business, not this.
 *
 * Order (the first that applies names the reason): not PHI (160.103: a decedent of more than 50 years, or
 * de-identified information under 164.514(a)-(b)), then the nine 164.528(a)(1) exclusions.
 */
import { inCustody, type CustodySpan } from './custody.js';
import { deceasedMoreThan50Years } from './decedents.js';
import type { DisclosureDays } from './disclosure-days.js';
import { citesAny, DEIDENTIFIED_BASES, exclusionFor, type ExclusionCode, type JudgedBasis } from './legal-bases.js';

export type NotAccountable = 'NOT_PHI' | ExclusionCode;

/** What the accountability of a disclosure depends on besides the disclosure itself. */
export interface AccountabilityFacts {
  diedOn: string | null;
  custodyPeriods: Iterable<CustodySpan>;
}

/**
 * Null when the disclosure is accountable; else why it is not. `at` is when it happened (its plan days);
 * `complianceDate` is the plan's 164.528(a)(1)(ix) date.
 */
export function accountability(
  disclosure: JudgedBasis,
  facts: AccountabilityFacts,
  at: DisclosureDays,
  complianceDate: string,
): NotAccountable | null {
  if (deceasedMoreThan50Years(facts.diedOn, at.first)) return 'NOT_PHI';
  if (disclosure.permitted && citesAny(disclosure.cfr, DEIDENTIFIED_BASES)) return 'NOT_PHI';
  return exclusionFor(disclosure, at.first, complianceDate, () => inCustody(facts.custodyPeriods, at));
}
