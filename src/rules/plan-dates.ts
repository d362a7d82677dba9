/**
 * Calendar dates in the plan's reporting time zone (api.md: dates are YYYY-MM-DD in LEDGER_TIMEZONE).
 * A disclosure at 2024-03-01T03:00Z happened on 2024-02-29 in New York: every date rule compares these.
 */
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

interface Zone {
  /** formats an instant as the plan date, YYYY-MM-DD (instants of a day in which the offset changes) */
  date: Intl.DateTimeFormat;
  /** the local wall-clock time to the second, for the zone's offset */
  clock: Intl.DateTimeFormat;
  /** the local weekday, hour and minute (instants of a day in which the offset changes) */
  weekdayClock: Intl.DateTimeFormat;
  /** by UTC day number: the zone's offset (ms) all through that day, or null when it changes inside it */
  days: Map<number, number | null>;
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
      weekdayClock: new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        weekday: 'short',
        hour: 'numeric',
        minute: 'numeric',
      }),
      days: new Map(),
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

/**
 * The zone's offset all through the UTC day of `time`, or null when it changes inside that day. Intl formatting is
 * the costly part, so each UTC day of each zone is looked at once, at its first and last millisecond: a day on which
 * the offset changes (a DST or other transition, a few days a year) is formatted instant by instant; on every other
 * day local time is UTC plus one offset, and dates and clocks follow by arithmetic. (This assumes no zone changes its
 * offset and back within one UTC day; the specs hold both functions equal to Intl around every transition they try.)
 */
function steadyOffset(zone: Zone, time: number): number | null {
  const day = Math.floor(time / DAY_MS);
  let offset = zone.days.get(day);
  if (offset === undefined) {
    const start = day * DAY_MS;
    const first = offsetAt(zone, start);
    offset = offsetAt(zone, start + DAY_MS - 1) === first ? first : null;
    if (zone.days.size >= 200_000) zone.days.clear(); // ~550 years of days
    zone.days.set(day, offset);
  }
  return offset;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * The plan date of an instant: its calendar date in `timeZone`, as Intl formats it (src/rules/plan-dates.spec.ts holds
 * it equal to Intl for instants around midnights and transitions in zones with half- and quarter-hour offsets,
 * 30-minute DST, midnight transitions and a skipped day).
 */
export function planDate(instant: string | Date, timeZone: string): string {
  const time = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const zone = zoneOf(timeZone);
  const offset = steadyOffset(zone, time);
  if (offset === null) return zone.date.format(time);
  const local = new Date(time + offset); // the local wall clock, read as UTC
  const year = local.getUTCFullYear();
  if (year < 1000 || year > 9999) return zone.date.format(time); // Intl's own spelling of such years
  return `${year}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}`;
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

interface LocalClock {
  weekday: number;
  minute: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * The local weekday (0 = Sunday) and minute of the day of an instant in `timeZone`. Like `planDate`, by arithmetic on
 * a day with one offset; a day on which the offset changes is formatted instant by instant.
 */
export function localClock(instant: string | Date, timeZone: string): LocalClock {
  const time = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const zone = zoneOf(timeZone);
  const offset = steadyOffset(zone, time);
  if (offset === null) {
    const parts = zone.weekdayClock.formatToParts(time);
    const part = (type: string) => parts.find((p) => p.type === type)!.value;
    return { weekday: WEEKDAYS.indexOf(part('weekday')), minute: Number(part('hour')) * 60 + Number(part('minute')) };
  }
  const local = time + offset;
  const day = Math.floor(local / DAY_MS);
  return { weekday: (((day + 4) % 7) + 7) % 7, minute: Math.floor((local - day * DAY_MS) / 60_000) }; // 1970-01-01: a Thursday
}
