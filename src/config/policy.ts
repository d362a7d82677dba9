import type { AccountingPolicy } from '../rules/policy.js';
import type { LedgerConfig } from './config.js';

/** The plan's policy knobs (LEDGER_TIMEZONE, LEDGER_COMPLIANCE_DATE, LEDGER_POLICY_*; regulation.md §7). */
export function policyFromConfig(config: LedgerConfig): AccountingPolicy {
  return {
    timeZone: config.LEDGER_TIMEZONE,
    complianceDate: config.LEDGER_COMPLIANCE_DATE,
    includeRequestDate: config.LEDGER_POLICY_INCLUDE_REQUEST_DATE,
    summarizeByDefault: config.LEDGER_POLICY_SUMMARIZE,
    researchListingMinimum: config.LEDGER_POLICY_RESEARCH_LISTING_MINIMUM,
    feeWindow: config.LEDGER_POLICY_FEE_WINDOW,
    part2Program: config.LEDGER_POLICY_PART2_PROGRAM,
    part2Intermediary: config.LEDGER_POLICY_PART2_INTERMEDIARY,
  };
}
