/**
 * 164.528(b)(3): repeated disclosures to the same person or entity for a single purpose under
 * 164.502(a)(2)(ii) or 164.512 may be given as the first disclosure in the period, the frequency or number,
 * and the date of the last one.
 */
import { daysBetween } from '../../rules/calendar.js';
import type { DisclosureEntry, SummaryEntry } from './engine-types.js';

export const FREQUENCIES: [number, number, string][] = [
  [0, 1, 'daily'],
  [6, 8, 'weekly'],
  [13, 15, 'every two weeks'],
  [27, 32, 'monthly'],
  [85, 95, 'quarterly'],
  [175, 190, 'twice a year'],
  [360, 370, 'yearly'],
];

/** A name for the typical interval (median gap), or null when it is irregular: the count is always given. */
export function frequencyOf(dates: string[]): string | null {
  if (dates.length < 2) return null;
  const gaps = dates
    .slice(1)
    .map((d, i) => daysBetween(dates[i], d))
    .sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)];
  return FREQUENCIES.find(([lo, hi]) => median >= lo && median <= hi)?.[2] ?? null;
}

/** Groups standard entries (already eligible) by recipient, purpose and basis; groups of one stay entries. */
export function summarize(eligible: { entry: DisclosureEntry; key: string }[]): (DisclosureEntry | SummaryEntry)[] {
  const groups = new Map<string, DisclosureEntry[]>();
  for (const { entry, key } of eligible) groups.set(key, [...(groups.get(key) ?? []), entry]);
  return [...groups.values()].map((group) => {
    if (group.length === 1) return group[0];
    const sorted = [...group].sort((a, b) => a.date.localeCompare(b.date));
    const first = sorted[0];
    const dates = sorted.map((e) => e.date);
    return {
      type: 'summary',
      date: first.date,
      recipient: first.recipient,
      description: first.description,
      purpose: first.purpose,
      writtenRequestRef: first.writtenRequestRef,
      madeBy: first.madeBy,
      count: sorted.length,
      frequency: frequencyOf(dates),
      lastDate: sorted
        .map((e) => e.dateTo ?? e.date)
        .sort()
        .at(-1)!,
      disclosureIds: sorted.flatMap((e) => e.disclosureIds),
    };
  });
}
