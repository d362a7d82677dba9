import type { LedgerConfig } from '../../config/config.js';
import { DEFAULT_POLICY, type AccountingPolicy } from './policy.js';

/** The plan's policy knobs (LEDGER_POLICY_*, regulation.md §7); rule constants stay as the rule says. */
export function policyFromConfig(config: LedgerConfig): AccountingPolicy {
  return {
    ...DEFAULT_POLICY,
    timeZone: config.LEDGER_TIMEZONE,
    complianceDate: config.LEDGER_COMPLIANCE_DATE,
    includeRequestDate: config.LEDGER_POLICY_INCLUDE_REQUEST_DATE,
    summarizeByDefault: config.LEDGER_POLICY_SUMMARIZE,
    researchListingMinimum: config.LEDGER_POLICY_RESEARCH_LISTING_MINIMUM,
    feeWindow: config.LEDGER_POLICY_FEE_WINDOW,
  };
}
