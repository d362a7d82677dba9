/**
 * Policy knobs (regulation.md §7): every place the rule leaves a choice. Defaults are the conservative
 * reading; each is an environment variable LEDGER_POLICY_*.
 */
export interface AccountingPolicy {
  timeZone: string;
  /** 164.528(a)(1)(ix) */
  complianceDate: string;
  /** §7.1: disclosures on the request date itself (default: excluded; the six years are "prior to" it) */
  includeRequestDate: boolean;
  /** (b)(3): summarise repeated 502(a)(2)(ii)/512 disclosures by default (a request can switch it off) */
  summarizeByDefault: boolean;
  /** (b)(4): research listings for 164.512(i) protocols of at least this many individuals */
  researchListingMinimum: number;
  /** (a)(2)(ii)(C): an oral suspension lasts at most this many days unless confirmed in writing */
  oralSuspensionDays: number;
  /** 160.103: not PHI once deceased for more than this many years */
  decedentYears: number;
  /** §7.4: the 12-month fee window: rolling (any 12 months) or calendar year */
  feeWindow: 'rolling' | 'calendar-year';
}

export const DEFAULT_POLICY: AccountingPolicy = {
  timeZone: 'America/New_York',
  complianceDate: '2003-04-14',
  includeRequestDate: false,
  summarizeByDefault: true,
  researchListingMinimum: 50,
  oralSuspensionDays: 30,
  decedentYears: 50,
  feeWindow: 'rolling',
};
