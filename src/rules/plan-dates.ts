/**
 * Calendar dates in the plan's reporting time zone (api.md: dates are YYYY-MM-DD in LEDGER_TIMEZONE).
 * A disclosure at 2024-03-01T03:00Z happened on 2024-02-29 in New York: every date rule compares these.
 */
const HOUR_MS = 3_600_000;

/** The plan dates of one UTC hour in one zone: `before` until `boundary` (a local midnight inside the hour), `after`
 * from it; null when the zone's offset changes inside the hour (then each instant is formatted on its own). */
type HourDates = { before: string; boundary: number; after: string } | null;

interface Zone {
  /** formats an instant as the plan date, YYYY-MM-DD */
  date: Intl.DateTimeFormat;
  /** the local wall-clock time to the second, for the zone's offset */
  clock: Intl.DateTimeFormat;
  hours: Map<number, HourDates>;
}

const zones = new Map<string, Zone>();

function zoneOf(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = {
      date: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
      clock: new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
      hours: new Map(),
    };
    zones.set(timeZone, zone);
  }
  return zone;
}

/** The zone's offset from UTC at `time`, in ms (wall clock minus UTC, both to the second). */
function offsetAt(zone: Zone, time: number): number {
  const part: Record<string, number> = {};
  for (const p of zone.clock.formatToParts(time)) if (p.type !== 'literal') part[p.type] = Number(p.value);
  const wall = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
  return wall - (time - (((time % 1000) + 1000) % 1000));
}

function hourDates(zone: Zone, hour: number): HourDates {
  const start = hour * HOUR_MS;
  const end = start + HOUR_MS - 1;
  const offset = offsetAt(zone, start);
  if (offsetAt(zone, end) !== offset) return null; // a transition inside the hour
  const before = zone.date.format(start);
  const after = zone.date.format(end);
  // The offset is constant through the hour, so local time runs with UTC and passes at most one local midnight:
  // that of `after`'s date, at that wall-clock midnight minus the offset.
  const [y, m, d] = after.split('-').map(Number);
  return { before, boundary: before === after ? end + 1 : Date.UTC(y, m - 1, d) - offset, after };
}

/**
 * The plan date of an instant: its calendar date in `timeZone`, as Intl formats it. Intl formatting is the costly
 * part, so each UTC hour of each zone is formatted once (its date, or its two dates and the local midnight between
 * them); an hour in which the zone's offset changes (a DST or other transition) is formatted instant by instant.
 * src/shared/plan-dates.spec.ts holds it equal to Intl for instants around midnights and transitions in zones with
 * half- and quarter-hour offsets, 30-minute DST, midnight transitions and a skipped day.
 */
export function planDate(instant: string | Date, timeZone: string): string {
  const time = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const zone = zoneOf(timeZone);
  const hour = Math.floor(time / HOUR_MS);
  let dates = zone.hours.get(hour);
  if (dates === undefined) {
    dates = hourDates(zone, hour);
    if (zone.hours.size >= 200_000) zone.hours.clear(); // ~23 years of hours
    zone.hours.set(hour, dates);
  }
  if (dates === null) return zone.date.format(time);
  return time < dates.boundary ? dates.before : dates.after;
}

/** True for a real calendar date written YYYY-MM-DD (rejects 2023-02-29, 2024-13-01). */
export function isCalendarDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false; // YYYY-MM-DD
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0); // proleptic Gregorian, as Date
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by `length` ASCII digits at `from`, or -1 if any is not a digit (no allocation). */
function digits(value: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** True for an ISO 8601 instant with an explicit offset (Z or ±hh:mm) and a real date and time. */
export function isInstant(value: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!match || !isCalendarDate(match[1])) return false;
  const [hh, mm, ss] = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  return hh < 24 && mm < 60 && ss < 60 && !Number.isNaN(new Date(value).getTime());
}

/**
 * The first instant (ms since the epoch) of a plan date in `timeZone`: its local midnight, or the first instant
 * after a transition that skipped it. Found by bisection on `planDate`, which is monotone in the instant.
 */
export function planDateStart(date: string, timeZone: string): number {
  let low = Date.parse(`${date}T00:00:00Z`) - 15 * HOUR_MS; // every zone's offset is within ±14 h
  let high = low + 30 * HOUR_MS;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (planDate(new Date(middle), timeZone) >= date) high = middle;
    else low = middle;
  }
  return high;
}

const clocks = new Map<string, { format: Intl.DateTimeFormat; hours: Map<number, LocalClock | null> }>();

interface LocalClock {
  weekday: number;
  minute: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatClock(format: Intl.DateTimeFormat, time: number): LocalClock {
  const parts = format.formatToParts(time);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return { weekday: WEEKDAYS.indexOf(part('weekday')), minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

/** The local clock `minutes` after `start`, when the offset does not change between them. */
function advance(start: LocalClock, minutes: number): LocalClock {
  const minute = start.minute + minutes;
  return minute < 1440
    ? { weekday: start.weekday, minute }
    : { weekday: (start.weekday + 1) % 7, minute: minute - 1440 };
}

/**
 * The local weekday (0 = Sunday) and minute of the day of an instant in `timeZone`. Like `planDate`, each UTC hour of
 * each zone is formatted once (its first minute; the rest follow by adding minutes); an hour in which the zone's
 * offset changes is formatted instant by instant.
 */
export function localClock(instant: string | Date, timeZone: string): LocalClock {
  const time = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  let zone = clocks.get(timeZone);
  if (!zone) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
    });
    zone = { format, hours: new Map() };
    clocks.set(timeZone, zone);
  }
  const hour = Math.floor(time / HOUR_MS);
  let start = zone.hours.get(hour);
  if (start === undefined) {
    const first = formatClock(zone.format, hour * HOUR_MS);
    const last = formatClock(zone.format, hour * HOUR_MS + HOUR_MS - 1);
    const steady = JSON.stringify(advance(first, 59)) === JSON.stringify(last);
    start = steady ? first : null;
    if (zone.hours.size >= 200_000) zone.hours.clear();
    zone.hours.set(hour, start);
  }
  if (start === null) return formatClock(zone.format, time);
  return advance(start, Math.floor((time - hour * HOUR_MS) / 60_000));
}
