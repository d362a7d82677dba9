/**
 * The plan dates a disclosure spans: the one day of an instant (in the plan's time zone), or the period a
 * disclosure known only by period was recorded with (OCR FAQ 466). Every date rule compares these.
 */
import type { Period } from '../events/event.js';
import { planDate } from './plan-dates.js';

export interface DisclosureDays {
  first: string;
  last: string;
}

export interface DisclosureTime {
  occurredAt: string | null;
  occurredPeriod: Period | null;
}

export function disclosureDays(d: DisclosureTime, timeZone: string): DisclosureDays {
  if (d.occurredPeriod) return { first: d.occurredPeriod.from, last: d.occurredPeriod.to };
  const day = planDate(d.occurredAt!, timeZone);
  return { first: day, last: day };
}

/** The disclosure falls (at least partly) in `range`. */
export const overlaps = (days: DisclosureDays, range: Period): boolean =>
  days.first <= range.to && days.last >= range.from;

/** "2024-08-01" or "2024-08-01 to 2024-08-03", for messages. */
export const describeDays = (days: DisclosureDays): string =>
  days.first === days.last ? days.first : `${days.first} to ${days.last}`;
