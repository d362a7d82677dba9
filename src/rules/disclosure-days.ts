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

/** 5 minutes: how far a recording system's clock may run ahead of the ledger's before an instant is "in the future". */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Why a disclosure recorded at `recordedAt` cannot have happened yet (the field at fault and why), or null: an
 * instant more than CLOCK_SKEW_MS after it, or a period reaching past the plan date it was recorded on. A ledger of
 * what was disclosed holds only what has been.
 */
export function inFuture(
  d: DisclosureTime,
  recordedAt: string,
  timeZone: string,
): { field: 'occurredAt' | 'occurredPeriod.from' | 'occurredPeriod.to'; detail: string } | null {
  if (d.occurredAt !== null) {
    if (Date.parse(d.occurredAt) - Date.parse(recordedAt) <= CLOCK_SKEW_MS) return null;
    return {
      field: 'occurredAt',
      detail: `occurredAt ${d.occurredAt} is after the time it was recorded (${recordedAt})`,
    };
  }
  const today = planDate(recordedAt, timeZone);
  const field =
    d.occurredPeriod!.from > today ? 'occurredPeriod.from' : d.occurredPeriod!.to > today ? 'occurredPeriod.to' : null;
  if (field === null) return null;
  const date = field === 'occurredPeriod.from' ? d.occurredPeriod!.from : d.occurredPeriod!.to;
  return { field, detail: `${field} ${date} is after the day it was recorded (${today} in the plan's time zone)` };
}

/** The disclosure falls (at least partly) in `range`. */
export const overlaps = (days: DisclosureDays, range: Period): boolean =>
  days.first <= range.to && days.last >= range.from;

/** "2024-08-01" or "2024-08-01 to 2024-08-03", for messages. */
export const describeDays = (days: DisclosureDays): string =>
  days.first === days.last ? days.first : `${days.first} to ${days.last}`;
