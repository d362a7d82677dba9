/**
 * 164.528(c)(2): "the first accounting to an individual in any 12 month period" is free; a fee for a later one
 * needs notice in advance and a chance to withdraw or modify. Which 12 months is a plan choice (regulation.md §7.4,
 * `LEDGER_POLICY_FEE_WINDOW`): `rolling` (the 12 months ending on the receipt date) or `calendar-year`.
 */
import { addDays, addYears } from './calendar.js';

export type FeeWindow = 'rolling' | 'calendar-year';

/** The first plan date of the 12-month period that a request received on `receivedOn` falls in. */
export function feeWindowStart(receivedOn: string, window: FeeWindow): string {
  return window === 'calendar-year' ? `${receivedOn.slice(0, 4)}-01-01` : addDays(addYears(receivedOn, -1), 1);
}

/**
 * A request received on `receivedOn` may carry a fee when another request of the same individual (not withdrawn)
 * was received in the same 12-month period, on or before it.
 */
export function isFeeRequired(receivedOn: string, earlierReceivedOns: readonly string[], window: FeeWindow): boolean {
  const start = feeWindowStart(receivedOn, window);
  return earlierReceivedOns.some((on) => on >= start && on <= receivedOn);
}
