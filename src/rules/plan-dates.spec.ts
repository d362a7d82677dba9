import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isCalendarDate, isInstant, localClock, planDate, planDateStart } from './plan-dates.js';

/** The reference: Intl's calendar date of the instant in the zone, formatted on its own. */
const intlDate = (time: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(time);

const HOUR = 3_600_000;
/** Zones whose local midnights and transitions fall at awkward instants. */
const ZONES = [
  'America/New_York',
  'UTC',
  'Europe/London', // the default plan zone; no offset; DST at 01:00 UTC
  'America/St_Johns', // −3:30, DST at 02:00 local
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Chatham', // +5:30, +5:45, +12:45/+13:45
  'Australia/Lord_Howe', // 30-minute DST
  'America/Havana',
  'America/Asuncion',
  'America/Santiago', // transitions at local midnight
  'Pacific/Apia', // skipped 2011-12-30 entirely (−10 → +14)
  'Africa/Casablanca', // DST suspended during Ramadan
];

describe("plan dates (the calendar date of an instant in the plan's time zone)", () => {
  it('a disclosure at 2024-03-01T03:00Z happened on 2024-02-29 in New York', () => {
    expect(planDate('2024-03-01T03:00:00Z', 'America/New_York')).toBe('2024-02-29');
    expect(planDate('2024-03-01T05:00:00Z', 'America/New_York')).toBe('2024-03-01');
    expect(planDate(new Date('2024-03-01T04:59:59.999Z'), 'America/New_York')).toBe('2024-02-29');
  });

  it('Apia has no 2011-12-30: the last second of the 29th is followed by the 31st', () => {
    const skip = Date.parse('2011-12-30T10:00:00Z');
    expect(planDate(new Date(skip - 1000), 'Pacific/Apia')).toBe('2011-12-29');
    expect(planDate(new Date(skip), 'Pacific/Apia')).toBe('2011-12-31');
  });

  it('equals Intl for any instant, in particular around local midnights and transitions, in every zone', () => {
    // instants near whole, half and quarter hours (where midnights and transitions fall), and anywhere
    const nearBoundary = fc
      .tuple(
        fc.integer({ min: 175_000, max: 622_000 }),
        fc.constantFrom(0, 15, 30, 45),
        fc.integer({ min: -90_000, max: 90_000 }),
      )
      .map(([hour, minute, ms]) => hour * HOUR + minute * 60_000 + ms);
    const anywhere = fc.integer({ min: Date.parse('1990-01-01'), max: Date.parse('2040-12-31') });
    fc.assert(
      fc.property(fc.oneof(nearBoundary, anywhere), fc.constantFrom(...ZONES), (time, zone) => {
        expect(planDate(new Date(time), zone)).toBe(intlDate(time, zone));
      }),
      { numRuns: 20_000, seed: 164528 },
    );
  });

  it('equals Intl at every minute of each UTC day of 2024 with a transition (New York, Lord Howe, Santiago, Asuncion)', () => {
    const offset = (time: number, zone: string) =>
      new Date(time).toLocaleString('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).split('GMT')[1];
    let checked = 0;
    for (const zone of ['America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'America/Asuncion']) {
      for (let day = Date.parse('2024-01-01T00:00:00Z'); day < Date.parse('2025-01-01T00:00:00Z'); day += 24 * HOUR) {
        if (offset(day, zone) === offset(day + 24 * HOUR - 1, zone)) continue;
        for (let t = day; t < day + 24 * HOUR; t += 60_000) expect(planDate(new Date(t), zone)).toBe(intlDate(t, zone));
        checked++;
      }
    }
    expect(checked).toBe(8); // two transitions a year in each zone
  });
});

describe('date and instant syntax', () => {
  it('a calendar date is a real date written YYYY-MM-DD', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-13-01')).toBe(false);
    expect(isCalendarDate('2024-1-01')).toBe(false);
  });

  it('a calendar date is exactly what Date reads back as the same date (any 10 characters, and every day of 1900-2100)', () => {
    const byDate = (v: string) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
      const date = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === v;
    };
    const chars = fc.constantFrom(...'0123456789-/ T'.split(''));
    const near = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.oneof(
          near,
          fc.array(chars, { minLength: 10, maxLength: 10 }).map((a) => a.join('')),
          fc.string(),
        ),
        (v) => {
          expect(isCalendarDate(v)).toBe(byDate(v));
        },
      ),
      { numRuns: 20_000, seed: 164528 },
    );
    let t = Date.parse('1900-01-01');
    while (t < Date.parse('2100-01-01') && isCalendarDate(new Date(t).toISOString().slice(0, 10))) t += 86_400_000;
    expect(new Date(t).toISOString().slice(0, 10)).toBe('2100-01-01');
  });

  it('an instant has an explicit offset and a real date and time', () => {
    expect(isInstant('2024-02-29T23:59:59Z')).toBe(true);
    expect(isInstant('2024-02-29T23:59:59.123456789+05:45')).toBe(true);
    expect(isInstant('2024-02-29T23:59:59')).toBe(false);
    expect(isInstant('2024-02-29T24:00:00Z')).toBe(false);
    expect(isInstant('2023-02-29T10:00:00Z')).toBe(false);
  });
});

describe('planDateStart: the first instant of a plan date', () => {
  it.each([
    ['2026-03-04', 'America/New_York', '2026-03-04T05:00:00.000Z'], // EST
    ['2026-07-04', 'America/New_York', '2026-07-04T04:00:00.000Z'], // EDT
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'], // the DST day starts at EST midnight
    ['2026-01-01', 'Asia/Kolkata', '2025-12-31T18:30:00.000Z'], // +05:30
    ['2011-12-30', 'Pacific/Apia', '2011-12-30T10:00:00.000Z'], // skipped: the next day's start
  ])('%s in %s starts at %s', (date, zone, instant) => {
    expect(new Date(planDateStart(date, zone)).toISOString()).toBe(instant);
  });
});

describe('localClock: weekday and minute of the day in the zone', () => {
  it('2026-03-04T23:59Z is Wednesday 18:59 in New York', () => {
    expect(localClock('2026-03-04T23:59:00Z', 'America/New_York')).toEqual({ weekday: 3, minute: 18 * 60 + 59 });
  });
  it('2026-03-05T00:30Z is Thursday 06:00 in Kolkata', () => {
    expect(localClock('2026-03-05T00:30:00Z', 'Asia/Kolkata')).toEqual({ weekday: 4, minute: 6 * 60 });
  });
});

describe('localClock agrees with Intl instant by instant', () => {
  const intl = (zone: string) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
    });
  it.each(['America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia', 'UTC'])(
    '%s, around midnights and offset changes',
    (zone) => {
      const format = intl(zone);
      fc.assert(
        fc.property(
          fc.integer({ min: Date.parse('2010-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') }),
          (t) => {
            const parts = format.formatToParts(t);
            const part = (type: string) => parts.find((p) => p.type === type)!.value;
            const expected = {
              weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(part('weekday')),
              minute: Number(part('hour')) * 60 + Number(part('minute')),
            };
            expect(localClock(new Date(t), zone)).toEqual(expected);
          },
        ),
        { numRuns: 3000 },
      );
      // and every 31 minutes through 2026 (each hour twice): every transition of the year, whole and half hours alike
      for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 31 * 60_000) {
        const parts = format.formatToParts(t);
        const part = (type: string) => parts.find((p) => p.type === type)!.value;
        const minute = Number(part('hour')) * 60 + Number(part('minute'));
        const got = localClock(new Date(t), zone);
        if (got.minute !== minute)
          expect([new Date(t).toISOString(), got.minute]).toEqual([new Date(t).toISOString(), minute]);
      }
    },
  );
});
