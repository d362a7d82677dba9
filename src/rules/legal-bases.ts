/**
 * Legal bases (45 CFR citations) and the 164.528(a)(1) exclusions they trigger. A disclosure is matched on
 * its recorded basis *and* whether it was permitted: an impermissible disclosure never matches an
 * exclusion (regulation.md §1.1: "Any other Disclosure, whether intentional or unintentional … — Yes").
 */
export type ExclusionCode =
  | 'EXCL_TPO'
  | 'EXCL_INDIVIDUAL'
  | 'EXCL_INCIDENTAL'
  | 'EXCL_AUTH'
  | 'EXCL_510'
  | 'EXCL_NATSEC'
  | 'EXCL_CORRECTIONAL'
  | 'EXCL_LDS'
  | 'EXCL_PRECOMPLIANCE';

/** A disclosure's basis as the ledger judged it: the citation recorded and whether the disclosure was permitted. */
export interface JudgedBasis {
  cfr: string | null;
  permitted: boolean;
}

/** `cfr` cites `base` or one of its paragraphs: 164.512(k)(2)(i) cites 164.512(k)(2), 164.512(k)(20) does not. */
export function cites(cfr: string | null, base: string): boolean {
  // (written without building `${base}(`: this runs for every disclosure recorded and every one accounted for)
  return (
    cfr !== null && cfr.startsWith(base) && (cfr.length === base.length || cfr.charCodeAt(base.length) === 40) /* ( */
  );
}

/** `cfr` cites one of `bases` (or a paragraph of one). */
export const citesAny = (cfr: string | null, bases: readonly string[]): boolean => bases.some((b) => cites(cfr, b));

/** Bases whose (a)(1) exclusion depends only on the citation, in the rule's order. */
export const EXCLUDED_BASES: ReadonlyArray<readonly [string, ExclusionCode]> = [
  ['164.506', 'EXCL_TPO'], // (a)(1)(i) TPO "as provided in § 164.506", incl. OHCA (c)(5)
  ['164.504(f)(1)', 'EXCL_TPO'], // plan sponsor: plan administration / summary info / enrollment (policy, §1.12)
  ['164.502(a)(1)(i)', 'EXCL_INDIVIDUAL'], // (a)(1)(ii) to the individual
  ['164.502(g)', 'EXCL_INDIVIDUAL'], // (a)(1)(ii) a personal representative acting as the individual
  ['164.524', 'EXCL_INDIVIDUAL'], // (a)(1)(ii) the individual's own access
  ['164.502(a)(1)(iii)', 'EXCL_INCIDENTAL'], // (a)(1)(iii) incident to a permitted use or disclosure
  ['164.508', 'EXCL_AUTH'], // (a)(1)(iv) pursuant to an authorization
  ['164.510', 'EXCL_510'], // (a)(1)(v) directory, persons involved in care, notification
  ['164.512(k)(2)', 'EXCL_NATSEC'], // (a)(1)(vi) national security or intelligence
  ['164.514(e)', 'EXCL_LDS'], // (a)(1)(viii) limited data set
];

/** 164.512(k)(5): excluded only while the member is in lawful custody ((a)(1)(vii)). */
export const CORRECTIONAL_BASIS = '164.512(k)(5)';
/** 164.508: a disclosure pursuant to an authorization ((a)(1)(iv)), valid only as the authorization allows. */
export const AUTHORIZATION_BASIS = '164.508';
/** 164.512(d) health oversight and (f) law enforcement: the bases an (a)(2) suspension can cover. */
export const SUSPENDABLE_BASES = ['164.512(d)', '164.512(f)'];
/** 164.514(a)-(b): de-identified information is not PHI (160.103), so its disclosure is not accounted for. */
export const DEIDENTIFIED_BASES = ['164.514(a)', '164.514(b)'];
/** 164.528(b)(3): only disclosures under 164.502(a)(2)(ii) or 164.512 may be summarised. */
export const SUMMARIZABLE_BASES = ['164.502(a)(2)(ii)', '164.512'];
/** 164.528(b)(4): research disclosures under 164.512(i) may be listed by protocol. */
export const RESEARCH_BASIS = '164.512(i)';

/**
 * The citations the rule table knows (regulation.md §1.12): a disclosure must name one of them, or one of its
 * paragraphs. A citation outside it (`999.1`, `164.999`, `164.512(z)`) is refused (UNKNOWN_LEGAL_BASIS) rather than
 * recorded as permitted: a basis the ledger cannot judge must not decide an accounting.
 */
export const KNOWN_BASES: readonly string[] = [
  '164.502(a)', // (a)(1)(i)-(vi): to the individual, TPO, incidental, authorized, agreed, required; (a)(2): required
  '164.502(e)', // to a business associate
  '164.502(g)', // to a personal representative
  '164.502(j)', // whistleblowers, workforce crime victims
  '164.504(f)(1)', // plan sponsor
  '164.506', // treatment, payment, health care operations (incl. OHCA)
  '164.508', // authorization
  '164.510', // directory, persons involved in care, notification
  ...'abcdefghijkl'.split('').map((p) => `164.512(${p})`), // (a) required by law … (l) workers' compensation
  '164.514(a)', // de-identified (not PHI)
  '164.514(b)',
  '164.514(e)', // limited data set
  '164.524', // the individual's own access
];

/** The citation is one the rule table knows (or a paragraph of one); `164.512` alone is known (not a made-up paragraph). */
export const isKnownBasis = (cfr: string): boolean => cfr === '164.512' || citesAny(cfr, KNOWN_BASES);

/**
 * The 164.528(a)(1) exclusion that applies to a disclosure on `date`, or null when none does. `inCustody` is asked
 * only for a 164.512(k)(5) basis ((a)(1)(vii)).
 */
export function exclusionFor(
  basis: JudgedBasis,
  date: string,
  complianceDate: string,
  inCustody: () => boolean,
): ExclusionCode | null {
  if (date < complianceDate) return 'EXCL_PRECOMPLIANCE'; // (a)(1)(ix): before the compliance date
  if (!basis.permitted) return null;
  if (cites(basis.cfr, CORRECTIONAL_BASIS)) return inCustody() ? 'EXCL_CORRECTIONAL' : null;
  for (const [base, code] of EXCLUDED_BASES) if (cites(basis.cfr, base)) return code;
  return null;
}
