/**
 * Policy knobs (regulation.md §7): every place the rule leaves a choice to the plan. Defaults are the
 * conservative reading; each is an environment variable (LEDGER_TIMEZONE, LEDGER_COMPLIANCE_DATE, LEDGER_POLICY_*).
 * What the rule itself fixes (60 days, 30 days, 50 years, six years) is a constant next to the rule, not a knob.
 */
import type { FeeWindow } from './fees.js';

export interface AccountingPolicy {
  /** the plan's reporting time zone: every date rule compares plan dates */
  timeZone: string;
  /** 164.528(a)(1)(ix) */
  complianceDate: string;
  /** §7.1: disclosures on the request date itself (default: excluded; the six years are "prior to" it) */
  includeRequestDate: boolean;
  /** (b)(3): summarise repeated 502(a)(2)(ii)/512 disclosures by default (a request can switch it off) */
  summarizeByDefault: boolean;
  /** (b)(4): research listings for 164.512(i) protocols of at least this many individuals */
  researchListingMinimum: number;
  /** §7.4: the 12-month fee window of (c)(2) */
  feeWindow: FeeWindow;
  /** §7.6: the plan is (or runs) a 42 CFR Part 2 program: it gives §2.25 accountings */
  part2Program: boolean;
  /** §7.6: the plan acts as a Part 2 intermediary: it gives §2.24 lists */
  part2Intermediary: boolean;
}

/** The plan's calendar: what a write-side decision needs of the policy. */
export type PlanCalendar = Pick<AccountingPolicy, 'timeZone' | 'complianceDate'>;

export const DEFAULT_POLICY: AccountingPolicy = {
  timeZone: 'America/New_York',
  complianceDate: '2003-04-14',
  includeRequestDate: false,
  summarizeByDefault: true,
  researchListingMinimum: 50,
  feeWindow: 'rolling',
  part2Program: false,
  part2Intermediary: false,
};
