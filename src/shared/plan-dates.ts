/**
 * Calendar dates in the plan's reporting time zone (api.md: dates are YYYY-MM-DD in LEDGER_TIMEZONE).
 * A disclosure at 2024-03-01T03:00Z happened on 2024-02-29 in New York: every date rule compares these.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Plan dates by time zone and UTC minute: every zone's offset is a whole number of minutes, so all instants in
 * one UTC minute fall on the same local date (Intl formatting is the costly part). */
const byMinute = new Map<string, string>();

export function planDate(instant: string | Date, timeZone: string): string {
  const time = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const key = `${timeZone}|${Math.floor(time / 60_000)}`;
  const cached = byMinute.get(key);
  if (cached !== undefined) return cached;
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  const date = formatter.format(time);
  if (byMinute.size >= 100_000) byMinute.clear();
  byMinute.set(key, date);
  return date;
}

/** True for a real calendar date written YYYY-MM-DD (rejects 2023-02-29, 2024-13-01). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** True for an ISO 8601 instant with an explicit offset (Z or ±hh:mm) and a real date and time. */
export function isInstant(value: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!match || !isCalendarDate(match[1])) return false;
  const [hh, mm, ss] = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  return hh < 24 && mm < 60 && ss < 60 && !Number.isNaN(new Date(value).getTime());
}
