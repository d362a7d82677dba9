/**
 * 42 CFR Part 2 (2024 final rule, 89 FR 12472; regulation.md §1.9) where it touches the ledger. Pure functions; the
 * write side (record-disclosure) and the read side (the §2.25 accounting) both call them.
 *
 * - §2.12(d)(1) as amended, §2.64–§2.67: Part 2 records may not be used or disclosed in civil, criminal,
 *   administrative or legislative proceedings against the patient without a court order under subpart E or the
 *   patient's specific consent. A disclosure marked `sensitivity.part2` for such proceedings names one or the other,
 *   or it is refused; recorded as having happened anyway (`permitted: false`), it is a Part 2 violation and, since
 *   the 2024 rule applies HIPAA breach notification to Part 2 records, presumed a breach (164.402).
 * - §2.25(a): an accounting of disclosures made with consent (§2.31) in the 3 years before the request; (b) TPO
 *   disclosures count only when made through an electronic health record. The accounting "must meet the
 *   requirements of 45 CFR 164.528(a)(2) and (b) through (d)": suspensions, the (b) content, the deadlines and fees.
 * - §2.24: an intermediary lists, on written request, the persons it disclosed to in the past 3 years, "in 30 or
 *   fewer days".
 */
import type { Sensitivity } from '../events/member.events.js';
import { AUTHORIZATION_BASIS, cites } from './legal-bases.js';

export const PART2_VIOLATION_FLAG = 'PART2_VIOLATION';

/** §2.25(a), §2.24(a): three years before the request. */
export const PART2_YEARS = 3;

/** §2.24: "in 30 or fewer days" after the written request. */
export const INTERMEDIARY_LIST_DAYS = 30;

/** §2.12(d)(1): Part 2 records for proceedings against the patient, with neither a court order nor specific consent. */
export const proceedingsRestricted = (s: Sensitivity): boolean =>
  s.part2 && s.part2Proceedings !== undefined && !s.part2Proceedings.courtOrderRef && !s.part2Proceedings.consentRef;

export const PROCEEDINGS_FINDING =
  '42 CFR 2.12(d)(1): Part 2 records disclosed for proceedings against the patient without a court order or specific consent';

/** 164.506: treatment, payment and health care operations. */
const TPO_BASIS = '164.506';

/**
 * What §2.25 lists of a Part 2 disclosure: one made with the patient's consent (a 164.508 basis: the Part 2 consent
 * of §2.31 is recorded as the member's authorization), or a TPO disclosure made through an EHR ((b)); and, because
 * the accounting meets 164.528(b)–(d), an impermissible one (a violation is a breach, and 164.528 lists those).
 */
export function part2Listed(row: { part2: boolean; viaEhr: boolean; cfr: string | null; permitted: boolean }): boolean {
  if (!row.part2) return false;
  if (!row.permitted) return true;
  if (cites(row.cfr, AUTHORIZATION_BASIS)) return true;
  return row.viaEhr && cites(row.cfr, TPO_BASIS);
}
