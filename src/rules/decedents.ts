/**
 * 160.103 "protected health information" excludes information "(iv) Regarding a person who has been deceased for
 * more than 50 years"; 164.502(f) protects a decedent's PHI for 50 years following the death.
 */
import { addYears } from './calendar.js';

export const DECEDENT_PROTECTION_YEARS = 50;

/** A disclosure on `date` is of information that is no longer PHI: the member died more than 50 years before. */
export function deceasedMoreThan50Years(diedOn: string | null, date: string): boolean {
  return diedOn !== null && date > addYears(diedOn, DECEDENT_PROTECTION_YEARS);
}
